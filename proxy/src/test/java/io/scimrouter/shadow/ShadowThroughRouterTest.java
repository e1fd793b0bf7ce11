package io.scimrouter.shadow;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.ChannelHandlerContext;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.testing.PrometheusText;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow comparison through real sockets: the router in front of two {@link TestBackend}s, the legacy upstream
 * (backend.url) and the tenant-aware one (backend.tenantAwareUrl).
 */
class ShadowThroughRouterTest {
    private static final String USER = "/scim/v2/p1/e1/Users/1";
    private static final String FILTERED = "/scim/v2/p1/e1/Users?filter=userName%20eq%20%22alice%40example.com%22";
    private static final String AUTH = "Authorization: Bearer idp-token";

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    private TestBackend tenantAware;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger runnerLog = (Logger) LoggerFactory.getLogger(ShadowRunner.class);

    @BeforeEach
    void start() throws InterruptedException {
        tenantAware = new TestBackend();
        logs.start();
        runnerLog.addAppender(logs);
    }

    @AfterEach
    void stop() {
        runnerLog.detachAppender(logs);
        tenantAware.close();
    }

    private static RouterConfig.Shadow shadow(double rate, int maxConcurrent) {
        return new RouterConfig.Shadow(List.of("p1/e1"), rate, maxConcurrent, Duration.ofSeconds(30), 64 * 1024);
    }

    private void startRouter(RouterConfig.Shadow settings) throws InterruptedException {
        router.start(b -> b.tenantAwareUrl(tenantAware.uri()).shadow(settings));
    }

    /** A user as an upstream writes it: its own origin in meta.location, its own clock in lastModified. */
    private static TestBackend.Responder user(TestBackend self, String base, String userName) {
        return (req, ctx) -> ctx.writeAndFlush(TestBackend.json(200, "{\"id\":\"1\",\"userName\":\"" + userName
                + "\",\"meta\":{\"location\":\"" + self.uri() + base + "/Users/1\",\"lastModified\":\""
                + System.nanoTime() + "\"}}"));
    }

    private double count(String result) {
        return router.router().metrics().count("scim.router.shadow", "result", result);
    }

    private List<String> logLines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void upstreamsThatAgree_countAMatch_andTheTenantAwareOneIsAskedAsTheDefaultTenant() throws Exception {
        startRouter(shadow(1.0, 4));
        router.backend().respond(user(router.backend(), "/scim/v2/p1/e1", "alice"));
        tenantAware.respond(user(tenantAware, "/scim/v2/p1/e1/v2", "alice"));

        RawHttp.Response answer = router.get(USER, AUTH);

        assertThat(answer.status()).isEqualTo(200);
        await().until(() -> count("match") == 1);
        assertThat(count("mismatch") + count("error") + count("dropped")).isZero();
        assertThat(router.backend().received()).as("the client's read and its replay").hasSize(2);
        assertThat(tenantAware.received()).hasSize(1);
        TestBackend.Received replay = tenantAware.received().get(0);
        assertThat(replay.method()).isEqualTo("GET");
        assertThat(replay.target()).isEqualTo(USER);
        assertThat(replay.headers().get("X-Tenant-Id")).isEqualTo("default");
        assertThat(replay.headers().get("Authorization")).isEqualTo("Bearer idp-token");
        assertThat(replay.headers().get("X-Forwarded-Host")).isEqualTo(RouterExtension.HOST);
        assertThat(router.backend().received().get(1).headers().get("X-Tenant-Id"))
                .as("the legacy replay goes as the legacy route sends it").isNull();
        PrometheusText metrics = PrometheusText.parse(new String(router.router().metrics().scrape(null).body(),
                StandardCharsets.UTF_8));
        assertThat(metrics.value("scim_router_shadow_total", "result", "match")).isEqualTo(1.0);
        assertThat(metrics.value("scim_router_shadow_total", "result", "dropped")).isEqualTo(0.0);
    }

