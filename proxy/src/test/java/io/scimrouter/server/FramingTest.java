package io.scimrouter.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Message framing toward the client whatever the backend does: HEAD, 204, close-delimited bodies, HTTP/1.0. */
class FramingTest {
    private static final String LEGACY = "/scim/v2/p1/e1/Users";

    @RegisterExtension
    final RouterExtension router = RouterExtension.create();

    @Test
    void head_keepsContentLength_andSendsNoBody() throws Exception {
        router.backend().respond((req, ctx) -> {
            if (!req.method().equals("HEAD")) {
                ctx.writeAndFlush(TestBackend.json(200, "{}"));
                return;
            }
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set("Content-Length", 1234).set("Content-Type", "application/scim+json");
            ctx.writeAndFlush(r);
        });
        try (RawHttp http = router.connect()) {
            http.send("HEAD /scim/v2/p1/e1/v2/acme/Users/7 HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response r = http.read(true);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo("1234");
            // the connection is still in sync: a second request works
            http.send("GET " + LEGACY + " HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response next = http.read();
            assertThat(next.bodyText()).isEqualTo("{}");
            assertThat(next.complete()).isTrue();
        }
    }

    @Test
    void noContent_isPassedOnWithoutABody() throws Exception {
        router.backend().respond((req, ctx) -> ctx.writeAndFlush(
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT)));
        try (RawHttp http = router.connect()) {
            http.send("DELETE " + LEGACY + "/7 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(204);
            http.send("DELETE " + LEGACY + "/8 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(204); // still in sync after a bodiless answer
        }
    }

    @Test
    void closeDelimitedAnswer_isChunkedToTheClient_andTheConnectionKept() throws Exception {
        router.backend().respond((req, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set("Connection", "close").set("Content-Type", "application/scim+json");
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8)))
                    .addListener(ChannelFutureListener.CLOSE);
        });
        try (RawHttp http = router.connect()) {
            http.send("GET " + LEGACY + " HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response r = http.read();
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(r.bodyText()).isEqualTo("{\"a\":1}");
            assertThat(r.complete()).isTrue();
            http.send("GET " + LEGACY + " HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().bodyText()).isEqualTo("{\"a\":1}");
        }
        assertThat(router.backend().connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void http10Client_getsAnUnchunkedAnswer_andTheConnectionClosed() throws Exception {
        router.backend().respond(router.backend().stream(100_000, "application/octet-stream"));
        try (RawHttp http = router.connect()) {
            http.send("GET " + LEGACY + " HTTP/1.0\r\nHost: h\r\n\r\n");
            RawHttp.Response r = http.read();
            assertThat(r.header("Transfer-Encoding")).isNull();
            assertThat(r.body()).hasSize(100_000);
            assertThat(http.awaitClose()).as("nothing of ours unread").isEqualTo(RawHttp.Close.FIN);
        }
        assertThat(router.backend().received().get(0).headers().get("Host")).isEqualTo("h");
    }

    @Test
    void http10ClientWithKeepAlive_keepsItsConnection_whenTheAnswerHasALength() throws Exception {
        try (RawHttp http = router.connect()) {
            http.send("GET " + LEGACY + " HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n");
            RawHttp.Response r = http.read();
            assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
            http.send("GET " + LEGACY + " HTTP/1.0\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(http.awaitClose()).as("nothing of ours unread").isEqualTo(RawHttp.Close.FIN);
        }
    }
}
