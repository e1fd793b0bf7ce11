package io.scimrouter;

import io.scimrouter.accesslog.AccessLogLines;
import io.scimrouter.testing.JarProcess;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar in a child process, as Kubernetes runs it: SIGTERM drains (the exchange in flight completes, new
 * connections are refused, exit 0 before server.drain.timeout), a drain that runs out of time cuts, a second signal
 * stops at once; a busy port and a mistyped variable are one-line errors; the access log never shows a secret.
 */
class RouterJarIT {
    private static final Pattern BANNER = Pattern.compile(
            "scim-tenant-router listening on 127\\.0\\.0\\.1:(\\d+), admin on 127\\.0\\.0\\.1:(\\d+)");
    /** Netty's switch that makes io_uring and epoll report themselves unavailable, as a kernel without them would. */
    private static final String NO_NATIVE_TRANSPORTS = "-Dio.netty.transport.noNative=true";
    private static final String SLOW_BODY = "{\"id\":\"slow\",\"pad\":\"" + "x".repeat(4000) + "\"}";

    private TestBackend backend;
    private JarProcess jar;
    private int port;
    private int adminPort;

    @BeforeEach
    void startBackend() throws InterruptedException {
        backend = new TestBackend();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (jar != null) {
            jar.close();
        }
        backend.close();
    }