    @Test
    void upstreamsThatDisagree_countAMismatch_loggedWithTheJsonPath_neverTheValuesNorTheQuery() throws Exception {
        startRouter(shadow(1.0, 4));
        router.backend().respond(user(router.backend(), "/scim/v2/p1/e1", "alice@example.com"));
        tenantAware.respond(user(tenantAware, "/scim/v2/p1/e1", "mallory@example.com"));

        assertThat(router.get(FILTERED, AUTH).status()).isEqualTo(200);

        await().until(() -> count("mismatch") == 1);
        assertThat(count("match")).isZero();
        assertThat(logLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("p1/e1", "/scim/v2/p1/e1/Users:", "$.userName DIFFERENT_VALUE")
                .doesNotContain("alice").doesNotContain("mallory").doesNotContain("filter")
                .doesNotContain("idp-token"));
    }

    @Test
    void aSlowShadowUpstream_delaysNoClient_andOverMaxConcurrentReadsAreDropped() throws Exception {
        startRouter(shadow(1.0, 1));
        router.backend().respond(TestBackend.ok("{\"totalResults\":0,\"Resources\":[]}"));
        CountDownLatch replayArrived = new CountDownLatch(1);
        List<ChannelHandlerContext> held = new CopyOnWriteArrayList<>();
        tenantAware.respond((req, ctx) -> {
            held.add(ctx); // answered when the test says so
            replayArrived.countDown();
        });

        try (RawHttp client = router.connect()) {
            RawHttp.Response first = client.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users", AUTH)).read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.complete()).isTrue();
            assertThat(replayArrived.await(20, TimeUnit.SECONDS)).as("the replay is pending upstream").isTrue();

            for (int i = 0; i < 3; i++) {
                RawHttp.Response next = client.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users", AUTH))
                        .read();
                assertThat(next.status()).isEqualTo(200);
                assertThat(next.complete()).as("answered whole while the shadow is pending").isTrue();
            }
            assertThat(held).hasSize(1);
            await().until(() -> count("dropped") == 3);
            assertThat(count("match")).as("still pending").isZero();
        }
        assertThat(tenantAware.received()).as("one in flight, none queued").hasSize(1);

        held.get(0).writeAndFlush(TestBackend.json(200, "{\"totalResults\":0,\"Resources\":[]}"));
        await().until(() -> count("match") == 1);
    }

    @Test
    void aWrite_isNeverMirrored() throws Exception {
        startRouter(shadow(1.0, 4));
        router.backend().respond(TestBackend.ok("{\"id\":\"1\"}"));
        tenantAware.respond(TestBackend.ok("{\"id\":\"1\"}"));

        try (RawHttp client = router.connect()) {
            String create = "{\"userName\":\"alice\"}";
            RawHttp.Response created = client.send("POST /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\n" + AUTH
                    + "\r\nContent-Type: application/scim+json\r\nContent-Length: " + create.length() + "\r\n\r\n"
                    + create).read();
            assertThat(created.status()).isEqualTo(200);
            // a read after it, on the same connection, is sampled: when its comparison is counted, a mirrored
            // write would have been submitted (synchronously, at its exchange's end) before it
            assertThat(client.send(RouterExtension.head("GET", USER, AUTH)).read().status()).isEqualTo(200);
        }

        await().until(() -> count("match") == 1);
        assertThat(tenantAware.received()).extracting(TestBackend.Received::method).containsExactly("GET");
        assertThat(router.backend().received()).extracting(TestBackend.Received::method)
                .containsExactly("POST", "GET", "GET");
    }

    @Test
    void aSearch_isReplayedWithItsBody_byteForByte_toBothUpstreams() throws Exception {
        startRouter(shadow(1.0, 4));
        String list = "{\"totalResults\":1,\"Resources\":[{\"id\":\"1\"}]}";
        router.backend().respond(TestBackend.ok(list));
        tenantAware.respond(TestBackend.ok(list));
        String search = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":\"userName eq \\\"alice@example.com\\\"\"}";

        try (RawHttp client = router.connect()) {
            RawHttp.Response found = client.send("POST /scim/v2/p1/e1/Users/.search HTTP/1.1\r\nHost: h\r\n" + AUTH
                    + "\r\nContent-Type: application/scim+json\r\nContent-Length: " + search.length() + "\r\n\r\n"
                    + search).read();
            assertThat(found.bodyText()).isEqualTo(list);
        }

        await().until(() -> count("match") == 1);
        TestBackend.Received replay = tenantAware.received().get(0);
        assertThat(replay.method()).isEqualTo("POST");
        assertThat(replay.target()).isEqualTo("/scim/v2/p1/e1/Users/.search");
        assertThat(replay.body()).isEqualTo(search);
        assertThat(replay.headers().get("Content-Type")).isEqualTo("application/scim+json");
        assertThat(replay.headers().get("X-Tenant-Id")).isEqualTo("default");
        assertThat(router.backend().received()).extracting(TestBackend.Received::body).containsExactly(search, search);
    }

