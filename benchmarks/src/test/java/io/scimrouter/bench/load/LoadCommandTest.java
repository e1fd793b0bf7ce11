package io.scimrouter.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimrouter.Router;
import io.scimrouter.bench.BenchMain;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.demo.DemoScimService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** load's command line: out of the box, exit status on error rates, https, one-line errors, help everywhere. */
class LoadCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run load(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("load", "--quiet"));
        all.addAll(List.of(args));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void noTarget_loadsTheEmbeddedDemosTenants_creatingAndRemovingWhatTheScenarioNeeds() {
        Run run = load("--duration", "2s", "--scenario", "provisioning-mix");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("tenants=2 (the embedded demo, in this process)")
                .containsPattern("cleanup removed \\d+ users and groups\\n");
        assertThat(run.out()).contains("errors       none").contains("result: 0.00 % errors");
        assertThat(run.out()).containsPattern("measured .* 40 issued, 40 answered, 40 ok");
    }

    /** Against a real router and demo with --setup none: GET u-N finds nobody, 404 every time. */
    @Test
    void errorShareOverTheBound_exit1_withTheFirstFailingUrls_withinIt_exit0() throws Exception {
        try (DemoScimService demo = DemoScimService.start(DemoScimService.Options.defaults());
                Router router = new Router(ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "0",
                        "SCIM_ROUTER_ADMIN_PORT", "-1", "SCIM_ROUTER_BACKEND_URL", demo.origin()))).start()) {
            String base = "http://127.0.0.1:" + router.port() + "/scim/v2/demo/dev";
            java.nio.file.Path token = java.nio.file.Files.createTempFile("token", "");
            java.nio.file.Files.writeString(token, "demo-token");

            Run over = load("--base-url", base, "--token-file", token.toString(), "--setup", "none", "--rate", "20",
                    "--duration", "1s", "--tenant", "acme");
            Run within = load("--base-url", base, "--token-file", token.toString(), "--setup", "none", "--rate",
                    "20", "--duration", "1s", "--max-error-rate", "100");
            java.nio.file.Files.delete(token);

            assertThat(over.exit()).as(over.out() + over.err()).isEqualTo(1);
            assertThat(over.out()).contains("errors       404: 20 (100.00 %)")
                    .contains("result: 100.00 % errors, over --max-error-rate 1 % (exit 1); first failures:");
            // listed as the answers came, which need not be the order they were sent in
            assertThat(over.out().lines().filter(l -> l.startsWith("  ")).toList()).hasSize(10)
                    .allSatisfy(l -> assertThat(l)
                            .matches("  404 GET /scim/v2/demo/dev/v2/acme/Users/u-([1-9]|1\\d|20)"))
                    .doesNotHaveDuplicates();
            assertThat(within.exit()).as(within.out() + within.err()).isZero();
            assertThat(within.out()).contains("within --max-error-rate 100 %");
        }
    }

    @Test
    void httpsWithATestCertificate_worksWithInsecure_andIsOneClearLineWithout() throws Exception {
        try (TlsScimServer server = new TlsScimServer()) {
            Run insecure = load("--base-url", server.baseUrl(), "--insecure", "--setup", "none", "--rate", "50",
                    "--duration", "1s");
            Run checked = load("--base-url", server.baseUrl(), "--setup", "none", "--rate", "50", "--duration",
                    "1s");

            assertThat(insecure.exit()).as(insecure.out() + insecure.err()).isZero();
            assertThat(insecure.out()).contains("50 issued, 50 answered, 50 ok");
            assertThat(server.requests.get()).isEqualTo(50);
            assertThat(checked.exit()).as(checked.out() + checked.err()).isEqualTo(2);
            assertThat(checked.err().lines().filter(l -> !l.startsWith("load: get-user")).toList())
                    .singleElement().satisfies(line -> assertThat(line)
                            .startsWith("load: TLS handshake with 127.0.0.1:")
                            .endsWith("(--insecure accepts test certificates)"));
            assertThat(server.requests.get()).isEqualTo(50);
        }
    }

    @Test
    void unreachableTargetAndBadOptions_oneLineEach_exit2() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<List<String>> bad = List.of(
                List.of("--base-url", "http://127.0.0.1:" + port + "/scim/v2/p1/e1", "--setup", "none",
                        "--duration", "1s"),
                List.of("--base-url", "http://127.0.0.1:" + port + "/scim/v2/p1/e1", "--duration", "1s"),
                List.of("--base-url", "ftp://127.0.0.1/x", "--setup", "none"),
                List.of("--scenario", "nope"),
                List.of("--duration", "soon"),
                List.of("--setup", "maybe"),
                List.of("--rate", "-1", "--base-url", "http://127.0.0.1:1/x", "--setup", "none"),
                List.of("--max-error-rate", "101"),
                List.of("--no-such-option"));
        for (List<String> args : bad) {
            Run run = load(args.toArray(String[]::new));

            assertThat(run.exit()).as("%s: %s", args, run.err()).isEqualTo(2);
            List<String> lines = run.err().lines().filter(l -> !l.startsWith("load: get-user ")).toList();
            assertThat(lines).as("%s", args).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("load: ").doesNotContain("Exception"));
        }
        assertThat(load("--base-url", "http://127.0.0.1:" + port + "/x", "--setup", "none", "--duration", "1s")
                .err()).contains("load: cannot connect to 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void everySubcommandsHelp_exit0_fromTheRealMain() throws Exception {
        for (String command : List.of("verify", "load", "stub-backend", "chart", "jmh")) {
            Process p = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), command,
                    "--help")).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as("%s --help: %s", command, output).isZero();
            assertThat(output).as(command).startsWith("Usage: scim-router-bench " + command);
        }
    }

    /** The demo service's own view: nothing the embedded run created is left (it is a fresh demo each run). */
    static int totalUsers(String baseUrl, String tenant) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl
                + "/Users")).header("Authorization", "Bearer demo-token").header("X-Tenant-Id", tenant).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("totalResults").asInt(-1);
    }

    /** Soak mode against the embedded demo, watching this JVM (the demo runs in it): the summary and the CSV. */
    @Test
    void soak_watchesAProcess_printsRssAndCpu_andWritesTheTimeSeries() throws Exception {
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("soak", ".csv");
        try {
            Run run = load("--duration", "3s", "--scenario", "provisioning-mix", "--watch",
                    Long.toString(ProcessHandle.current().pid()), "--sample-every", "1s", "--series", csv.toString());

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).containsPattern("soak +pid \\d+, \\d+ samples")
                    .containsPattern("rss MiB +start [0-9.]+  after warm-up [0-9.]+  peak [0-9.]+  end [0-9.]+")
                    .containsPattern("cpu +[0-9.]+ s, [0-9.]+ % of a core on average");
            List<String> rows = java.nio.file.Files.readAllLines(csv);
            assertThat(rows.get(0))
                    .isEqualTo("elapsed_s,warming_up,answered,errors,req_per_s,rss_mib,cpu_percent,cpu_s");
            assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
            assertThat(rows.get(rows.size() - 1)).matches("[0-9.]+,false,60,0,.*");
        } finally {
            java.nio.file.Files.deleteIfExists(csv);
        }
    }

    @Test
    void series_withoutWatch_isAUsageError() {
        Run run = load("--series", "x.csv", "--duration", "1s");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--series needs --watch PID");
    }
}
