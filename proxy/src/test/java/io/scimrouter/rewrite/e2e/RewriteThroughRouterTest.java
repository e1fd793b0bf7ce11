package io.scimrouter.rewrite.e2e;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** URL rewriting as a client sees it through the router: headers, bodies, encodings, bad JSON, limits. */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class RewriteThroughRouterTest {
    private static final String HOST = "scim.example.com";
    private static final String LEGACY = "http://" + HOST + "/scim/v2/p1/e1";
    private static final String ACME = "http://" + HOST + "/scim/v2/p1/e1/v2/acme";

    /** The router's body rewriters: every test runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().rewriters(() -> rewriter);

    private RawHttp.Response exchange(String method, String target, String extraHeaders, String body)
            throws Exception {
        try (RawHttp http = router.connect()) {
            String head = method + " " + target + " HTTP/1.1\r\nHost: " + HOST + "\r\n" + extraHeaders;
            if (body != null) {
                head += "Content-Type: application/scim+json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n";
            }
            http.send((head + "\r\n" + (body == null ? "" : body)).getBytes(StandardCharsets.UTF_8));
            return http.read();
        }
    }

    private static TestBackend.Responder answer(int status, String contentType, String body, String... headers) {
        return (req, ctx) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.wrappedBuffer(bytes));
            r.headers().set("Content-Type", contentType).set("Content-Length", bytes.length);
            for (int i = 0; i < headers.length; i += 2) {
                r.headers().set(headers[i], headers[i + 1]);
            }
            ctx.writeAndFlush(r);
        };
    }

    private static String user(String base) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"7\",\"userName\":\"zoë\","
                + "\"groups\":[{\"value\":\"g\",\"$ref\":\"" + base + "/Groups/g\"}],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"manager\":{\"value\":\"m\","
                + "\"$ref\":\"" + base + "/Users/m\"}},\"photo\":\"" + LEGACY + "/Users/7\","
                + "\"near\":[{\"$ref\":\"http://" + HOST + "/scim/v2/p1/e10/Users/1\"},{\"$ref\":\"http://" + HOST
                + "/scim/v2/p1/e1x\"},{\"$ref\":\"../Users/7\"},{\"$ref\":null},{\"location\":\"bulkId:q1\"},"
                + "{\"$ref\":\"https://other.example.com/scim/v2/p1/e1/Users/1\"}],"
                + "\"meta\":{\"resourceType\":\"User\",\"location\":\"" + base + "/Users/7\", \"n\": 1.10}}";
    }

    @Test
    void created_locationHeaderAndBody_areInTheClientsForm_onV2_andUntouchedOnLegacy() throws Exception {
        router.backend().respond(answer(201, "application/scim+json", user(LEGACY), "Location", LEGACY + "/Users/7",
                "Content-Location", LEGACY + "/Users/7"));
        RawHttp.Response tenant = exchange("POST", "/scim/v2/p1/e1/v2/acme/Users", "", "{}");
        assertThat(tenant.status()).isEqualTo(201);
        assertThat(tenant.header("Location")).isEqualTo(ACME + "/Users/7");
        assertThat(tenant.header("Content-Location")).isEqualTo(ACME + "/Users/7");
        assertThat(tenant.bodyText()).isEqualTo(user(ACME).replace("\"photo\":\"" + ACME, "\"photo\":\"" + LEGACY));
        assertThat(tenant.header("Content-Length")).isEqualTo(String.valueOf(tenant.body().length));

        RawHttp.Response defaultTenant = exchange("POST", "/scim/v2/p1/e1/v2/Users", "", "{}");
        assertThat(defaultTenant.header("Location")).isEqualTo(LEGACY + "/v2/Users/7");

        RawHttp.Response legacy = exchange("POST", "/scim/v2/p1/e1/Users", "", "{}");
        assertThat(legacy.header("Location")).isEqualTo(LEGACY + "/Users/7");
        assertThat(legacy.bodyText()).isEqualTo(user(LEGACY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/scim+json", "application/json; charset=utf-8", "text/json",
        "application/vnd.example+json"})
    void jsonContentTypes_areRewritten(String type) throws Exception {
        router.backend().respond(answer(200, type, user(LEGACY)));
        assertThat(exchange("GET", "/scim/v2/p1/e1/v2/acme/Users/7", "", null).bodyText())
                .contains("\"location\":\"" + ACME + "/Users/7\"");
    }

    @Test
    void otherContentTypes_streamUntouched() throws Exception {
        router.backend().respond(answer(200, "text/plain", user(LEGACY)));
        assertThat(exchange("GET", "/scim/v2/p1/e1/v2/acme/Users/7", "", null).bodyText()).isEqualTo(user(LEGACY));
    }

    @Test
    void configuredBackendBaseUrls_areRecognised() throws Exception {
        router.start(b -> b.backendBaseUrls(List.of(URI.create("https://legacy.example.com"))));
        router.backend().respond(answer(200, "application/scim+json",
                "{\"meta\":{\"location\":\"https://legacy.example.com/scim/v2/p1/e1/Users/7\"}}"));
        assertThat(exchange("GET", "/scim/v2/p1/e1/v2/acme/Users/7", "", null).bodyText())
                .isEqualTo("{\"meta\":{\"location\":\"" + ACME + "/Users/7\"}}");
    }

    @Test
    void requestRefs_includingBulk_reachTheBackendInLegacyForm_andAcceptEncodingIdentity() throws Exception {
        String bulk = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":["
                + "{\"method\":\"PATCH\",\"path\":\"/Groups/g\",\"data\":{\"Operations\":[{\"op\":\"add\","
                + "\"path\":\"members\",\"value\":[{\"value\":\"7\",\"$ref\":\"" + ACME + "/Users/7\"},"
                + "{\"value\":\"8\",\"$ref\":\"bulkId:u8\"}]}]}}]}";
        exchange("POST", "/scim/v2/p1/e1/v2/acme/Bulk", "Accept-Encoding: gzip\r\n", bulk);
        TestBackend.Received r = router.backend().received().get(0);
        assertThat(r.body()).isEqualTo(bulk.replace(ACME + "/Users/7", LEGACY + "/Users/7"));
        assertThat(r.headers().get("Accept-Encoding")).isEqualTo("identity");
        assertThat(r.headers().get("Content-Length")).isEqualTo(String.valueOf(r.bodyBytes()));
    }

    @Test
    void legacyRoute_isNeverParsed_bytesAndLengthExact() throws Exception {
        String notJson = "{\"meta\":{\"location\":\"" + LEGACY + "/Users/7\"}, oops";
        router.backend().respond(answer(200, "application/scim+json", notJson));
        RawHttp.Response r = exchange("GET", "/scim/v2/p1/e1/Users/7", "", null);
        assertThat(r.bodyText()).isEqualTo(notJson);
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(notJson.length()));
    }

    @Test
    void gzipFromTheBackend_isInflatedAndRewritten() throws Exception {
        byte[] gz = gzip(user(LEGACY));
        router.backend().respond((req, ctx) -> {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(gz));
            r.headers().set("Content-Type", "application/scim+json").set("Content-Encoding", "gzip")
                    .set("Content-Length", gz.length);
            ctx.writeAndFlush(r);
        });
        RawHttp.Response r = exchange("GET", "/scim/v2/p1/e1/v2/acme/Users/7", "", null);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.bodyText()).contains("\"location\":\"" + ACME + "/Users/7\"");
    }

    @Test
    void compressResponses_gzipsTowardClientsThatAcceptIt() throws Exception {
        router.start(b -> b.compressResponses(true));
        router.backend().respond(answer(200, "application/scim+json", user(LEGACY)));
        RawHttp.Response r = exchange("GET", "/scim/v2/p1/e1/v2/acme/Users/7", "Accept-Encoding: gzip, br\r\n", null);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        String plain = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(plain).contains("\"location\":\"" + ACME + "/Users/7\"");
        RawHttp.Response identity = exchange("GET", "/scim/v2/p1/e1/v2/acme/Users/7", "", null);
        assertThat(identity.header("Content-Encoding")).isNull();
    }

    @Test
    void malformedBackendJson_passesThroughFromTheError_completeAndCounted() throws Exception {
        double before = malformed("MR");
        String body = "{\"meta\":{\"location\":\"" + LEGACY + "/Users/1\"}} ]] {\"location\":\"" + LEGACY + "/x\"";
        router.backend().respond(answer(200, "application/scim+json", body));
        RawHttp.Response r = exchange("GET", "/scim/v2/p1/e1/v2/acme/Users", "", null);
        assertThat(r.complete()).isTrue();
        assertThat(r.bodyText()).startsWith("{\"meta\":{\"location\":\"" + ACME + "/Users/1\"}}")
                .endsWith(" ]] {\"location\":\"" + LEGACY + "/x\"");
        await().untilAsserted(() -> assertThat(malformed("MR")).isEqualTo(before + 1));
    }

    @Test
    void malformedClientJson_isForwardedUnchanged() throws Exception {
        String body = "{\"members\":[{\"$ref\":\"" + ACME + "/Users/1\"}, nope";
        exchange("POST", "/scim/v2/p1/e1/v2/acme/Groups", "", body);
        assertThat(router.backend().received().get(0).body()).startsWith("{\"members\":[{\"$ref\":\"" + LEGACY)
                .endsWith("}, nope");
    }

    @Test
    void stringOverTheLimit_firstValue_isAScimError() throws Exception {
        router.start(b -> b.maxStringLength(1000));
        router.backend().respond(answer(200, "application/scim+json", "{\"x\":\"" + "a".repeat(5000) + "\"}"));
        assertScimError(exchange("GET", "/scim/v2/p1/e1/v2/acme/Users", "", null), 502);
    }

    @Test
    void stringOverTheLimit_afterOutputStarted_cutsTheConnection() throws Exception {
        router.start(b -> b.maxStringLength(1000));
        router.backend().respond((req, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set("Content-Type", "application/scim+json");
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            StringBuilder users = new StringBuilder("{\"Resources\":[");
            for (int i = 0; i < 100; i++) {
                users.append("{\"id\":\"").append(i).append("\",\"meta\":{\"location\":\"").append(LEGACY)
                        .append("/Users/").append(i).append("\"}},");
            }
            write(ctx, users.toString());
            write(ctx, "{\"x\":\"" + "b".repeat(5000) + "\"}]}");
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        });
        RawHttp.Response r = exchange("GET", "/scim/v2/p1/e1/v2/acme/Users", "", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.complete()).isFalse();
    }

    @Test
    void requestStringOverTheLimit_is413() throws Exception {
        router.start(b -> b.maxStringLength(1000));
        assertScimError(exchange("POST", "/scim/v2/p1/e1/v2/acme/Users", "",
                "{\"userName\":\"" + "c".repeat(5000) + "\"}"), 413);
        assertThat(router.backend().received()).isEmpty();
    }

    private static void write(ChannelHandlerContext ctx, String s) {
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8)));
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The router's count of exchanges with this response flag ({@code MQ}, {@code MR}: malformed JSON). */
    private double malformed(String flag) {
        return router.router().metrics().count("scim.router.response.flags", "flag", flag);
    }
}