    @Test
    void aSearchOverMaxBodyBytes_isNotReplayed_andTheClientsBodyIsWhole() throws Exception {
        startRouter(new RouterConfig.Shadow(List.of("p1/e1"), 1.0, 4, Duration.ofSeconds(30), 16));
        String search = "{\"filter\":\"userName eq \\\"a-rather-long-name@example.com\\\"\"}";

        try (RawHttp client = router.connect()) {
            assertThat(client.send("POST /scim/v2/p1/e1/.search HTTP/1.1\r\nHost: h\r\nContent-Length: "
                    + search.length() + "\r\n\r\n" + search).read().status()).isEqualTo(200);
            // a GET after it on the same connection: once its comparison is counted, a replay of the search would
            // have been submitted before it
            assertThat(client.send(RouterExtension.head("GET", USER, AUTH)).read().status()).isEqualTo(200);
        }

        await().until(() -> count("match") == 1);
        assertThat(tenantAware.received()).extracting(TestBackend.Received::method).containsExactly("GET");
        assertThat(router.backend().received().get(0).body()).isEqualTo(search);
    }

    @Test
    void sampleRateZero_mirrorsNothing() throws Exception {
        startRouter(shadow(0.0, 4));

        for (int i = 0; i < 5; i++) {
            assertThat(router.get(USER, AUTH).status()).isEqualTo(200);
        }

        assertThat(router.backend().received()).hasSize(5);
        assertThat(tenantAware.received()).isEmpty();
        assertThat(count("match") + count("mismatch") + count("error") + count("dropped")).isZero();
    }

    @Test
    void offByDefault_noReplay_noSeries() throws Exception {
        router.start(b -> b.tenantAwareUrl(tenantAware.uri()));

        for (int i = 0; i < 5; i++) {
            assertThat(router.get(USER, AUTH).status()).isEqualTo(200);
        }

        assertThat(router.backend().received()).hasSize(5);
        assertThat(tenantAware.received()).isEmpty();
        String scrape = new String(router.router().metrics().scrape(null).body(), StandardCharsets.UTF_8);
        assertThat(scrape).doesNotContain("scim_router_shadow");
    }

    @Test
    void anAnswerOverMaxBodyBytes_isAnError_notAComparison() throws Exception {
        startRouter(new RouterConfig.Shadow(List.of("p1/*"), 1.0, 4, Duration.ofSeconds(30), 100));
        String big = "{\"detail\":\"" + "x".repeat(200) + "\"}";
        router.backend().respond(TestBackend.ok(big));
        tenantAware.respond(TestBackend.ok(big));

        RawHttp.Response answer = router.get(USER, AUTH);

        assertThat(answer.bodyText()).as("the client's answer is not bounded by the shadow's limit").isEqualTo(big);
        await().until(() -> count("error") == 1);
        assertThat(count("match")).isZero();
        assertThat(logLines()).singleElement().satisfies(line -> assertThat(line).contains("over 100 bytes"));
    }

    @Test
    void aShadowUpstreamThatNeverAnswers_isAnErrorAtTheShadowTimeout_andFreesItsSlot() throws Exception {
        startRouter(new RouterConfig.Shadow(List.of("p1/e1"), 1.0, 1, Duration.ofMillis(300), 64 * 1024));
        CountDownLatch replayArrived = new CountDownLatch(1);
        tenantAware.respond((req, ctx) -> replayArrived.countDown()); // never answers

        assertThat(router.get(USER, AUTH).status()).isEqualTo(200);
        assertThat(replayArrived.await(20, TimeUnit.SECONDS)).isTrue();

        await().until(() -> count("error") == 1);
        assertThat(logLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("p1/e1 /scim/v2/p1/e1/Users/1 failed: no answer within rollout.shadow.timeout"));
        tenantAware.respond(TestBackend.ok("{}"));
        assertThat(router.get(USER, AUTH).status()).isEqualTo(200);
        await().until(() -> count("match") == 1);
        assertThat(count("dropped")).as("the slot was given back").isZero();
    }
}