    private void startJar(Map<String, String> more) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SCIM_ROUTER_BACKEND_URL", backend.uri().toString(),
                "SCIM_ROUTER_SERVER_PORT", "0",
                "SCIM_ROUTER_ADMIN_PORT", "0",
                "SCIM_ROUTER_LOG_ACCESS_FORMAT", "json"));
        env.putAll(more);
        jar = JarProcess.start(env);
        Matcher banner = jar.awaitStderr(BANNER);
        port = Integer.parseInt(banner.group(1));
        adminPort = Integer.parseInt(banner.group(2));
    }

    @Test
    void sigterm_drains_theExchangeInFlightCompletes_newConnectionsAreRefused_exit0() throws Exception {
        backend.respond((req, ctx) -> ctx.executor().schedule(
                () -> ctx.writeAndFlush(TestBackend.json(200, SLOW_BODY)), 2, TimeUnit.SECONDS));
        startJar(Map.of());
        try (RawHttp busy = new RawHttp(port)) {
            busy.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users/1"));
            await().until(() -> backend.received().size() == 1);
            long start = System.nanoTime();

            jar.terminate();

            jar.awaitStderr(Pattern.compile("drain \\(SIGTERM\\): /readyz answers 503"));
            assertThat(RouterExtension.request(adminPort, "GET", "/readyz").status()).isEqualTo(503);
            await().until(() -> RawHttp.connectionRefused(port));
            RawHttp.Response answer = busy.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.complete()).isTrue();
            assertThat(answer.bodyText()).isEqualTo(SLOW_BODY);
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(jar.exitStatus()).as(jar.stderr()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(jar.stderr()).contains("drain: listener closed; 0 idle client connections closed, 1 with a "
                + "request in progress").contains("drain: every exchange in progress completed")
                .contains("drain: done in");
        List<Map<String, Object>> lines = AccessLogLines.parse(jar.stdout());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).containsEntry("status", 200L).containsEntry("route", "legacy");
    }

    @Test
    void sigterm_withADrainTimeoutShorterThanTheAnswer_cutsIt_neverAWholeLookingAnswer_exit0() throws Exception {
        backend.respond(TestBackend.halfNowRestAfter(Duration.ofSeconds(5)));
        startJar(Map.of("SCIM_ROUTER_SERVER_DRAIN_TIMEOUT", "1s"));
        try (RawHttp busy = new RawHttp(port)) {
            busy.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users/1"));
            await().until(() -> busy.available() > 0);

            jar.terminate();

            assertThat(cutOrIncomplete(busy)).as("the client sees the cut").isTrue();
            assertThat(jar.exitStatus()).as(jar.stderr()).isZero();
        }
        assertThat(jar.stderr()).contains("drain: 1 client connections still busy after 1s: cut");
        assertThat(AccessLogLines.parse(jar.stdout()).get(0)).containsEntry("flags", "DRN");
    }

    @Test
    void aSecondSignal_stopsAtOnce() throws Exception {
        backend.respond((req, ctx) -> ctx.executor().schedule(
                () -> ctx.writeAndFlush(TestBackend.json(200, "{}")), 60, TimeUnit.SECONDS));
        startJar(Map.of());
        try (RawHttp busy = new RawHttp(port)) {
            busy.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users/1"));
            await().until(() -> backend.received().size() == 1);
            jar.terminate();
            jar.awaitStderr(Pattern.compile("drain: listener closed"));
            long start = System.nanoTime();

            jar.terminate();

            assertThat(jar.exitStatus()).isEqualTo(128 + 15);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(cutOrIncomplete(busy)).isTrue();
        }
    }

    @Test
    void aBusyPort_namesTheListenerAndAddress_exit1_withoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int busy = taken.getLocalPort();

            jar = JarProcess.start(Map.of("SCIM_ROUTER_BACKEND_URL", backend.uri().toString(),
                    "SCIM_ROUTER_SERVER_PORT", String.valueOf(busy), "SCIM_ROUTER_ADMIN_PORT", "0"));
            assertThat(jar.exitStatus()).isEqualTo(1);
            assertThat(jar.stderr()).contains("Cannot start: server.port " + busy + " on 127.0.0.1 is in use")
                    .doesNotContain("\tat ").doesNotContain("Exception");
            jar.close();

            jar = JarProcess.start(Map.of("SCIM_ROUTER_BACKEND_URL", backend.uri().toString(),
                    "SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", String.valueOf(busy)));
            assertThat(jar.exitStatus()).isEqualTo(1);
            assertThat(jar.stderr()).contains("Cannot start: admin.port " + busy + " on 127.0.0.1 is in use")
                    .doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void aTransportThatCannotWorkHere_isAOneLineError_naming_theKeyAndWhy_exit1() throws Exception {
        jar = JarProcess.start(Map.of("SCIM_ROUTER_BACKEND_URL", backend.uri().toString(),
                "SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "-1", "SCIM_ROUTER_SERVER_TRANSPORT",
                "io_uring", "JAVA_TOOL_OPTIONS", NO_NATIVE_TRANSPORTS));

        assertThat(jar.exitStatus()).isEqualTo(1);
        // one line naming the key and Netty's reason, and no stack trace
        assertThat(jar.stderr().lines().filter(line -> line.contains("Cannot start"))).containsExactly(
                "Cannot start: server.transport is io_uring but io_uring is not available here (Native transport was "
                        + "explicit disabled with -Dio.netty.transport.noNative=true); write auto (epoll, else nio) "
                        + "or nio");
        assertThat(jar.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void autoTransport_withoutTheNativeOnes_runsOnNio_andTheLogSaysWhy() throws Exception {
        startJar(Map.of("JAVA_TOOL_OPTIONS", NO_NATIVE_TRANSPORTS));

        assertThat(jar.stderr()).contains("epoll is not available here (").contains(": the nio transport instead")
                .contains("(nio transport, http)");
        backend.respond(TestBackend.ok("{\"id\":\"7\"}"));
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Response answer = http.request("GET", "/scim/v2/p1/e1/Users/7", Map.of("Host", "h"), null);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodyText()).isEqualTo("{\"id\":\"7\"}");
        }
    }

    @Test
    void aMistypedVariable_isAnError_withTheVariableItMeant_exit2() throws Exception {
        jar = JarProcess.start(Map.of("SCIM_ROUTER_SERVER_PROT", "8081"));

        assertThat(jar.exitStatus()).isEqualTo(2);
        assertThat(jar.stderr()).contains("SCIM_ROUTER_SERVER_PROT: names no configuration key (did you mean "
                + "SCIM_ROUTER_SERVER_PORT?)");
    }

    @Test
    void theAccessLog_isJsonLines_andNoOutputShowsAFilterValueOrABearerToken() throws Exception {
        String user = "sentinel.user.4711@example.com";
        String token = "sentinel-token-4711-do-not-log";
        jar = JarProcess.start(Map.of("SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "0",
                "SCIM_ROUTER_LOG_ACCESS_FORMAT", "json", "SCIM_ROUTER_LOG_LEVEL", "debug"));
        port = Integer.parseInt(jar.awaitStderr(BANNER).group(1));
        String filter = "?filter=userName%20eq%20%22" + user + "%22";
        int[] statuses = {
            RouterExtension.request(port, "GET", "/scim/v2/demo/dev/v2/acme/Users" + filter,
                    "Authorization: Bearer demo-token").status(),
            RouterExtension.request(port, "GET", "/scim/v2/demo/dev/Users" + filter,
                    "Authorization: Bearer " + token).status(),
            RouterExtension.request(port, "GET", "/scim/v2/demo/dev/v2/nosuch/Users" + filter,
                    "Authorization: Bearer " + token).status(),
            RouterExtension.request(port, "GET", "/scim/v2/demo/dev/v2/bad.tenant/Users" + filter,
                    "Authorization: Bearer " + token).status()};
        // the unknown tenant with a bad token hears the backend's 401, as a known tenant would (no tenant oracle)
        assertThat(statuses).containsExactly(200, 401, 401, 400);
        jar.terminate();
        assertThat(jar.exitStatus()).isZero();

        List<Map<String, Object>> lines = AccessLogLines.parse(jar.stdout());
        assertThat(lines).hasSize(4).allSatisfy(line -> assertThat(line).containsKeys(AccessLogLines.FIELDS));
        assertThat(lines).extracting(l -> l.get("queryParams")).containsOnly(List.of("filter"));
        String everything = jar.stdout() + jar.stderr();
        assertThat(everything).doesNotContain(user).doesNotContain("sentinel.user").doesNotContain(token);
    }

    private static boolean cutOrIncomplete(RawHttp http) {
        try {
            return !http.read().complete();
        } catch (IOException e) {
            return true;
        }
    }
}
