package io.scimrouter.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A scrape read by the Prometheus client library's own parsers (Python's {@code prometheus_client}: the text format
 * parser, and the strict OpenMetrics one), not by a regular expression: what does not parse fails the test. Needs
 * {@code python3} with {@code prometheus_client} (Debian: python3-prometheus-client, installed by .ci/run).
 *
 * <p>Samples are keyed {@code name{label=value,...}} with the labels sorted, e.g.
 * {@code scim_router_requests_total{method=GET,route=legacy,status=2xx}}.
 */
public final class PrometheusText {
    private static final String SCRIPT = String.join("\n",
            "import sys",
            "if sys.argv[1] == 'openmetrics':",
            "    from prometheus_client.openmetrics.parser import text_string_to_metric_families",
            "else:",
            "    from prometheus_client.parser import text_string_to_metric_families",
            "for family in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in family.samples:",
            "        labels = ','.join(k + '=' + v for k, v in sorted(s.labels.items()))",
            "        print(family.type + '\\t' + s.name + '\\t' + labels + '\\t' + repr(float(s.value)))",
            "");

    private final Map<String, Double> samples;
    private final Map<String, String> types;

    private PrometheusText(Map<String, Double> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    /** Parses Prometheus text format. */
    public static PrometheusText parse(String scrape) throws IOException, InterruptedException {
        return run("prometheus", scrape);
    }

    /** Parses OpenMetrics text, strictly (the {@code # EOF} line included). */
    public static PrometheusText parseOpenMetrics(String scrape) throws IOException, InterruptedException {
        return run("openmetrics", scrape);
    }

    /** Every sample, by {@code name{labels}}. */
    public Map<String, Double> samples() {
        return samples;
    }

    /** The value of one sample, or null. */
    public Double value(String name, String... labels) {
        return samples.get(key(name, labels));
    }

    /** The sum over the samples of {@code name} whose labels include all of {@code labels} (k, v, ...). */
    public double sum(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                String pair = labels[i] + "=" + labels[i + 1];
                String inside = k.substring(name.length() + 1, k.length() - 1);
                all &= ("," + inside + ",").contains("," + pair + ",");
            }
            if (all) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The family type the parser read for a sample name's family ({@code counter}, {@code histogram}, ...). */
    public String type(String sampleName) {
        return types.get(sampleName);
    }

    private static double number(String python) {
        return switch (python) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(python);
        };
    }

    public static String key(String name, String... labels) {
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        StringBuilder b = new StringBuilder(name).append('{');
        sorted.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(k).append('=')
                .append(v));
        return b.append('}').toString();
    }

    private static PrometheusText run(String format, String scrape) throws IOException, InterruptedException {
        Path python = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3")
                : Path.of("python3");
        Process p = new ProcessBuilder(python.toString(), "-c", SCRIPT, format).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("the Prometheus parser (" + format + ") refused the scrape"
                    + (err.contains("No module named") ? " (install python3-prometheus-client; .ci/run does)" : "")
                    + ":\n" + err + "\n--- scrape:\n" + scrape);
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String labels = f[2];
            samples.put(f[1] + "{" + labels + "}", number(f[3]));
            types.put(f[1], f[0]);
        }
        return new PrometheusText(samples, types);
    }
}
