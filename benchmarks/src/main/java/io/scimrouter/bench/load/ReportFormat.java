package io.scimrouter.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Renders a {@link LoadReport} as a text table for people and as JSON for scripts. */
public final class ReportFormat {
    private ReportFormat() {
    }

    public static String table(LoadReport r) {
        StringBuilder out = new StringBuilder();
        line(out, "scenario", r.scenario());
        line(out, "target", r.target());
        line(out, "mode", r.mode().equals("open")
                ? String.format(Locale.ROOT, "open loop, %.0f req/s, %d connections", r.rate(), r.connections())
                : String.format(Locale.ROOT, "closed loop, %d connections", r.connections()));
        line(out, "measured", String.format(Locale.ROOT, "%.2f s, %d issued, %d answered, %d ok",
                r.elapsedSeconds(), r.issued(), r.completed(), r.ok()));
        line(out, "throughput", String.format(Locale.ROOT, "%.1f req/s, %.2f MB/s received",
                r.throughput(), r.megabytesPerSecond()));
        LoadReport.Latency l = r.latency();
        line(out, "latency ms", String.format(Locale.ROOT,
                "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f",
                l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean()));
        if (r.errors().isEmpty()) {
            line(out, "errors", "none");
        } else {
            StringBuilder errors = new StringBuilder();
            for (Map.Entry<String, Long> e : r.errors().entrySet()) {
                errors.append(e.getKey()).append(": ").append(e.getValue()).append("  ");
            }
            line(out, "errors", String.format(Locale.ROOT, "%s (%.2f %%)", errors.toString().trim(),
                    r.errorPercent()));
        }
        return out.toString();
    }

    /** 1 as {@code 1}, 0.5 as {@code 0.5}: how a percentage option reads back. */
    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-12s %s%n", label, value));
    }

    public static void writeJson(LoadReport r, Path file) throws IOException {
        writeJson(r, OptionalDouble.empty(), file);
    }

    /** With {@code watchedCpuSeconds}, the CPU the {@code --cpu-of} processes used in the measured window. */
    public static void writeJson(LoadReport r, OptionalDouble watchedCpuSeconds, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("scenario", r.scenario());
            g.writeStringField("target", r.target());
            g.writeStringField("mode", r.mode());
            g.writeNumberField("rate", r.rate());
            g.writeNumberField("connections", r.connections());
            g.writeNumberField("elapsedSeconds", r.elapsedSeconds());
            g.writeNumberField("issued", r.issued());
            g.writeNumberField("completed", r.completed());
            g.writeNumberField("ok", r.ok());
            g.writeNumberField("throughput", r.throughput());
            g.writeNumberField("megabytesPerSecond", r.megabytesPerSecond());
            if (watchedCpuSeconds.isPresent()) {
                g.writeNumberField("watchedCpuSeconds", watchedCpuSeconds.getAsDouble());
            }
            g.writeObjectFieldStart("errors");
            for (Map.Entry<String, Long> e : r.errors().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("errorPercent", r.errorPercent());
            g.writeArrayFieldStart("firstFailures");
            for (String failure : r.firstFailures()) {
                g.writeString(failure);
            }
            g.writeEndArray();
            LoadReport.Latency l = r.latency();
            g.writeObjectFieldStart("latencyMs");
            g.writeNumberField("p50", l.p50());
            g.writeNumberField("p90", l.p90());
            g.writeNumberField("p99", l.p99());
            g.writeNumberField("p99.9", l.p999());
            g.writeNumberField("max", l.max());
            g.writeNumberField("mean", l.mean());
            g.writeEndObject();
            g.writeArrayFieldStart("percentileCurve");
            for (LoadReport.PercentilePoint p : r.curve()) {
                g.writeStartArray();
                g.writeNumber(p.percentile());
                g.writeNumber(p.millis());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
