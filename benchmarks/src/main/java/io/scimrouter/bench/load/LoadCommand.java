package io.scimrouter.bench.load;

import io.scimrouter.bench.cli.DurationConverter;
import io.scimrouter.bench.cli.EmbeddedDemo;
import io.scimrouter.bench.cli.TokenOptions;
import io.scimrouter.bench.cli.UsageException;
import io.scimrouter.bench.http.ScimHttpClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
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
            "Without --base-url it starts the router with its embedded demo in this process (tenants acme and",
            "globex, token demo-token) and loads that: try 'load --duration 10s'. Scenarios that address users or",
            "groups by id create them first (--setup), and what the run created is deleted afterwards.",
            "",
            "Soak: --watch PID samples the resident memory and CPU of a local process (the router under test)",
            "every --sample-every, prints RSS at start, after warm-up, peak and end, and writes the time series",
            "with --series FILE (CSV).",
            "",
            "Exit status: 0 error share within --max-error-rate, 1 over it (the first failing requests are listed),",
            "2 usage or connection error.",
            "",
            "Example: load --base-url https://scim.example.com/scim/v2/p1/e1 --token-env SCIM_TOKEN --tenant acme",
            "         --scenario provisioning-mix --rate 200 --duration 60s"})
public final class LoadCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    static final double DEFAULT_RATE = 100;
    static final double EMBEDDED_RATE = 20;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "service root, e.g. https://host/scim/v2/p1/e1 (default: the embedded demo, started in "
                    + "this process)")
    private URI baseUrl;

    @Mixin
    private TokenOptions tokenOptions = new TokenOptions();

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "bearer token itself (prefer --token-env or --token-file: this one lands in the shell "
                    + "history)")
    private String token;

    @Option(names = "--insecure", description = "https: accept any certificate (test certificates only)")
    private boolean insecure;

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

    @Option(names = "--tenant", paramLabel = "KEY",
            description = "spread requests over <base>/v2/KEY for each KEY given (instead of --tenants)")
    private List<String> tenantKeys = new ArrayList<>();

    @Option(names = "--setup", defaultValue = "auto", paramLabel = "auto|none",
            description = "auto: create the users and groups the scenario addresses by id first, delete them and "
                    + "what the run created afterwards; none: address synthetic ids u-N, g-N (the stub backend's) "
                    + "(default: ${DEFAULT-VALUE})")
    private String setup;

    @Option(names = "--max-error-rate", defaultValue = "1", paramLabel = "PERCENT",
            description = "exit 1 when more than this share of requests fails (default: ${DEFAULT-VALUE} %%)")
    private double maxErrorRate;

    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "arrivals per second; 0 for closed loop at full speed (default: 100; 20 against the "
                    + "embedded demo, an in-memory service not built for speed)")
    private Double rate;

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

    @Option(names = "--watch", paramLabel = "PID",
            description = "soak: sample the RSS and CPU of this local process over the run (Linux /proc)")
    private Long watchPid;

    @Option(names = "--sample-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "soak: time between samples of --watch (default: ${DEFAULT-VALUE})")
    private Duration sampleEvery;

    @Option(names = "--series", paramLabel = "FILE",
            description = "soak: write the samples of --watch as CSV to this file")
    private Path series;

    @Override
    public Integer call() throws Exception {
        if (series != null && watchPid == null) {
            throw new UsageException("--series needs --watch PID");
        }
        if (watchPid != null && !java.nio.file.Files.isReadable(Path.of("/proc", watchPid.toString(), "status"))) {
            throw new UsageException("--watch " + watchPid + ": no such process (or no /proc to read it from)");
        }
        if (!setup.equals("auto") && !setup.equals("none")) {
            throw new UsageException("--setup must be auto or none, got '" + setup + "'");
        }
        if (maxErrorRate < 0 || maxErrorRate > 100) {
            throw new UsageException("--max-error-rate is a percentage from 0 to 100, got " + maxErrorRate);
        }
        EmbeddedDemo demo = null;
        try {
            LoadOptions options;
            if (baseUrl == null) {
                if (token != null || tokenOptions.given()) {
                    throw new UsageException("a token option needs --base-url (the embedded demo's is demo-token)");
                }
                demo = EmbeddedDemo.start();
                options = options(demo.baseUrl(), EmbeddedDemo.TOKEN,
                        tenantKeys.isEmpty() && tenants == 0 ? EmbeddedDemo.TENANTS : tenantKeys, true);
            } else {
                if (token != null && tokenOptions.given()) {
                    throw new UsageException("give one of --token, --token-env, --token-file");
                }
                options = options(baseUrl, token != null ? token : tokenOptions.resolve(System.getenv()).orElse(null),
                        tenantKeys, false);
            }
            return run(options, demo != null);
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    private LoadOptions options(URI target, String bearer, List<String> keys, boolean embedded) {
        double arrivals = rate != null ? rate : embedded ? EMBEDDED_RATE : DEFAULT_RATE;
        return new LoadOptions(target, bearer, scenario, keys.isEmpty() ? tenants : 0, tenantPrefix, arrivals,
                connections, warmup, duration, maxRequests > 0 ? maxRequests : Long.MAX_VALUE, timeout, keys,
                insecure);
    }

    private int run(LoadOptions options, boolean embedded) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        err.println("load: " + options.describe() + (embedded ? " (the embedded demo, in this process)" : ""));
        FixtureSetup setupStep = new FixtureSetup(options, new ScimHttpClient(options.token(), options.insecure(),
                options.timeout()));
        Fixtures fixtures = setup.equals("auto") ? setupStep.create() : setupStep.none();
        LoadReport report;
        ProcessCpuWatch cpu = new ProcessCpuWatch(cpuOf);
        SoakWatch soak = watchPid == null ? null : new SoakWatch(watchPid, sampleEvery);
        if (soak != null) {
            soak.start();
        }
        try {
            report = new LoadGenerator(options, fixtures).run(p -> {
                if (soak != null) {
                    soak.progress(p.warmingUp(), p.answered(), p.errors());
                }
                if (!quiet) {
                    err.println(progressLine(p));
                    err.flush();
                }
            }, cpuOf.isEmpty() ? LoadGenerator.MeasurementWindow.NONE : cpu);
        } finally {
            if (setup.equals("auto")) {
                FixtureSetup.Cleanup cleanup = setupStep.cleanUp(fixtures);
                err.println("load: cleanup removed " + cleanup.removed() + " users and groups"
                        + (cleanup.problems().isEmpty() ? "" : "; problems: " + String.join("; ",
                        cleanup.problems().subList(0, Math.min(3, cleanup.problems().size())))));
            }
        }
        err.flush();
        stdout.print(ReportFormat.table(report));
        OptionalDouble cpuSeconds = cpu.cpuSeconds();
        if (cpuSeconds.isPresent()) {
            stdout.printf(Locale.ROOT, "%-12s %.2f s for %s, %.3f s per 10k answers%n", "cpu",
                    cpuSeconds.getAsDouble(), cpuOf, perTenThousand(cpuSeconds.getAsDouble(), report.completed()));
        }
        if (soak != null) {
            soak.finish(report.completed(), report.errorCount());
            stdout.print(soak.table());
            if (series != null) {
                soak.writeCsv(series);
            }
        }
        if (out != null) {
            ReportFormat.writeJson(report, cpuSeconds, out);
        }
        int exit = verdict(report, maxErrorRate, stdout);
        stdout.flush();
        return exit;
    }

    /** 0 when the error share is within the bound, else 1 with the first failing requests listed. */
    static int verdict(LoadReport report, double maxErrorPercent, PrintWriter out) {
        if (report.completed() == 0) {
            out.println("result: no answer at all (exit 1)");
            return 1;
        }
        if (report.errorPercent() <= maxErrorPercent) {
            out.printf(Locale.ROOT, "result: %.2f %% errors, within --max-error-rate %s %% (exit 0)%n",
                    report.errorPercent(), ReportFormat.number(maxErrorPercent));
            return 0;
        }
        out.printf(Locale.ROOT, "result: %.2f %% errors, over --max-error-rate %s %% (exit 1); first failures:%n",
                report.errorPercent(), ReportFormat.number(maxErrorPercent));
        for (String failure : report.firstFailures()) {
            out.println("  " + failure);
        }
        return 1;
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
            try {
                return Scenario.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
