package io.scimrouter.server;

import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static io.scimrouter.policy.ExchangePhase.ABANDONED;
import static io.scimrouter.policy.ExchangePhase.AWAITING_RESPONSE;
import static io.scimrouter.policy.ExchangePhase.CUT;
import static io.scimrouter.policy.ExchangePhase.DONE;
import static io.scimrouter.policy.ExchangePhase.FAILED;
import static io.scimrouter.policy.ExchangePhase.HEAD_HELD;
import static io.scimrouter.policy.ExchangePhase.RESPONDING;
import static io.scimrouter.policy.ExchangePhase.ROUTING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange's phases and its one end, driven through the real client pipeline and backend codec on embedded
 * channels: which phase each event leads to, what the client and the backend see, and the outcome recorded.
 */
class ExchangeLifecycleTest {
    private static final String LEGACY_USERS = "/scim/v2/p1/e1/Users";
    private static final String OK_2 = EmbeddedProxy.OK_2;
    private static final TenantResolver KNOWN = EmbeddedProxy.ACME_AND_GLOBEX;

    private EmbeddedProxy proxy;

    private EmbeddedProxy start(TenantResolver tenants) {
        return start(tenants, UnaryOperator.identity());
    }

    private EmbeddedProxy start(TenantResolver tenants, UnaryOperator<TestConfigs.Builder> config) {
        proxy = EmbeddedProxy.configured(config, tenants);
        return proxy;
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
    }

    @Test
    void legacyGet_goesThroughAwaitingAndResponding_toDone() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        Exchange ex = proxy.exchange();

