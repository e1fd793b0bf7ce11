package io.scimrouter.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimrouter.Router;
import io.scimrouter.bench.BenchMain;
import io.scimrouter.demo.DemoScimService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A real router in front of a fresh demo SCIM service, each optionally behind or in front of a {@link FaultyProxy},
 * and {@code verify} run in this JVM through the real command line.
 */
final class VerifyHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final FaultyProxy.Fault NONE = new FaultyProxy.Fault() {
    };

    final DemoScimService demo;
    private final FaultyProxy behind;
    private final Router router;
    private final FaultyProxy inFront;
    private final Path work;

    /** What a run printed and returned. */
    record Run(int exit, String out, String err, JsonNode report) {
        boolean hasDifference(String step, String form, String path) {
            for (JsonNode d : report.path("differences")) {
                if (d.path("step").asText().equals(step) && d.path("form").asText().equals(form)
                        && d.path("path").asText().equals(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    VerifyHarness(FaultyProxy.Fault behindRouter, FaultyProxy.Fault inFrontOfRouter) throws Exception {
        this(behindRouter, inFrontOfRouter, Map.of());
    }

    /** @param routerEnvironment more configuration for the router, as SCIM_ROUTER_* variables */
    VerifyHarness(FaultyProxy.Fault behindRouter, FaultyProxy.Fault inFrontOfRouter,
            Map<String, String> routerEnvironment) throws Exception {
        demo = DemoScimService.start(DemoScimService.Options.defaults());
        behind = behindRouter == null ? null : FaultyProxy.start(URI.create(demo.origin()), behindRouter);
        Map<String, String> environment = new java.util.HashMap<>(Map.of("SCIM_ROUTER_SERVER_PORT", "0",
                "SCIM_ROUTER_ADMIN_PORT", "-1", "SCIM_ROUTER_LOG_ACCESS_FORMAT", "off",
                "SCIM_ROUTER_BACKEND_URL", behind == null ? demo.origin() : behind.origin(),
                "SCIM_ROUTER_TENANTS_STATIC", "[{project: demo, environment: dev, tenants: [acme, globex]}]"));
        environment.putAll(routerEnvironment);
        router = new Router(io.scimrouter.config.ConfigLoader.load(null, environment)).start();
        String routerOrigin = "http://127.0.0.1:" + router.port();
        inFront = inFrontOfRouter == null ? null : FaultyProxy.start(URI.create(routerOrigin), inFrontOfRouter);
        work = Files.createTempDirectory("verify-test");
        Files.writeString(work.resolve("token"), "demo-token\n");
    }

    static VerifyHarness clean() throws Exception {
        return new VerifyHarness(null, null);
    }

    static VerifyHarness withFaultBehindRouter(FaultyProxy.Fault fault) throws Exception {
        return new VerifyHarness(fault, null);
    }

    static VerifyHarness withFaultInFront(FaultyProxy.Fault fault) throws Exception {
        return new VerifyHarness(null, fault);
    }

    static FaultyProxy.Fault none() {
        return NONE;
    }

    /** The legacy base URL the client uses: through the front proxy when there is one. */
    String baseUrl() {
        String origin = inFront != null ? inFront.origin() : "http://127.0.0.1:" + router.port();
        return origin + "/scim/v2/demo/dev";
    }

    Run verify(String... extra) throws Exception {
        Path report = work.resolve("report-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("verify", "--base-url", baseUrl(), "--token-file",
                work.resolve("token").toString(), "--tenant", "acme", "--tenant", "globex", "--quiet",
                "--out", report.toString()));
        args.addAll(List.of(extra));
        return run(args, report);
    }

    static Run run(List<String> args, Path report) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        JsonNode json = report != null && Files.exists(report) ? JSON.readTree(report.toFile()) : JSON.nullNode();
        return new Run(exit, out.toString(), err.toString(), json);
    }

    /** Asked of the demo service itself, with the tenant header, past router and proxies: nothing left. */
    void assertBackendEmpty() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String tenant : List.of("default", "acme", "globex")) {
            for (String endpoint : List.of("Users", "Groups")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/" + endpoint))
                        .header("Authorization", "Bearer demo-token").header("X-Tenant-Id", tenant).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).path("totalResults").asInt(-1))
                        .as("%s in tenant %s after the run: %s", endpoint, tenant, r.body()).isZero();
            }
        }
    }

    @Override
    public void close() throws java.io.IOException {
        if (inFront != null) {
            inFront.close();
        }
        router.close();
        if (behind != null) {
            behind.close();
        }
        demo.close();
        try (var files = Files.list(work)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(work);
    }
}
