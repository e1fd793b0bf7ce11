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
        List<PercentilePoint> curve) {

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
