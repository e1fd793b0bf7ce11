package io.scimrouter.bench.load;

import io.scimrouter.bench.cli.DurationConverter;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code load}: play IdP-like SCIM traffic against a base URL and report throughput and latency. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Open-loop SCIM load generator. Requests start at a constant arrival rate whatever the server does;",
            "latency is measured from each request's intended start, so queueing behind a slow server counts.",
            "--rate 0 switches to closed loop: every connection sends its next request when the answer is in.",
            "",
            "Scenarios: get-user, list-filter, create-user, patch-group-members, provisioning-mix",
            "(filter lookup, create, group membership patch, later deactivate).",
            "",
            "Example: load --base-url http://127.0.0.1:8080/scim/v2/p1/e1 --tenants 10 --rate 500 --duration 30s"})
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--base-url", required = true,
            description = "service root, e.g. http://127.0.0.1:8080/scim/v2/p1/e1 (http only)")
    private URI baseUrl;

    @Option(names = "--token", description = "bearer token sent as Authorization: Bearer <token>")
    private String token;

    @Option(names = "--scenario", defaultValue = "get-user", converter = ScenarioConverter.class,
            description = "what to send (default: ${DEFAULT-VALUE})")
    private Scenario scenario;

    @Option(names = "--tenants", defaultValue = "0",
            description = "0: plain base URL; N: spread requests over <base>/v2/<prefix>1..N "
                    + "(default: ${DEFAULT-VALUE})")
    private int tenants;

    @Option(names = "--tenant-prefix", defaultValue = "tenant-",
            description = "tenant key prefix for --tenants (default: ${DEFAULT-VALUE})")
    private String tenantPrefix;

    @Option(names = "--rate", defaultValue = "100",
            description = "arrivals per second; 0 for closed loop at full speed (default: ${DEFAULT-VALUE})")
    private double rate;

    @Option(names = "--connections", defaultValue = "16",
            description = "keep-alive connections, one request in flight each (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "traffic before measuring starts, not reported (default: ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "measured time (default: ${DEFAULT-VALUE})")
    private Duration duration;

    @Option(names = "--max-requests", defaultValue = "0",
            description = "stop issuing after this many requests, warm-up included; 0 for no cap")
    private long maxRequests;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "per request, and the longest drain after the last one (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--out", description = "also write the report as JSON to this file")
    private Path out;

    @Option(names = "--quiet", description = "no progress line")
    private boolean quiet;

    @Option(names = "--cpu-of", split = ",", paramLabel = "PID",
            description = "also report the CPU seconds these local processes use in the measured window (Linux)")
    private List<Long> cpuOf = List.of();

    @Override
    public Integer call() throws Exception {
        LoadOptions options = new LoadOptions(baseUrl, token, scenario, tenants, tenantPrefix, rate, connections,
                warmup, duration, maxRequests > 0 ? maxRequests : Long.MAX_VALUE, timeout);
        PrintStream err = System.err;
        err.println("load: " + options.describe());
        ProcessCpuWatch cpu = new ProcessCpuWatch(cpuOf);
        LoadReport report = new LoadGenerator(options).run(p -> {
            if (!quiet) {
                err.println(progressLine(p));
            }
        }, cpuOf.isEmpty() ? LoadGenerator.MeasurementWindow.NONE : cpu);
        System.out.print(ReportFormat.table(report));
        OptionalDouble cpuSeconds = cpu.cpuSeconds();
        if (cpuSeconds.isPresent()) {
            System.out.printf(Locale.ROOT, "%-12s %.2f s for %s, %.3f s per 10k answers%n", "cpu",
                    cpuSeconds.getAsDouble(), cpuOf, perTenThousand(cpuSeconds.getAsDouble(), report.completed()));
        }
        if (out != null) {
            ReportFormat.writeJson(report, cpuSeconds, out);
        }
        return report.completed() > 0 ? 0 : 1;
    }

    static double perTenThousand(double seconds, long answers) {
        return answers == 0 ? Double.NaN : seconds / answers * 10_000;
    }

    static String progressLine(LoadGenerator.Progress p) {
        if (p.warmingUp()) {
            return "  warming up";
        }
        return String.format(Locale.ROOT, "  %6.1fs  %9.1f req/s  p99 %8.3f ms  answered %d  errors %d  waiting %d",
                p.elapsedSeconds(), p.intervalRps(), p.p99SoFarMillis(), p.answered(), p.errors(), p.waiting());
    }

    static final class ScenarioConverter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            return Scenario.fromCliName(value);
        }
    }
}
