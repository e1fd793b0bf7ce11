package io.scimrouter.bench.load;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The outcome of one load run, warm-up excluded. Latencies are in milliseconds, measured from each request's
 * intended start time.
 *
 * @param issued    requests whose intended start fell in the measured window
 * @param completed answers received for them (any status)
 * @param ok        answers with a 2xx or 3xx status
 * @param errors    failures by status code, or by {@code timeout}, {@code connection-closed}, {@code not-sent}
 * @param firstFailures the first failed requests, e.g. {@code 404 GET /scim/v2/p1/e1/Users/u-1}
 */
public record LoadReport(
        String scenario,
        String target,
        String mode,
        double rate,
        int connections,
        double elapsedSeconds,
        long issued,
        long completed,
        long ok,
        Map<String, Long> errors,
        double throughput,
        double megabytesPerSecond,
        Latency latency,
        List<PercentilePoint> curve,
        List<String> firstFailures) {

    public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                    ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                    ms(micros.getMaxValue()), micros.getMean() / 1000.0);
        }
    }

    /** One point of the percentile curve, as HdrHistogram's percentile distribution prints it. */
    public record PercentilePoint(double percentile, double millis) {
    }

    /** Failed answers and requests as a share of all measured ones, in percent (0 when none were measured). */
    public double errorPercent() {
        long failed = errorCount();
        long all = ok + failed;
        return all == 0 ? 0 : 100.0 * failed / all;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    static List<PercentilePoint> curveOf(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return List.of();
        }
        java.util.ArrayList<PercentilePoint> points = new java.util.ArrayList<>();
        for (HistogramIterationValue v : micros.percentiles(5)) {
            points.add(new PercentilePoint(v.getPercentileLevelIteratedTo(), ms(v.getValueIteratedTo())));
        }
        return List.copyOf(points);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