        assertThat(ex.phase()).isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.backendReceived(0)).startsWith("GET /scim/v2/p1/e1/Users HTTP/1.1\r\n");

        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345");
        assertThat(ex.phase()).isEqualTo(RESPONDING);
        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n12345");

        proxy.backendSends(0, "67890");
        assertThat(ex.phase()).isEqualTo(DONE);
        assertThat(proxy.clientReceived()).isEqualTo("67890");
        assertThat(proxy.exchange()).isNull();
        assertThat(proxy.ended()).containsExactly(new EmbeddedProxy.Ended(DONE, 200, 0, 10, 0));
        assertThat(proxy.backend(0).isOpen()).as("back in the pool").isTrue();
    }

    @Test
    void bodyOfARequestWaitingForItsTenant_isQueuedInRouting_andFollowsTheHead() {
        CompletableFuture<TenantDecision> lookup = new CompletableFuture<>();
        start(query -> lookup).clientSends("POST /scim/v2/p1/e1/v2/acme/Users HTTP/1.1\r\nHost: h\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 5\r\n\r\nhello");
        Exchange ex = proxy.exchange();
        assertThat(ex.phase()).isEqualTo(ROUTING);
        assertThat(ex.requestComplete()).isTrue();
        assertThat(ex.queuedBytes()).isEqualTo(5);
        assertThat(proxy.backendConnections()).isZero();

        lookup.complete(new TenantDecision.Known("ACME-1", null));
        proxy.client().runPendingTasks(); // the lookup's answer hops back to the event loop

        assertThat(ex.phase()).isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.backendReceived(0)).startsWith("POST /scim/v2/p1/e1/Users HTTP/1.1\r\n")
                .contains("X-Tenant-Id: ACME-1\r\n").endsWith("\r\n\r\nhello");
        proxy.backendSends(0, OK_2);
        assertThat(proxy.ended()).containsExactly(new EmbeddedProxy.Ended(DONE, 200, 5, 2, ExchangeOutcome.BUFFERED));
    }

    @Test
    void unknownTenant_failsInRouting_with404_andNoConnectionIsLeased() {
        start(KNOWN).clientSends(get("/scim/v2/p1/e1/v2/nosuch/Users"));
        String error = ScimErrors.body(404, "Unknown tenant 'nosuch' in project 'p1', environment 'e1'");

        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 404 Not Found\r\n").endsWith("\r\n\r\n" + error);
        assertThat(proxy.backendConnections()).isZero();
        assertThat(proxy.ended()).as("the error's body is what the client was sent")
                .containsExactly(new EmbeddedProxy.Ended(FAILED, 404, 0, error.length(),
                        ExchangeOutcome.TENANT_UNKNOWN));
        assertThat(proxy.client().isOpen()).as("a bodiless request leaves nothing unread").isTrue();
    }

    @Test
    void backendDown_failsInLeasing_with502_andTheConnectFailureFlag() {
        start(KNOWN).refuseConnections();
        proxy.clientSends(get(LEGACY_USERS));

        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                .contains("The backend is unreachable");
        assertThat(proxy.ended()).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(FAILED);
            assertThat(e.flagged(ExchangeOutcome.CONNECT_FAILED)).isTrue();
        });
    }

    @Test
    void interimAnswer_isSkipped_andTheFinalAnswerFollows() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        Exchange ex = proxy.exchange();

        proxy.backendSends(0, "HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n");
        assertThat(ex.phase()).as("the interim answer's end leads back").isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.clientReceived()).isEmpty();

        proxy.backendSends(0, OK_2);
        assertThat(ex.phase()).isEqualTo(DONE);
        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Early Hints")
                .doesNotContain("Link:"); // not "103": a generated request id may contain it
    }

    @Test
    void rewrittenAnswer_holdsItsHead_untilTheRewriterHasBytes() {
        start(KNOWN).clientSends(get("/scim/v2/p1/e1/v2/Users"));
        Exchange ex = proxy.exchange();

        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        assertThat(ex.phase()).isEqualTo(HEAD_HELD);
        assertThat(proxy.clientReceived()).isEmpty();

        proxy.backendSends(0, "8\r\n{\"id\":\"7\r\n");
        assertThat(ex.phase()).isEqualTo(RESPONDING);
        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").contains("{\"id\":");

        proxy.backendSends(0, "2\r\n\"}\r\n0\r\n\r\n");
        assertThat(ex.phase()).isEqualTo(DONE);
        assertThat(proxy.clientReceived()).endsWith("0\r\n\r\n");
    }

    @Test
    void rewrittenExchange_countsTheBytesItRewroteInEachDirection_andTheUrls() {
        String request = "{\"$ref\":\"http://h/scim/v2/p1/e1/v2/acme/Users/7\"}";
        start(KNOWN).clientSends("POST /scim/v2/p1/e1/v2/acme/Groups HTTP/1.1\r\nHost: h\r\n"
                + "Content-Type: application/scim+json\r\nContent-Length: " + request.length() + "\r\n\r\n"
                + request);
        assertThat(proxy.backendReceived(0)).contains("\"http://h/scim/v2/p1/e1/Users/7\"");

        String answer = "{\"members\":[{\"$ref\":\"" + EmbeddedProxy.BACKEND + "/scim/v2/p1/e1/Users/7\"}],"
                + "\"meta\":{\"location\":\"" + EmbeddedProxy.BACKEND + "/scim/v2/p1/e1/Groups/9\"}}";
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: "
                + answer.length() + "\r\n\r\n" + answer);

        assertThat(proxy.clientReceived()).contains("\"http://h/scim/v2/p1/e1/v2/acme/Groups/9\"");
        assertThat(proxy.ended()).singleElement().extracting(EmbeddedProxy.Ended::phase).isEqualTo(DONE);
        assertThat(proxy.rewritten()).containsExactly(
                new EmbeddedProxy.Rewritten(3, request.length(), answer.length()));
    }

    @Test
    void legacyExchange_rewritesNothing() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        proxy.backendSends(0, OK_2);

        assertThat(proxy.rewritten()).containsExactly(new EmbeddedProxy.Rewritten(0, 0, 0));
    }

    @Test
    void rewriteLimitWhileTheHeadIsHeld_replacesTheAnswerWithA502() {
        start(KNOWN, b -> b.maxStringLength(10)).clientSends(get("/scim/v2/p1/e1/v2/Users"));

        String body = "{\"description\":\"" + "x".repeat(21) + "\"}";
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);

        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                .contains("exceeds the configured rewrite limits").doesNotContain("200 OK");
        assertThat(proxy.ended()).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(FAILED);
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.flagged(ExchangeOutcome.REWRITE_LIMIT)).isTrue();
        });
        assertThat(proxy.backend(0).isOpen()).as("its framing is unknown now").isFalse();
    }

    @Test
    void backendClosingMidAnswer_cutsTheClientConnection() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345");

        proxy.backend(0).close();
        proxy.client().runPendingTasks();

        assertThat(proxy.client().isOpen()).as("closed short of Content-Length").isFalse();
        assertThat(proxy.ended()).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(CUT);
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.responseBodyBytes()).isEqualTo(5);
            assertThat(e.flagged(ExchangeOutcome.UPSTREAM_CLOSED)).isTrue();
        });
    }

    @Test
    void reusedConnectionDeadBeforeTheAnswer_isRetriedOnceOnAFreshOne() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        proxy.backendSends(0, OK_2).clientReceived();
        proxy.backendReceived(0);

        proxy.clientSends(get(LEGACY_USERS + "/2"));
        Exchange second = proxy.exchange();
        assertThat(proxy.backendReceived(0)).as("the pooled connection is reused").startsWith("GET ");
        proxy.backend(0).close(); // as a backend that timed the idle connection out would
        proxy.client().runPendingTasks();

        assertThat(second.phase()).isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.backendConnections()).isEqualTo(2);
        assertThat(proxy.backendReceived(1)).startsWith("GET /scim/v2/p1/e1/Users/2 HTTP/1.1\r\n");
        proxy.backendSends(1, OK_2);
        assertThat(proxy.ended()).hasSize(2).last().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(DONE);
            assertThat(e.flags()).isEqualTo(ExchangeOutcome.RETRIED);
        });
    }

    @Test
    void clientGoingAway_abandonsTheExchange_andClosesItsBackendConnection() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        Exchange ex = proxy.exchange();

        proxy.client().close();

        assertThat(ex.phase()).isEqualTo(ABANDONED);
        assertThat(proxy.backend(0).isOpen()).as("mid-exchange: cannot be trusted").isFalse();
        assertThat(proxy.ended()).singleElement()
                .satisfies(e -> assertThat(e.flags()).isEqualTo(ExchangeOutcome.CLIENT_CLOSED));
    }

    @Test
    void noAnswerWithinTheResponseTimeout_is504() {
        start(KNOWN, b -> b.responseTimeout(Duration.ofSeconds(5))).clientSends(get(LEGACY_USERS));
        Exchange ex = proxy.exchange();

        proxy.advance(Duration.ofSeconds(4));
        assertThat(ex.phase()).isEqualTo(AWAITING_RESPONSE);
        proxy.advance(Duration.ofSeconds(2));

        assertThat(ex.phase()).isEqualTo(FAILED);
        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 504 Gateway Timeout\r\n")
                .contains("The backend did not answer in time");
        assertThat(proxy.ended()).singleElement()
                .satisfies(e -> assertThat(e.flags()).isEqualTo(ExchangeOutcome.UPSTREAM_TIMEOUT));
    }

    @Test
    void answerHeldBackForASlowClient_isNotABackendStall() {
        start(KNOWN, b -> b.responseTimeout(Duration.ofSeconds(5))).clientSends(get(LEGACY_USERS));
        Exchange ex = proxy.exchange();
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345");
        proxy.clientWritable(false);

        proxy.advance(Duration.ofSeconds(6));
        proxy.advance(Duration.ofSeconds(6));
        assertThat(ex.phase()).as("the router holds the backend back").isEqualTo(RESPONDING);

        proxy.clientWritable(true);
        proxy.advance(Duration.ofSeconds(6));
        assertThat(ex.phase()).as("reading again, and the backend sends nothing").isEqualTo(CUT);
        assertThat(proxy.ended()).singleElement()
                .satisfies(e -> assertThat(e.flags()).isEqualTo(ExchangeOutcome.UPSTREAM_TIMEOUT));
    }

    @Test
    void outcome_timesComeFromTheEventLoopsClock() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        Exchange ex = proxy.exchange();
        proxy.advance(Duration.ofMillis(250));
        proxy.backendSends(0, OK_2);

        assertThat(ex.endNanos() - ex.startNanos()).isEqualTo(Duration.ofMillis(250).toNanos());
        assertThat(ex.method()).isEqualTo("GET");
        assertThat(ex.route().backendTarget()).isEqualTo(LEGACY_USERS);
    }

    @Test
    void everyExchangeEndsExactlyOnce_inATerminalPhase() {
        start(KNOWN).clientSends(get(LEGACY_USERS));
        proxy.backendSends(0, OK_2);
        proxy.clientSends(get("/scim/v2/p1/e1/v2/nosuch/Users"));
        proxy.clientSends(get(LEGACY_USERS));
        proxy.client().close();

        assertThat(proxy.ended()).extracting(EmbeddedProxy.Ended::phase)
                .containsExactly(DONE, FAILED, ABANDONED)
                .allMatch(ExchangePhase::terminal);
    }
}
