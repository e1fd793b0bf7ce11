package io.scimrouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.scimrouter.config.RouterConfig.Limits;
import io.scimrouter.limit.UpstreamGate;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.ScimHttp;
import io.scimrouter.testing.TestBackend;
import io.scimrouter.upstream.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The overload limits through real sockets: 429 and 503 with Retry-After and SCIM bodies, refused before anything
 * reaches the backend, other tenants unaffected, and every place given back whichever way an exchange ends (also
 * when the client goes away). Token buckets run on a manual clock.
 */
class OverloadLimitsTest {
    private static final String ACME = "/scim/v2/p1/e1/v2/acme/Users";
    private static final String GLOBEX = "/scim/v2/p1/e1/v2/globex/Users";
    private static final String LEGACY = "/scim/v2/p1/e1/Users";

    private final ManualTicker clock = new ManualTicker();
    /** Answers the backend holds back until {@link #answerHeld}. */
    private final ConcurrentLinkedQueue<ChannelHandlerContext> held = new ConcurrentLinkedQueue<>();

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().limitsClock(clock).startedByTest();

    private static Limits limits(int tenantRate, int tenantBurst, int tenantInFlight, int peInFlight, int maxInFlight,
                                 int maxQueue, Duration queueTimeout) {
        return new Limits(new Limits.Rate(new Limits.Bucket(0, 0), new Limits.Bucket(tenantRate, tenantBurst)),
                new Limits.Concurrency(peInFlight, tenantInFlight),
                new Limits.PerUpstream(maxInFlight, maxQueue, queueTimeout),
                new Limits.Cache(1000, Duration.ofMinutes(10)));
    }

    private void start(Limits limits) throws InterruptedException {
        // a long response timeout: a held answer must wait for the test, however busy the machine
        router.start(b -> b.limits(limits).responseTimeout(Duration.ofSeconds(120)));
    }

    private void holdAnswers() {
        router.backend().respond((req, ctx) -> held.add(ctx));
    }

    private void answerHeld() {
        ChannelHandlerContext ctx;
        while ((ctx = held.poll()) != null) {
            ChannelHandlerContext c = ctx;
            c.executor().execute(() -> c.writeAndFlush(TestBackend.json(200, "{}")));
        }
    }

