package io.scimrouter.server;

import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.testing.StrictHttp1;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.scimrouter.policy.ExchangePhase.AWAITING_RESPONSE;
import static io.scimrouter.policy.ExchangePhase.BUFFERING;
import static io.scimrouter.policy.ExchangePhase.DONE;
import static io.scimrouter.policy.ExchangePhase.FAILED;
import static io.scimrouter.policy.ExchangePhase.ROUTING;
import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Request buffering (server.requestBuffer, server.requestBodyTimeout) on embedded channels, where every byte the
 * router writes to a backend is visible and time moves only when the test says: a small body is received whole and
 * checked before any backend connection is taken, then sent with an exact Content-Length; a larger one streams.
 */
class BufferedRequestTest {
    private static final String LEGACY_USERS = "/scim/v2/p1/e1/Users";
    private static final String ACME_USERS = "/scim/v2/p1/e1/v2/acme/Users";
    private static final String OK_2 = EmbeddedProxy.OK_2;
    private static final TenantResolver KNOWN = EmbeddedProxy.ACME_AND_GLOBEX;

    private EmbeddedProxy proxy;

    private EmbeddedProxy start(UnaryOperator<TestConfigs.Builder> config) {
        return start(KNOWN, config);
    }

    private EmbeddedProxy start(TenantResolver tenants, UnaryOperator<TestConfigs.Builder> config) {
        proxy = EmbeddedProxy.configured(config, tenants);
        return proxy;
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            assertThat(proxy.bufferBudget().used()).as("every reservation given back").isZero();
            proxy.close();
        }
    }

    private static String chunkedHead(String target, String contentType) {
        return "POST " + target + " HTTP/1.1\r\nHost: h\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    /** What the backend received, strictly parsed: one request. */
    private StrictHttp1.Message backendRequest(int connection) throws StrictHttp1.Violation {
        byte[] bytes = proxy.backendReceived(connection).getBytes(StandardCharsets.ISO_8859_1);
        StrictHttp1.Message m = StrictHttp1.request(bytes, 0);
        assertThat(m).as("a whole request").isNotNull();
        assertThat(m.length()).as("nothing after it").isEqualTo(bytes.length);
        return m;
    }

    // ---- broken framing never reaches a backend ---------------------------------------------------------------

    /** The framing vectors of issue 12, each a chunked body the decoder finds broken after the head. */
    static final List<String> BROKEN_BODIES = List.of(
            "0x10\r\n" + "a".repeat(16) + "\r\n0\r\n\r\n",                  // not a hexadecimal size
            "5;ext=\"a\r\nb\"\r\nhello\r\n0\r\n\r\n",                       // a quoted CR LF in a chunk extension
            "ffffffffffffffffff1\r\nabc\r\n0\r\n\r\n",                      // a size that overflows
            "5\r\nhello\r\n0\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",          // last chunk without its final CRLF
            "5\r\nhello0\r\n\r\n");                                          // chunk data without its CRLF

    static Stream<Arguments> brokenFraming() {
        List<Arguments> cases = new ArrayList<>();
        for (String body : BROKEN_BODIES) {
            for (String target : List.of(LEGACY_USERS, ACME_USERS)) {
                for (boolean warm : List.of(false, true)) {
                    for (boolean split : List.of(false, true)) {
                        cases.add(arguments(body, target, warm, split));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}, warm pool {2}, head and body apart {3}: {0}")
    @MethodSource("brokenFraming")
    void brokenChunkedFraming_isRefused400_andNoByteReachesTheBackend(String body, String target, boolean warm,
                                                                       boolean split) {
        start(b -> b);
        if (warm) {
            proxy.clientSends("GET " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\n\r\n").backendSends(0, OK_2);
            assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 200 OK");
            assertThat(proxy.backendReceived(0)).startsWith("GET ");
        }
        String head = chunkedHead(target, "application/scim+json");
        if (split) {
            proxy.clientSends(head);
            assertThat(proxy.exchange().phase()).isEqualTo(BUFFERING);
            proxy.clientSends(body);
        } else {
            proxy.clientSends(head + body);
        }

        assertScimError(proxy.clientReceived(), 400);
        assertThat(proxy.client().isOpen()).as("the connection cannot be trusted to be in sync").isFalse();
        assertThat(proxy.backendConnections()).isEqualTo(warm ? 1 : 0);
        if (warm) {
            assertThat(proxy.backendReceived(0)).as("not a byte of the broken request").isEmpty();
            assertThat(proxy.backend(0).isOpen()).as("the idle connection stays in the pool").isTrue();
        }
        assertThat(proxy.ended()).last().extracting(EmbeddedProxy.Ended::phase, EmbeddedProxy.Ended::status)
                .containsExactly(FAILED, 400);
    }

    // ---- whole bodies get an exact length ---------------------------------------------------------------------

    @Test
    void smallV2Post_inPieces_reachesTheBackendWithContentLength_andWithoutTransferEncoding() throws Exception {
        start(b -> b);
        String json = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"bjensen\"}";
        proxy.clientSends(chunkedHead(ACME_USERS, "application/scim+json"));
        proxy.clientSends(chunk(json.substring(0, 20)));
        assertThat(proxy.backendConnections()).as("nothing asked of the backend before the body is whole").isZero();
        proxy.clientSends(chunk(json.substring(20)) + "0\r\n\r\n");

        StrictHttp1.Message forwarded = backendRequest(0);
        assertThat(forwarded.startLine()).isEqualTo("POST /scim/v2/p1/e1/Users HTTP/1.1");
        assertThat(forwarded.values("Content-Length")).containsExactly(String.valueOf(json.length()));
        assertThat(forwarded.values("Transfer-Encoding")).isEmpty();
        assertThat(forwarded.bodyText()).isEqualTo(json);
        proxy.backendSends(0, OK_2);
        assertThat(proxy.ended()).containsExactly(new EmbeddedProxy.Ended(DONE, 200, json.length(), 2,
                ExchangeOutcome.BUFFERED));
    }

    @Test
    void smallLegacyPost_chunked_reachesTheBackendWithContentLength_andTheSameBytes() throws Exception {
        start(b -> b);
        String body = "{\"a\": 1,\n \"b\":\"\u00e9\"}";
        proxy.clientSends(chunkedHead(LEGACY_USERS, "application/scim+json") + chunk(body.substring(0, 7)));
        proxy.clientSends(chunk(body.substring(7)) + "0\r\nX-Trailer: t\r\n\r\n");

        StrictHttp1.Message forwarded = backendRequest(0);
        assertThat(forwarded.values("Content-Length")).containsExactly(String.valueOf(body.length()));
        assertThat(forwarded.values("Transfer-Encoding")).isEmpty();
        assertThat(forwarded.bodyText()).isEqualTo(body);
    }

    @Test
    void aStreamedChunkedBody_goesOutWithOneChunkedLine_whateverItsSpelling() {
        start(b -> b.requestBuffer(0, 0));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:  CHUNKED \r\n\r\n"
                + chunk("ab"));

        assertThat(proxy.backendReceived(0)).contains("\r\nTransfer-Encoding: chunked\r\n")
                .doesNotContain("CHUNKED");
        proxy.clientSends("0\r\n\r\n");
    }

    @Test
    void smallPostWithContentLength_keepsItsHeadAsSent_andWaitsForItsBody() throws Exception {
        start(b -> b);
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
        assertThat(proxy.exchange().phase()).isEqualTo(BUFFERING);
        assertThat(proxy.backendConnections()).isZero();

        proxy.clientSends("56789");

        StrictHttp1.Message forwarded = backendRequest(0);
        assertThat(forwarded.values("Content-Length")).containsExactly("10");
        assertThat(forwarded.bodyText()).isEqualTo("0123456789");
    }

    @Test
    void aBodyArrivingInManyTinyPieces_isForwardedWhole_andExact() throws Exception {
        start(b -> b);
        StringBuilder body = new StringBuilder();
        proxy.clientSends(chunkedHead(LEGACY_USERS, "application/octet-stream"));
        for (int i = 0; i < 300; i++) {
            String piece = String.valueOf((char) ('a' + i % 26));
            body.append(piece);
            proxy.clientSends(chunk(piece));
        }
        assertThat(proxy.exchange().queuedBytes()).isEqualTo(300);
        proxy.clientSends("0\r\n\r\n");

        StrictHttp1.Message forwarded = backendRequest(0);
        assertThat(forwarded.values("Content-Length")).containsExactly("300");
        assertThat(forwarded.bodyText()).isEqualTo(body.toString());
    }

    // ---- what streams ------------------------------------------------------------------------------------------

    @Test
    void aChunkedBodyGrowingPastTheLimit_streams_withWhatWasBufferedFirst() throws Exception {
        start(b -> b.requestBuffer(1000, 1_000_000));
        proxy.clientSends(chunkedHead(LEGACY_USERS, "application/octet-stream") + chunk("a".repeat(600)));
        assertThat(proxy.backendConnections()).isZero();

        proxy.clientSends(chunk("b".repeat(600)));

        assertThat(proxy.exchange().phase()).isEqualTo(AWAITING_RESPONSE);
        String sent = proxy.backendReceived(0);
        assertThat(sent).contains("Transfer-Encoding: chunked\r\n").doesNotContain("Content-Length")
                .endsWith("258\r\n" + "a".repeat(600) + "\r\n258\r\n" + "b".repeat(600) + "\r\n");
        proxy.clientSends(chunk("c") + "0\r\n\r\n");
        assertThat(proxy.backendReceived(0)).isEqualTo("1\r\nc\r\n0\r\n\r\n");
    }

    @Test
    void aDeclaredLengthOverTheLimit_streamsAtOnce() {
        start(b -> b.requestBuffer(1000, 1_000_000));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\nab");

        assertThat(proxy.exchange().phase()).isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.backendReceived(0)).contains("Content-Length: 1001\r\n").endsWith("\r\n\r\nab");
    }

    @Test
    void aBodyThatFindsTheBudgetSpent_streams_andTheBudgetIsGivenBack() {
        start(b -> b.requestBuffer(1000, 1500));
        assertThat(proxy.bufferBudget().tryReserve(1000)).isTrue(); // another connection holds most of it
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 600\r\n\r\nab");

        assertThat(proxy.exchange().phase()).as("600 does not fit the 500 left").isEqualTo(AWAITING_RESPONSE);
        assertThat(proxy.backendReceived(0)).endsWith("\r\n\r\nab");
        proxy.bufferBudget().release(1000);

        proxy.clientSends("c".repeat(598));
        proxy.backendSends(0, OK_2);
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 600\r\n\r\nab");
        assertThat(proxy.exchange().phase()).as("now it fits").isEqualTo(BUFFERING);
        assertThat(proxy.bufferBudget().used()).isEqualTo(600);
        proxy.clientSends("d".repeat(598));
        assertThat(proxy.bufferBudget().used()).as("given back when the body left").isZero();
        proxy.backendSends(0, OK_2);
    }

    @Test
    void bufferingOff_everyBodyStreams() {
        start(b -> b.requestBuffer(0, 0));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab");

        assertThat(proxy.exchange().phase()).isEqualTo(AWAITING_RESPONSE);
    }

    // ---- slow bodies --------------------------------------------------------------------------------------------

    @Test
    void aStalledSmallUpload_holdsNoBackendConnection_andIsAnswered408() {
        start(b -> b.requestBodyTimeout(Duration.ofSeconds(30)));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789");
        proxy.advance(Duration.ofSeconds(29));
        assertThat(proxy.exchange().phase()).isEqualTo(BUFFERING);

        proxy.advance(Duration.ofSeconds(2));

        assertScimError(proxy.clientReceived(), 408);
        assertThat(proxy.client().isOpen()).isFalse();
        assertThat(proxy.backendConnections()).isZero();
        assertThat(proxy.ended()).hasSize(1);
        assertThat(proxy.ended().get(0).phase()).isEqualTo(FAILED);
        assertThat(proxy.ended().get(0).status()).isEqualTo(408);
        assertThat(proxy.ended().get(0).flagged(ExchangeOutcome.BODY_TIMEOUT)).isTrue();
    }

    @Test
    void aSlowUploadThatKeepsComing_isNotCut_itsGapsAreTimedOneByOne() throws Exception {
        start(b -> b.requestBodyTimeout(Duration.ofSeconds(30)));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n");
        for (String piece : List.of("a", "b", "c")) {
            proxy.advance(Duration.ofSeconds(20));
            proxy.clientSends(piece);
        }
        assertThat(proxy.backendConnections()).isZero();
        proxy.advance(Duration.ofSeconds(20));
        proxy.clientSends("d");

        assertThat(backendRequest(0).bodyText()).isEqualTo("abcd");
    }

    @Test
    void aStalledUploadWhileTheTenantIsLookedUp_is408_andTheLateAnswerIsIgnored() {
        CompletableFuture<TenantDecision> lookup = new CompletableFuture<>();
        start(query -> lookup, b -> b);
        proxy.clientSends("POST " + ACME_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01");
        assertThat(proxy.exchange().phase()).isEqualTo(ROUTING);

        proxy.advance(Duration.ofSeconds(31));
        assertScimError(proxy.clientReceived(), 408);

        lookup.complete(new TenantDecision.Known("acme", null));
        proxy.client().runPendingTasks();
        assertThat(proxy.backendConnections()).isZero();
    }

    @Test
    void aStalledStreamingUpload_is408_andItsBackendConnectionIsClosed() {
        start(b -> b.requestBuffer(1000, 1_000_000).requestBodyTimeout(Duration.ofSeconds(30)));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\nab");
        assertThat(proxy.exchange().phase()).isEqualTo(AWAITING_RESPONSE);

        proxy.advance(Duration.ofSeconds(31));

        assertScimError(proxy.clientReceived(), 408);
        assertThat(proxy.backend(0).isOpen()).as("the backend saw a cut request: never reused").isFalse();
        assertThat(proxy.ended().get(0).flagged(ExchangeOutcome.BODY_TIMEOUT)).isTrue();
        assertThat(proxy.ended().get(0).flagged(ExchangeOutcome.UPSTREAM_TIMEOUT)).as("not the backend's fault")
                .isFalse();
    }

    /** Found by HttpFuzzTest: the body timer was armed only at the end of a read, and a replay is none. */
    @ParameterizedTest(name = "request buffer {0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {256 * 1024, 0})
    void aPipelinedUploadWhoseBodyNeverComes_is408_afterTheAnswerBeforeIt(int bufferBytes) {
        start(b -> b.requestBuffer(bufferBytes, bufferBytes).requestBodyTimeout(Duration.ofSeconds(30)));
        proxy.clientSends("GET " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n");
        proxy.backendReceived(0);
        proxy.backendSends(0, OK_2); // the POST is replayed from the held messages, its body still owed
        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(proxy.exchange()).as("the POST's exchange").isNotNull();

        proxy.advance(Duration.ofSeconds(31));

        assertScimError(proxy.clientReceived(), 408);
        assertThat(proxy.client().isOpen()).isFalse();
        assertThat(proxy.ended()).hasSize(2);
        assertThat(proxy.ended().get(1).flagged(ExchangeOutcome.BODY_TIMEOUT)).isTrue();
        for (int i = 0; i < proxy.backendConnections(); i++) {
            assertThat(proxy.backend(i).isOpen() && !proxy.backendReceived(i).isEmpty())
                    .as("no backend connection kept with part of the POST").isFalse();
        }
    }

    @Test
    void aStreamingUploadHeldBackByTheBackend_isNotTheClientsGap() {
        start(b -> b.requestBuffer(0, 0).requestBodyTimeout(Duration.ofSeconds(30))
                .responseTimeout(Duration.ofSeconds(100)));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\nab");
        proxy.backendWritable(0, false);
        assertThat(proxy.clientRead()).isFalse();

        proxy.advance(Duration.ofSeconds(60));

        assertThat(proxy.clientReceived()).isEmpty();
        assertThat(proxy.exchange()).isNotNull();
        proxy.backendWritable(0, true);
    }

    // ---- Expect: 100-continue --------------------------------------------------------------------------------

    @Test
    void expectContinue_onABufferedBody_isAnsweredByTheRouter_beforeAnyBackendConnection() throws Exception {
        start(b -> b);
        proxy.clientSends("POST " + ACME_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/scim+json\r\n"
                + "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n");

        assertThat(proxy.clientReceived()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(proxy.backendConnections()).isZero();

        proxy.clientSends("{}");
        StrictHttp1.Message forwarded = backendRequest(0);
        assertThat(forwarded.values("Expect")).isEmpty();
        assertThat(forwarded.values("Content-Length")).containsExactly("2");
        assertThat(forwarded.bodyText()).isEqualTo("{}");
    }

    @Test
    void expectContinue_forAnUnknownTenant_isRefusedWithoutAskingForTheBody() {
        start(b -> b);
        proxy.clientSends("POST /scim/v2/p1/e1/v2/nosuch/Users HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n"
                + "Expect: 100-continue\r\n\r\n");

        assertScimError(proxy.clientReceived(), 404);
        assertThat(proxy.backendConnections()).isZero();
    }

    @Test
    void expectContinue_onAStreamingBody_isAnsweredOnceTheBackendHasTheHead() {
        start(b -> b.requestBuffer(1000, 1_000_000));
        proxy.clientSends("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n"
                + "Expect: 100-continue\r\n\r\n");

        assertThat(proxy.backendReceived(0)).startsWith("POST " + LEGACY_USERS).doesNotContain("Expect");
        assertThat(proxy.clientReceived()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    }

    @Test
    void expectContinue_theBodyTimerStartsWithThe100() {
        CompletableFuture<TenantDecision> lookup = new CompletableFuture<>();
        start(query -> lookup, b -> b.requestBodyTimeout(Duration.ofSeconds(30)));
        proxy.clientSends("POST " + ACME_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n"
                + "Expect: 100-continue\r\n\r\n");
        proxy.advance(Duration.ofSeconds(40)); // a slow lookup: the client was not asked for anything yet
        assertThat(proxy.clientReceived()).isEmpty();

        lookup.complete(new TenantDecision.Known("acme", null));
        proxy.client().runPendingTasks();
        assertThat(proxy.clientReceived()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        proxy.advance(Duration.ofSeconds(31));
        assertScimError(proxy.clientReceived(), 408);
    }

    // ---- limits -------------------------------------------------------------------------------------------------

    @Test
    void aChunkedBodyOverTheBodyLimit_is413_andNeverReachesTheBackend() {
        start(b -> b.maxRequestBodyBytes(1000));
        proxy.clientSends(chunkedHead(LEGACY_USERS, "application/octet-stream") + chunk("a".repeat(600)));
        proxy.clientSends(chunk("a".repeat(600)));

        assertScimError(proxy.clientReceived(), 413);
        assertThat(proxy.backendConnections()).isZero();
    }
}
