package io.scimrouter.rewrite.it;

import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.scimrouter.rewrite.it.RewriteFixtures.ACME_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.HOST;
import static io.scimrouter.rewrite.it.RewriteFixtures.LEGACY_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.PUBLIC;
import static io.scimrouter.rewrite.it.RewriteFixtures.answer;
import static io.scimrouter.rewrite.it.RewriteFixtures.gunzip;
import static io.scimrouter.rewrite.it.RewriteFixtures.gzip;
import static io.scimrouter.rewrite.it.RewriteFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** The router asks for identity, undoes gzip when a backend sends it anyway, and compresses toward the client. */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class GzipRewriteTest {
    /** The router's body rewriters: every test runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().rewriters(() -> rewriter).startedByTest();

    private void start(boolean compressResponses) throws Exception {
        router.start(b -> b.compressResponses(compressResponses));
    }

    /** A user list big enough to span several reads, with a location per resource. */
    private String backendList() {
        StringBuilder sb = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                + "\"Resources\":[");
        for (int i = 0; i < 2000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"meta\":{\"location\":\"")
                    .append(router.backend().uri()).append(LEGACY_BASE).append("/Users/").append(i).append("\"}}");
        }
        return sb.append("]}").toString();
    }

    private String rewritten(String list) {
        return list.replace(router.backend().uri() + LEGACY_BASE + "/", PUBLIC + ACME_BASE + "/");
    }

    private void backendAnswers(byte[] body, boolean gzipped) {
        router.backend().respond((req, ctx) -> ctx.writeAndFlush(gzipped
                ? answer(200, "application/scim+json", body, "Content-Encoding", "gzip")
                : answer(200, "application/scim+json", body)));
    }

    private RawHttp.Response fetch(String acceptEncoding) throws Exception {
        try (RawHttp http = router.connect()) {
            http.send("GET " + ACME_BASE + "/Users HTTP/1.1\r\nHost: " + HOST + "\r\nAccept-Encoding: "
                    + acceptEncoding + "\r\n\r\n");
            RawHttp.Response r = http.read();
            assertThat(r.complete()).isTrue();
            return r;
        }
    }

    @Test
    void gzipFromTheBackendDespiteIdentity_clientGetsRewrittenPlainJson() throws Exception {
        start(false);
        String list = backendList();
        backendAnswers(gzip(utf8(list)), true);

        RawHttp.Response r = fetch("gzip, deflate");

        assertThat(router.backend().received().get(0).headers().get("Accept-Encoding")).isEqualTo("identity");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.bodyText()).isEqualTo(rewritten(list));
    }

    @ParameterizedTest(name = "backend gzipped: {0}")
    @ValueSource(booleans = {true, false})
    void compressResponses_clientAcceptingGzip_getsGzipOfTheRewrittenJson(boolean backendGzipped) throws Exception {
        start(true);
        String list = backendList();
        backendAnswers(backendGzipped ? gzip(utf8(list)) : utf8(list), backendGzipped);

        RawHttp.Response r = fetch("gzip");

        assertThat(router.backend().received().get(0).headers().get("Accept-Encoding")).isEqualTo("identity");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Vary")).containsIgnoringCase("Accept-Encoding");
        assertThat(new String(gunzip(r.body()), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(rewritten(list));
    }

    @Test
    void compressResponses_clientNotAcceptingGzip_getsPlainJson() throws Exception {
        start(true);
        String list = backendList();
        backendAnswers(gzip(utf8(list)), true);

        RawHttp.Response r = fetch("identity");

        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.bodyText()).isEqualTo(rewritten(list));
    }
}