    private void awaitAtBackend(int requests) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(router.backend().received()).hasSize(requests));
    }

    /** A request sent on its own connection; the answer is read later (or never: the client goes away). */
    private RawHttp send(String target) throws IOException {
        RawHttp http = router.connect();
        http.send(RouterExtension.head("GET", target));
        return http;
    }

    private double refused(String reason) {
        return router.router().metrics().count("scim.router.limits.refused", "reason", reason);
    }

    @Test
    void tenantRate_answers429WithRetryAfterAndScimError_beforeTheBackend_othersUnaffected() throws Exception {
        start(limits(1, 2, 0, 0, 0, 10, Duration.ofSeconds(1)));
        double refusedBefore = refused("rate");

        assertThat(router.get(ACME).status()).isEqualTo(200);
        assertThat(router.get(ACME).status()).isEqualTo(200);
        RawHttp.Response refused = router.get(ACME);

        assertScimError(refused, 429, "Too many requests");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        JsonNode body = ScimHttp.JSON.readTree(refused.bodyText());
        assertThat(body.has("scimType")).as("RFC 7644 defines no scimType for 429").isFalse();
        assertThat(router.backend().received()).hasSize(2);
        assertThat(refused("rate") - refusedBefore).isEqualTo(1);

        assertThat(router.get(GLOBEX).status()).as("another tenant").isEqualTo(200);
        assertThat(router.get(LEGACY).status()).as("the legacy form: the default tenant").isEqualTo(200);
        assertThat(router.get("/scim/v2/p2/e1/v2/acme/Users").status()).as("acme of another project")
                .isEqualTo(404); // unknown there, but not rate limited

        clock.advance(Duration.ofSeconds(1));
        assertThat(router.get(ACME).status()).as("a token came back").isEqualTo(200);
    }

    @Test
    void retryAfter_isTheWaitForTheNextToken_roundedUp() throws Exception {
        start(limits(1, 1, 0, 0, 0, 10, Duration.ofSeconds(1)));
        assertThat(router.get(ACME).status()).isEqualTo(200);

        clock.advance(Duration.ofMillis(100)); // the next token is 0.9 s away
        assertThat(router.get(ACME).header("Retry-After")).isEqualTo("1");
    }

    @Test
    void rateLimited_keepsTheConnection_forTheNextRequest() throws Exception {
        start(limits(1, 1, 0, 0, 0, 10, Duration.ofSeconds(1)));
        try (RawHttp http = router.connect()) {
            assertThat(http.send(RouterExtension.head("GET", ACME)).read().status()).isEqualTo(200);
            assertThat(http.send(RouterExtension.head("GET", ACME)).read().status()).isEqualTo(429);
            assertThat(http.send(RouterExtension.head("GET", GLOBEX)).read().status()).isEqualTo(200);
        }
    }

    @Test
    void tenantConcurrency_answers503_otherTenantsStillReachTheBackend_andTheEndFreesThePlace() throws Exception {
        start(limits(0, 0, 1, 0, 0, 10, Duration.ofSeconds(1)));
        holdAnswers();
        try (RawHttp first = send(ACME); RawHttp other = send(GLOBEX)) {
            awaitAtBackend(2);

            RawHttp.Response refused = router.get(ACME);

            assertScimError(refused, 503, "in progress");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(router.backend().received()).hasSize(2);
            answerHeld();
            assertThat(first.read().status()).isEqualTo(200);
            assertThat(other.read().status()).isEqualTo(200);
        }
        router.backend().respond(TestBackend.ok("{}"));
        // the place is given back at the exchange's end, which may come just after the client read its answer
        try (RawHttp next = admitted(ACME)) {
            assertThat(next.read().status()).isEqualTo(200);
        }
    }

    @Test
    void abandonedExchanges_giveTheirPlacesBack() throws Exception {
        start(limits(0, 0, 1, 1, 0, 10, Duration.ofSeconds(1)));
        holdAnswers();
        for (int i = 0; i < 5; i++) {
            RawHttp gone = admitted(i % 2 == 0 ? ACME : LEGACY);
            gone.close(); // the client goes away while the backend still works on it
        }
        router.backend().respond(TestBackend.ok("{}"));

        try (RawHttp last = admitted(ACME)) {
            assertThat(last.read().status()).isEqualTo(200);
        }
        assertThat(router.backend().received()).as("five abandoned, one answered").hasSize(6);
    }

    /**
     * A request that the limits admit, on its own connection: sent again while the router still counts an earlier,
     * abandoned exchange (its close travels to the router asynchronously) and answers 503.
     */
    private RawHttp admitted(String target) throws Exception {
        int before = router.backend().received().size();
        for (int attempt = 0; attempt < 200; attempt++) {
            RawHttp http = send(target);
            await().atMost(Duration.ofSeconds(30)).until(() -> http.available() > 0
                    || router.backend().received().size() > before);
            if (router.backend().received().size() > before) {
                return http;
            }
            try (http) {
                assertScimError(http.read(), 503);
            }
        }
        throw new AssertionError("never admitted: a place was not given back");
    }

    @Test
    void upstreamGate_queuesThenRefusesWhenFull_andTheQueuedRequestGoesOnWhenAPlaceFrees() throws Exception {
        start(limits(0, 0, 0, 0, 1, 1, Duration.ofSeconds(30)));
        holdAnswers();
        double fullBefore = refused("upstream_queue_full");
        UpstreamGate gate = router.router().limiter().gate(Upstream.of(router.backend().uri()));
        try (RawHttp first = send(ACME)) {
            awaitAtBackend(1);
            RawHttp queued = send(GLOBEX);
            await().atMost(Duration.ofSeconds(60)).until(() -> gate.waiting() == 1);
            RawHttp.Response refused = sendAndReadWhile(ACME, () -> router.backend().received().size() == 1);

            assertScimError(refused, 503, "busy");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(router.backend().received()).as("the queued one waits, the refused one never came")
                    .hasSize(1);
            assertThat(refused("upstream_queue_full") - fullBefore).isEqualTo(1);

            answerHeld();
            assertThat(first.read().status()).isEqualTo(200);
            awaitAtBackend(2);
            answerHeld();
            assertThat(queued.read().status()).isEqualTo(200);
            queued.close();
        }
    }

    /** Sends on a new connection and reads the answer, checking {@code still} holds once it is in. */
    private RawHttp.Response sendAndReadWhile(String target, java.util.function.BooleanSupplier still)
            throws IOException {
        try (RawHttp http = send(target)) {
            RawHttp.Response response = http.read();
            assertThat(still.getAsBoolean()).isTrue();
            return response;
        }
    }

    @Test
    void upstreamGate_waitIsBoundedInTime() throws Exception {
        start(limits(0, 0, 0, 0, 1, 5, Duration.ofMillis(200)));
        holdAnswers();
        double timeoutsBefore = refused("upstream_queue_timeout");
        try (RawHttp first = send(ACME)) {
            awaitAtBackend(1);

            RawHttp.Response refused = router.get(GLOBEX);

            assertScimError(refused, 503, "busy");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(router.backend().received()).hasSize(1);
            assertThat(refused("upstream_queue_timeout") - timeoutsBefore).isEqualTo(1);
            answerHeld();
            assertThat(first.read().status()).isEqualTo(200);
        }
    }

    @Test
    void upstreamGate_waiterWhoseClientLeft_takesNoPlace() throws Exception {
        start(limits(0, 0, 0, 0, 1, 5, Duration.ofSeconds(30)));
        holdAnswers();
        try (RawHttp first = send(ACME)) {
            awaitAtBackend(1);
            UpstreamGate gate = router.router().limiter().gate(Upstream.of(router.backend().uri()));
            RawHttp gone = send(GLOBEX);
            await().atMost(Duration.ofSeconds(60)).until(() -> gate.waiting() == 1);
            gone.close(); // leaves the queue
            await().atMost(Duration.ofSeconds(60)).until(() -> gate.waiting() == 0);
            answerHeld();
            assertThat(first.read().status()).isEqualTo(200);
        }
        router.backend().respond(TestBackend.ok("{}"));

        assertThat(router.get(LEGACY).status()).as("the gate's one place is free").isEqualTo(200);
        assertThat(router.backend().received()).extracting(TestBackend.Received::target)
                .as("the request whose client left never reached the backend")
                .containsExactly("/scim/v2/p1/e1/Users", "/scim/v2/p1/e1/Users");
    }

    @Test
    void limitsOff_byDefault() throws Exception {
        router.start(UnaryOperator.identity());
        for (int i = 0; i < 50; i++) {
            assertThat(router.get(ACME).status()).isEqualTo(200);
        }
    }
}
