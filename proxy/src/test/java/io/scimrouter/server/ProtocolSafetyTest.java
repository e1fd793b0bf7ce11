package io.scimrouter.server;

import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/** Smuggling, oversize input and broken backends: each answered truthfully, nothing forwarded that should not be. */
class ProtocolSafetyTest {
    private static final String USERS = "/scim/v2/p1/e1/v2/acme/Users";

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().config(b -> b.maxRequestBodyBytes(1000));

    @ParameterizedTest
    @ValueSource(strings = {
        // CL.TE and TE.CL
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
        // conflicting and duplicated lengths
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 4, 5\r\n\r\nabcde",
        // transfer codings a proxy must not guess about
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
        "POST " + USERS + " HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // whitespace before the colon, obsolete line folding
        "GET " + USERS + " HTTP/1.1\r\nHost: h\r\nX-Tenant-Id : evil\r\n\r\n",
        // bare LF line endings
        "GET " + USERS + " HTTP/1.1\nHost: h\nX-Tenant-Id: evil\n\n",
        // Host problems
        "GET " + USERS + " HTTP/1.1\r\n\r\n",
        "GET " + USERS + " HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET " + USERS + " HTTP/1.1\r\nHost: evil.com/scim\r\n\r\n",
        "GET " + USERS + " HTTP/1.1\r\nHost: a@b\r\n\r\n",
    })
    void ambiguousRequests_are400_andNeverForwarded(String raw) throws Exception {
        RawHttp.Response r = router.exchange(raw);
        assertScimError(r, 400);
        assertThat(router.backend().received()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // a coding before chunked, which the codec accepts: the backend might not implement it
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n",
        // TE.TE: a backend that reads only the first of two lines would not see the chunks
        "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\nTransfer-Encoding: chunked\r\n"
            + "\r\n5\r\nhello\r\n0\r\n\r\n",
        "POST /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\n\r\n",
    })
    void transferCodingsOtherThanChunkedAlone_are501_andNeverForwarded(String raw) throws Exception {
        try (RawHttp http = router.connect()) {
            assertScimError(http.send(raw).read(), 501);
            assertThat(http.awaitClose()).isIn(RawHttp.Close.FIN, RawHttp.Close.RESET);
        }
        assertThat(router.backend().received()).isEmpty();
        assertThat(router.backend().connectionsAccepted()).isZero();
    }

    /**
     * RFC 9112 section 5.2 lets a server either refuse obs-fold with 400 or replace it with a space before it
     * interprets or forwards the field. Netty's decoder does the latter, so the folded line stays part of X-A's value:
     * one header, one line, and no tenant header from the client.
     */
    @Test
    void obsoleteLineFolding_becomesASpaceInThePreviousField_andCannotSmuggleATenantHeader() throws Exception {
        RawHttp.Response r = router.exchange(
                "GET " + USERS + " HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n X-Tenant-Id: evil\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(router.backend().received()).hasSize(1);
        assertThat(router.backend().received().get(0).headers().getAll("X-A")).containsExactly("1 X-Tenant-Id: evil");
        assertThat(router.backend().received().get(0).headers().getAll("X-Tenant-Id")).containsExactly("acme");
    }

    @Test
    void bodyOverTheLimit_withContentLength_is413_beforeAnyBackendCall() throws Exception {
        try (RawHttp http = router.connect()) {
            RawHttp.Response r = http.send("POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n")
                    .read();
            assertScimError(r, 413);
            assertThat(http.awaitClose()).as("the router read the whole head, nothing of ours is unread")
                    .isEqualTo(RawHttp.Close.FIN);
        }
        assertThat(router.backend().received()).isEmpty();
        assertThat(router.backend().connectionsAccepted()).isZero();
    }

    @Test
    void bodyOverTheLimit_chunked_is413_andTheBackendNeverGetsAWholeRequest() throws Exception {
        String chunk = "a".repeat(600);
        try (RawHttp http = router.connect()) {
            http.send("POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "258\r\n" + chunk + "\r\n" + "258\r\n" + chunk + "\r\n0\r\n\r\n");
            assertScimError(http.read(), 413);
        }
        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void headersOverTheLimit_are431() throws Exception {
        assertScimError(router.exchange("GET " + USERS + " HTTP/1.1\r\nHost: h\r\nX-Big: " + "x".repeat(20_000)
                + "\r\n\r\n"), 431);
        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void requestLineOverTheLimit_is414() throws Exception {
        assertScimError(
                router.exchange("GET " + USERS + "?filter=" + "x".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n"),
                414);
        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void backendRefusingConnections_is502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closedPort);
        router.start(TestConfigs.defaults(dead));
        assertScimError(router.exchange("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n"), 502);
    }

    @Test
    void backendNotAnsweringInTime_is504() throws Exception {
        router.start(TestConfigs.builder(router.backend().uri()).responseTimeout(Duration.ofMillis(300)).build());
        router.backend().respond((req, ctx) -> { });
        assertScimError(router.exchange("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n"), 504);
        assertThat(router.backend().received()).hasSize(1);
    }

    @Test
    void backendHangingUpWithoutAnswer_is502() throws Exception {
        router.backend().respond(TestBackend.hangUp());
        assertScimError(router.exchange("POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}"), 502);
    }

    @Test
    void backendCuttingTheBody_isNeverPassedOffAsWhole() throws Exception {
        router.backend().respond((req, ctx) -> {
            io.netty.handler.codec.http.HttpResponse head = new io.netty.handler.codec.http.DefaultHttpResponse(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpResponseStatus.OK);
            head.headers().set("Content-Length", 100);
            ctx.write(head);
            ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultHttpContent(
                    io.netty.buffer.Unpooled.copiedBuffer("{\"partial\":", java.nio.charset.StandardCharsets.UTF_8)))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        });
        RawHttp.Response r = router.exchange("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.complete()).isFalse();
    }

    @Test
    void expectContinue_isAnsweredByTheRouter_andNotForwarded() throws Exception {
        try (RawHttp http = router.connect()) {
            http.send("POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            // the 100 arrives before we send the body: read() skips it and then waits for the final answer
            http.send("{}");
            assertThat(http.read().status()).isEqualTo(200);
        }
        assertThat(router.backend().received().get(0).headers().contains("Expect")).isFalse();
        assertThat(router.backend().received().get(0).body()).isEqualTo("{}");
    }

    @Test
    void methodConnect_isRefused() throws Exception {
        assertScimError(router.exchange("CONNECT " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n"), 405);
    }
}
