package io.scimrouter.bench.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chart}: latency percentile curves of several {@code load --out} reports in one SVG. */
@Command(name = "chart", mixinStandardHelpOptions = true,
        description = {"Write an SVG of latency percentile curves from load reports.",
                "Example: chart --out latest.svg direct=direct.json nginx=nginx.json"})
public final class ChartCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "SVG file to write")
    private Path out;

    @Option(names = "--title", defaultValue = "Latency by percentile", description = "chart title")
    private String title;

    @Parameters(arity = "1..*", paramLabel = "LABEL=REPORT.json", description = "one curve per load report")
    private List<String> reports;

    @Override
    public Integer call() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<PercentileChart.Series> series = new ArrayList<>();
        for (String spec : reports) {
            int eq = spec.indexOf('=');
            String label = eq > 0 ? spec.substring(0, eq) : spec;
            Path file = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
            JsonNode curve = mapper.readTree(file.toFile()).path("percentileCurve");
            List<double[]> points = new ArrayList<>();
            for (JsonNode point : curve) {
                points.add(new double[] {point.get(0).asDouble(), point.get(1).asDouble()});
            }
            series.add(new PercentileChart.Series(label, points));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, PercentileChart.svg(title, series), StandardCharsets.UTF_8);
        return 0;
    }
}
