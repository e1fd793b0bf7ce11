package io.scimrouter;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.config.ReloadOutcome;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live reload of the configuration file, through real sockets: a router started from a file in a temporary
 * directory in front of a {@code TestBackend}; the file is rewritten and reloaded by {@code POST /config/reload} or
 * picked up by the watcher.
 */
class ConfigReloadTest {
    private static final String P1 = "/scim/v2/p1/e1/v2/Users";
    private static final String P2 = "/scim/v2/p2/e1/v2/Users";

    @RegisterExtension
    final RouterExtension backendOnly = RouterExtension.create().startedByTest();

    @TempDir
    Path dir;

    private Router router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
    }

    private String yaml(String allow, String more) {
        return """
                server:
                  host: 127.0.0.1
                  port: 0
                backend:
                  url: %s
                admin:
                  port: 0
                rollout:
                  tenantAware:
                    allow: [%s]
                log:
                  access:
                    format: "off"
                %s""".formatted(backendOnly.backend().uri(), allow, more);
    }

    /** Reloaded on request only: the watcher would race the request for the same change. */
    private Router start(Path file) throws InterruptedException {
        return start(file, false);
    }

    private Router start(Path file, boolean watch) throws InterruptedException {
        router = new Router(ConfigLoader.load(file, Map.of())).configFile(file, Map.of(), watch)
                .limitsClock(new ManualTicker()).start(); // frozen: a token bucket refills only when told
        return router;
    }

    private RawHttp.Response get(String target) throws IOException {
        return RouterExtension.request(router.port(), "GET", target);
    }

    private RawHttp.Response reload() throws IOException {
        return RouterExtension.request(router.adminPort(), "POST", "/config/reload");
    }

    private double reloads(String result) {
        return router.metrics().count("scim.router.config.reloads", "result", result);
    }

    @Test
    void openingV2ForAProject_takesEffectWithoutRestart() throws Exception {
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", ""));
        start(file);
        assertThat(get(P2).status()).isEqualTo(404);
        assertThat(get(P1).status()).isEqualTo(200);

        Files.writeString(file, yaml("p1/e1, p2/e1", ""));
        RawHttp.Response answer = reload();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyText()).contains("\"result\":\"success\"").contains("rollout.tenantAware.allow");
        assertThat(get(P2).status()).isEqualTo(200);
        assertThat(backendOnly.backend().received()).anyMatch(r -> r.target().startsWith("/scim/v2/p2/e1/"));
        assertThat(reloads("success")).isEqualTo(1.0);
        assertThat(router.port()).as("the listener stays").isPositive();
    }

    @Test
    void limitsAndLogLevel_takeEffectWithoutRestart() throws Exception {
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", ""));
        start(file);
        String levelBefore = LogLevels.current();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(get(P1).status()).isEqualTo(200);
            }

            Files.writeString(file, yaml("p1/e1", """
                    limits:
                      rate:
                        perTenant: { requestsPerSecond: 1, burst: 1 }
                    log:
                      level: warn
                    """).replace("log:\n  access:\n    format: \"off\"\n", "") + """
                      access:
                        format: "off"
                    """);
            ReloadOutcome outcome = router.reloadConfig();

            assertThat(outcome.keys()).as(outcome.message())
                    .containsExactly("limits.rate.perTenant.requestsPerSecond", "limits.rate.perTenant.burst",
                            "log.level");
            assertThat(get(P1).status()).isEqualTo(200);
            assertThat(get(P1).status()).as("the reloaded rate limit").isEqualTo(429);
            assertThat(LogLevels.current()).isEqualTo("WARN");
        } finally {
            LogLevels.apply(levelBefore == null ? RouterConfig.Level.INFO : RouterConfig.Level.valueOf(levelBefore));
        }
    }

    @Test
    void backendTimeouts_applyToConnectionsOpenedAfterTheReload() throws Exception {
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", ""));
        start(file);
        assertThat(get(P1).status()).isEqualTo(200);
        String url = "  url: " + backendOnly.backend().uri() + "\n";

        Files.writeString(file, yaml("p1/e1", "").replace(url, url + "  connectTimeout: 1500ms\n  idleTimeout: 7s\n"));
        ReloadOutcome outcome = router.reloadConfig();

        assertThat(outcome.keys()).as(outcome.message())
                .containsExactly("backend.connectTimeout", "backend.idleTimeout");
        assertThat(router.pools().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(router.pools().idleTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(get(P1).status()).as("traffic goes on").isEqualTo(200);
    }

    @Test
    void sameFileAgain_isUnchanged() throws Exception {
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", ""));
        start(file);

        RawHttp.Response answer = reload();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyText()).contains("\"result\":\"unchanged\"");
        assertThat(reloads("unchanged")).isEqualTo(1.0);
        assertThat(reloads("success")).isZero();
    }

    @Test
    void invalidFile_isRefusedWithTheKey_theRunningConfigurationStays() throws Exception {
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", ""));
        start(file);

        Files.writeString(file, yaml("p1/e1, p2/e1", """
                limits:
                  concurrency:
                    perTenant: -3
                """));
        RawHttp.Response answer = reload();

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.bodyText()).contains("\"result\":\"failed\"").contains("limits.concurrency.perTenant")
                .contains("the running configuration stays");
        assertThat(get(P2).status()).as("the rollout of the invalid file is not applied").isEqualTo(404);
        assertThat(get(P1).status()).isEqualTo(200);
        assertThat(reloads("failed")).isEqualTo(1.0);
        assertThat(router.currentConfig().rollout().allow()).containsExactly("p1/e1");
    }

    @Test
    void changedServerPort_refusesTheWholeFile_namingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", ""));
        start(file);
        int port = router.port();

        Files.writeString(file, yaml("p1/e1, p2/e1", "").replace("  port: 0\nbackend", "  port: 18181\nbackend"));
        RawHttp.Response answer = reload();

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.bodyText()).contains("\"result\":\"refused\"").contains("\"keys\":[\"server.port\"]");
        assertThat(get(P2).status()).as("nothing of a refused file applies").isEqualTo(404);
        assertThat(router.port()).isEqualTo(port);
        assertThat(reloads("refused")).isEqualTo(1.0);
    }

    @Test
    void exchangeInFlight_completesWhole_acrossAReload() throws Exception {
        byte[] first = "{\"Resources\":[".getBytes(StandardCharsets.UTF_8);
        byte[] rest = new byte[64 * 1024];
        Arrays.fill(rest, (byte) ' ');
        rest[rest.length - 1] = ']';
        byte[] end = "}".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<ChannelHandlerContext> halfAnswered = new CompletableFuture<>();
        backendOnly.backend().respond((request, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                    .set(HttpHeaderNames.CONTENT_LENGTH, first.length + rest.length + end.length);
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(first)));
            halfAnswered.complete(ctx);
        });
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", ""));
        start(file);

        CompletableFuture<RawHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return get(P1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ChannelHandlerContext backend = halfAnswered.get(10, TimeUnit.SECONDS);
        Files.writeString(file, yaml("p2/e1", ""));
        assertThat(router.reloadConfig().result()).isEqualTo(ReloadOutcome.Result.SUCCESS);
        backend.executor().execute(() -> {
            backend.write(new DefaultHttpContent(Unpooled.wrappedBuffer(rest)));
            backend.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(end)));
        });

        RawHttp.Response answer = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.complete()).isTrue();
        assertThat(answer.body()).hasSize(first.length + rest.length + end.length);
        assertThat(answer.bodyText()).startsWith("{\"Resources\":[").endsWith("]}");
        assertThat(get(P1).status()).as("the next exchange sees the new rollout").isEqualTo(404);
    }

    @Test
    void symlinkSwap_asKubernetesUpdatesAConfigMap_isPickedUpByTheWatcher() throws Exception {
        Path first = Files.createDirectory(dir.resolve("..2026_12_06_01"));
        Files.writeString(first.resolve("router.yaml"), yaml("p1/e1", ""));
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("router.yaml"), Path.of("..data", "router.yaml"));
        start(file, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> router.watchedConfigDirectories() > 0);

        Path second = Files.createDirectory(dir.resolve("..2026_12_06_02"));
        Files.writeString(second.resolve("router.yaml"), yaml("p1/e1, p2/e1", ""));
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> router.currentConfig().rollout().allow(), allow -> allow.contains("p2/e1"));
        assertThat(get(P2).status()).isEqualTo(200);
        assertThat(reloads("success")).isEqualTo(1.0);
    }

    @Test
    void withoutAConfigurationFile_reloadAnswers409() throws Exception {
        backendOnly.start(b -> b.adminOnFreePort());

        RawHttp.Response answer = RouterExtension.request(backendOnly.adminPort(), "POST", "/config/reload");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.bodyText()).contains("started without a configuration file");
    }

    @Test
    void tenantsChange_startsANewCache_otherChangesKeepIt() throws Exception {
        String tenants = """
                tenants:
                  static:
                    - project: p1
                      environment: e1
                      tenants: [%s]
                """;
        Path file = Files.writeString(dir.resolve("router.yaml"), yaml("p1/e1", tenants.formatted("acme")));
        start(file);
        assertThat(get("/scim/v2/p1/e1/v2/globex/Users").status()).isEqualTo(404);
        assertThat(get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
        assertThat(cacheSize()).isEqualTo(2);

        Files.writeString(file, yaml("p1/e1", tenants.formatted("acme") + """
                rewrite:
                  compressResponses: true
                """));
        assertThat(router.reloadConfig().keys()).containsExactly("rewrite.compressResponses");
        assertThat(cacheSize()).as("the tenants section did not change: the cache is kept").isEqualTo(2);

        Files.writeString(file, yaml("p1/e1", tenants.formatted("acme, globex")));
        assertThat(router.reloadConfig().keys()).containsExactly("tenants.static", "rewrite.compressResponses");
        assertThat(cacheSize()).as("a new cache for the new tenants").isZero();
        assertThat(get("/scim/v2/p1/e1/v2/globex/Users").status()).isEqualTo(200);
    }

    private long cacheSize() throws IOException {
        String stats = RouterExtension.request(router.adminPort(), "GET", "/cache/stats").bodyText();
        return Long.parseLong(stats.replaceAll(".*\"size\":(\\d+).*", "$1"));
    }
}
