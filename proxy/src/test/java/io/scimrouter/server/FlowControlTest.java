package io.scimrouter.server;

import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static io.scimrouter.policy.ExchangePhase.AWAITING_RESPONSE;
import static io.scimrouter.policy.ExchangePhase.BUFFERING;
import static io.scimrouter.policy.ExchangePhase.ROUTING;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of {@link FlowControl}, one per test, on embedded channels: when each side is read and when not. */
class FlowControlTest {
    private static final String LEGACY_USERS = "/scim/v2/p1/e1/Users";
    private final CompletableFuture<TenantDecision> lookup = new CompletableFuture<>();
    private EmbeddedProxy proxy;

    @BeforeEach
    void start() {
        start(UnaryOperator.identity());
    }

    private void start(UnaryOperator<TestConfigs.Builder> config) {
        if (proxy != null) {
            proxy.close();
        }
        proxy = EmbeddedProxy.configured(config, query -> query.tenant().equals("slow") ? lookup
                : CompletableFuture.completedFuture(new TenantDecision.Known(query.tenant(), null)));
    }

    /** server.requestBuffer.maxBytes 0: every body streams, so the streaming rules show. */
    private void startStreamingEveryBody() {
        start(b -> b.requestBuffer(0, 0));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static String chunk(int size) {
        return Integer.toHexString(size) + "\r\n" + "a".repeat(size) + "\r\n";
    }

    @Test
    void answerDirection_theBackendIsReadOnlyWhileTheClientKeepsUp() {
        proxy.clientSends("GET " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(10));
        assertThat(proxy.backendRead(0)).isTrue();

        proxy.clientWritable(false);
        assertThat(proxy.backendRead(0)).as("client full: backend paused").isFalse();
        assertThat(proxy.exchange().stuckOnClient()).isTrue();

        proxy.clientWritable(true);
        assertThat(proxy.backendRead(0)).as("client drained: backend resumed").isTrue();
    }

    @Test
    void answerDirection_aChunkThatFillsTheClient_pausesTheBackend() {
        proxy.clientSends("GET " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        // unwritable without its event reaching the router yet: only the write of the next chunk can notice
        proxy.client().unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        proxy.backendSends(0, chunk(10));

        assertThat(proxy.backendRead(0)).isFalse();
    }

    @Test
    void answerDirection_aConnectionBackInThePool_isReadAgain_toNoticeACloseWhileIdle() {
        proxy.clientSends("GET " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(10));
        proxy.clientWritable(false);
        assertThat(proxy.backendRead(0)).isFalse();

        proxy.backendSends(0, "0\r\n\r\n"); // the last chunk was already on its way

        assertThat(proxy.exchange()).isNull();
        assertThat(proxy.backend(0).isOpen()).isTrue();
        assertThat(proxy.backendRead(0)).isTrue();
    }

    @Test
    void requestDirection_aBodyStreamingToABackendThatCannotTakeIt_stopsReadingTheClient() {
        startStreamingEveryBody();
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk(100));
        assertThat(proxy.exchange().phase()).isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.clientRead()).isTrue();

        proxy.backendWritable(0, false);
        assertThat(proxy.clientRead()).as("backend full: client paused").isFalse();

        proxy.backendWritable(0, true);
        assertThat(proxy.clientRead()).as("backend drained: client resumed").isTrue();
    }

    @Test
    void requestDirection_aCompleteRequest_keepsTheClientReadEvenWhenTheBackendIsFull() {
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(proxy.exchange().requestComplete()).isTrue();

        proxy.backendWritable(0, false);

        assertThat(proxy.clientRead()).as("what comes is a next request, bounded on its own").isTrue();
    }

    @Test
    void requestDirection_aRequestWaitingForItsTenant_isReadAheadUpTo64KiB() {
        startStreamingEveryBody();
        proxy.clientSends("POST /scim/v2/p1/e1/v2/slow/Users HTTP/1.1\r\nHost: h\r\n"
                + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 4; i++) {
            proxy.clientSends(chunk(16 * 1024));
        }
        assertThat(proxy.exchange().phase()).isEqualTo(ROUTING);
        assertThat(proxy.exchange().queuedBytes()).isEqualTo(FlowControl.MAX_HELD_BYTES);
        assertThat(proxy.clientRead()).as("exactly 64 KiB held: still reading").isTrue();

        proxy.clientSends(chunk(1));
        assertThat(proxy.clientRead()).as("over 64 KiB held: paused").isFalse();

        lookup.complete(new TenantDecision.Known("slow", null));
        proxy.client().runPendingTasks();
        assertThat(proxy.exchange().phase()).isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.clientRead()).as("the queue went to the backend").isTrue();
    }

    @Test
    void requestDirection_aBodyBeingBuffered_isReadPast64KiB_upToItsLimit_thenStreamsUnderThe64KiBRule() {
        start(b -> b.requestBuffer(100 * 1024, 1024 * 1024));
        proxy.clientSends("POST /scim/v2/p1/e1/v2/slow/Users HTTP/1.1\r\nHost: h\r\n"
                + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 6; i++) {
            proxy.clientSends(chunk(16 * 1024));
        }
        assertThat(proxy.exchange().phase()).isEqualTo(ROUTING);
        assertThat(proxy.exchange().buffering()).isTrue();
        assertThat(proxy.clientRead()).as("96 KiB buffered, within 100 KiB: still reading").isTrue();

        proxy.clientSends(chunk(16 * 1024));
        assertThat(proxy.exchange().buffering()).as("grown past the limit: it streams").isFalse();
        assertThat(proxy.clientRead()).as("112 KiB held before the head is written: paused").isFalse();

        lookup.complete(new TenantDecision.Known("slow", null));
        proxy.client().runPendingTasks();
        assertThat(proxy.exchange().phase()).isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.backendReceived(0)).contains("Transfer-Encoding: chunked\r\n");
        assertThat(proxy.clientRead()).as("the queue went to the backend").isTrue();
    }

    @Test
    void requestDirection_aWholeBodyBeingBuffered_keepsTheClientRead_whileTheBackendIsNotAskedYet() {
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 200000\r\n\r\n"
                + "a".repeat(150_000));

        assertThat(proxy.exchange().phase()).isEqualTo(BUFFERING);
        assertThat(proxy.exchange().queuedBytes()).isEqualTo(150_000);
        assertThat(proxy.clientRead()).isTrue();
        assertThat(proxy.backendConnections()).isZero();
    }

    @Test
    void requestDirection_pipelinedRequestsBehindAnAnswer_areHeldUpToSixteenMessages() {
        proxy.clientSends("GET " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
        // each pipelined GET is two messages, its head and its empty last chunk
        for (int i = 0; i < 8; i++) {
            proxy.clientSends("GET " + LEGACY_USERS + "/" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        assertThat(proxy.clientRead()).as("16 held").isTrue();

        proxy.clientSends("GET " + LEGACY_USERS + "/8 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(proxy.clientRead()).as("18 held").isFalse();

        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(proxy.clientRead()).as("the next request left the queue").isTrue();
    }

    @Test
    void aRequestTheRouterRefusesWithAClose_stopsReadingTheClientForGood() {
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999\r\n\r\n");

        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
        assertThat(proxy.clientRead()).isFalse();
    }
}
