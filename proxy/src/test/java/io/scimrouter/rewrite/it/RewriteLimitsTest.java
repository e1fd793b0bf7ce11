package io.scimrouter.rewrite.it;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static io.scimrouter.rewrite.it.RewriteFixtures.ACME_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.LEGACY_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.answering;
import static io.scimrouter.rewrite.it.RewriteFixtures.get;
import static io.scimrouter.rewrite.it.RewriteFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** rewrite.maxStringLength on answers: a SCIM error while nothing was sent, a cut connection after that. */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class RewriteLimitsTest {
    private static final int MAX_STRING = 1000;

    /** The router's body rewriters: every test runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().rewriters(() -> rewriter)
            .config(b -> b.maxStringLength(MAX_STRING));

    @Test
    void firstValueLongerThanTheLimit_isA502ScimError() throws Exception {
        router.backend().respond(answering(200, "application/scim+json",
                "{\"description\":\"" + "x".repeat(2 * MAX_STRING) + "\",\"id\":\"7\"}"));

        try (RawHttp http = router.connect()) {
            RawHttp.Response r = http.send(get(ACME_BASE + "/Users/7")).read();

            assertThat(r.status()).isEqualTo(502);
            assertThat(r.complete()).isTrue();
            assertThat(r.header("Content-Type")).startsWith("application/scim+json");
            assertThat(r.bodyText()).contains("urn:ietf:params:scim:api:messages:2.0:Error", "\"status\":\"502\"")
                    .doesNotContain("xxxx");
        }
    }

    @Test
    void longStringAfterOutputWasSent_cutsTheConnectionWithoutTerminatingChunk() throws Exception {
        StringBuilder prefix = new StringBuilder("{\"Resources\":[");
        while (prefix.length() < 200 * 1024) { // several reads: output leaves the router before the long string
            prefix.append("{\"id\":\"1\",\"meta\":{\"location\":\"").append(router.backend().uri()).append(LEGACY_BASE)
                    .append("/Users/1\"}},");
        }
        byte[] first = utf8(prefix.toString());
        byte[] rest = utf8("{\"description\":\"" + "y".repeat(4 * MAX_STRING) + "\"}]}");
        router.backend().respond((req, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/scim+json");
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(first)));
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(rest)));
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        });

        try (RawHttp http = router.connect()) {
            RawHttp.Response r = http.send(get(ACME_BASE + "/Users")).read();

            assertThat(r.status()).isEqualTo(200);
            assertThat("chunked".equalsIgnoreCase(r.header("Transfer-Encoding"))).isTrue();
            assertThat(r.complete()).as("no terminating chunk").isFalse();
            assertThat(r.body().length).isGreaterThan(0).isLessThan(first.length + rest.length + 100_000);
            assertThat(http.awaitClose()).as("we sent a GET head only, all read").isEqualTo(RawHttp.Close.FIN);
        }
    }

    @Test
    void routerStillServesAfterALimitError() throws Exception {
        router.backend().respond(
                answering(200, "application/scim+json", "{\"d\":\"" + "x".repeat(2 * MAX_STRING) + "\"}"));
        try (RawHttp http = router.connect()) {
            assertThat(http.send(get(ACME_BASE + "/Users/7")).read().status()).isEqualTo(502);
        }
        router.backend().respond(answering(200, "application/scim+json", "{\"id\":\"7\"}"));
        try (RawHttp http = router.connect()) {
            RawHttp.Response r = http.send(get(ACME_BASE + "/Users/7")).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("{\"id\":\"7\"}");
        }
    }
}
