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

import java.net.URI;
import java.util.List;

import static io.scimrouter.rewrite.it.RewriteFixtures.ACME_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.DEFAULT_TENANT_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.LEGACY_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.PUBLIC;
import static io.scimrouter.rewrite.it.RewriteFixtures.answering;
import static io.scimrouter.rewrite.it.RewriteFixtures.get;
import static io.scimrouter.rewrite.it.RewriteFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON answers on /v2 routes come back with their URLs in the client's form, every other byte as the backend wrote
 * it; look-alikes, other hosts and non-JSON bodies are untouched; the legacy route is never parsed.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class ResponseBodyRewriteTest {
    private static final String FIXED_HOST = "https://fixed-public.example.test";

    /** The router's body rewriters: every test runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().rewriters(() -> rewriter)
            .config(b -> b.backendBaseUrls(List.of(URI.create(FIXED_HOST))));


    /** A group as a backend writes it, with {B} for its own origin, {P} the public one, {F} a fixed public host. */
    private static final String GROUP_TEMPLATE = """
            {
              "schemas" : ["urn:ietf:params:scim:schemas:core:2.0:Group"],
              "id":"g1", "displayName":"Ops \\u00e9quipe \uD83D\uDE80", "score": 1.50e+3,
              "members":[
                {"value":"8","$ref":"{B}/scim/v2/p1/e1/Users/8"},
                {"value":"9","$ref":"{P}/scim/v2/p1/e1/Users/9", "type":"User"},
                {"value":"10","$ref":"{F}/scim/v2/p1/e1/Users/10"},
                {"value":"11","$ref":"{B}/scim/v2/p1/e1"},
                {"value":"12","$ref":"{B}/scim/v2/p1/e10/Users/12"},
                {"value":"13","$ref":"{B}/scim/v2/p1/e1x"},
                {"value":"14","$ref":"https://other.example.test/scim/v2/p1/e1/Users/14"},
                {"value":"15","$ref":"../Users/15"},
                {"value":"16","$ref":null},
                {"value":"17","$ref":"bulkId:qwerty"},
                {"value":"18","$ref":"/scim/v2/p1/e1/Users/18"}
              ],
              "manager":{"value":"2","$ref":"{B}/scim/v2/p1/e1/Users/2"},
              "description":"{B}/scim/v2/p1/e1/Users/not-a-url-field",
              "meta":{"resourceType":"Group","location":"{B}/scim/v2/p1/e1/Groups/g1"}
            }
            """;

    private static final String BULK_TEMPLATE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],"Operations":[
             {"method":"POST","bulkId":"qwerty","version":"W/\\"1\\"",
              "location":"{B}/scim/v2/p1/e1/Users/92","status":"201"},
             {"method":"PATCH","location":"{P}/scim/v2/p1/e1/Groups/g1","status":"200"},
             {"method":"DELETE","location":"{B}/scim/v2/p1/e1x/Users/3","status":"204"}]}
            """;

    private String backendWrote(String template) {
        return template.replace("{B}", router.backend().uri().toString()).replace("{P}", PUBLIC)
                .replace("{F}", FIXED_HOST);
    }

    /** What the client must get: exactly the URLs that start with a legacy base of p1/e1 mapped, nothing else. */
    private String clientExpects(String template, String clientBase) {
        String to = PUBLIC + clientBase;
        String mapped = template
                .replace("\"{B}/scim/v2/p1/e1/Users/8\"", "\"" + to + "/Users/8\"")
                .replace("\"{P}/scim/v2/p1/e1/Users/9\"", "\"" + to + "/Users/9\"")
                .replace("\"{F}/scim/v2/p1/e1/Users/10\"", "\"" + to + "/Users/10\"")
                .replace("\"{B}/scim/v2/p1/e1\"", "\"" + to + "\"")
                .replace("\"{B}/scim/v2/p1/e1/Users/2\"", "\"" + to + "/Users/2\"")
                .replace("\"{B}/scim/v2/p1/e1/Groups/g1\"", "\"" + to + "/Groups/g1\"")
                .replace("\"{B}/scim/v2/p1/e1/Users/92\"", "\"" + to + "/Users/92\"")
                .replace("\"{P}/scim/v2/p1/e1/Groups/g1\"", "\"" + to + "/Groups/g1\"");
        return backendWrote(mapped);
    }

    private RawHttp.Response fetch(String path) throws Exception {
        try (RawHttp http = router.connect()) {
            RawHttp.Response r = http.send(get(path)).read();
            assertThat(r.complete()).isTrue();
            return r;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/scim+json", "application/json; charset=utf-8", "text/json",
            "application/vnd.x+json"})
    void jsonAnswer_urlsMappedToTheTenantForm_everyOtherByteKept(String contentType) throws Exception {
        router.backend().respond(answering(200, contentType, backendWrote(GROUP_TEMPLATE)));

        RawHttp.Response r = fetch(ACME_BASE + "/Groups/g1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo(clientExpects(GROUP_TEMPLATE, ACME_BASE));
        assertThat(r.header("Content-Type")).isEqualTo(contentType);
    }

    @Test
    void jsonAnswer_onTheDefaultTenantForm_mapsToThatForm() throws Exception {
        router.backend().respond(answering(200, "application/scim+json", backendWrote(GROUP_TEMPLATE)));

        RawHttp.Response r = fetch(DEFAULT_TENANT_BASE + "/Groups/g1");

        assertThat(r.bodyText()).isEqualTo(clientExpects(GROUP_TEMPLATE, DEFAULT_TENANT_BASE));
    }

    @Test
    void bulkAnswer_operationLocationsMapped() throws Exception {
        router.backend().respond(answering(200, "application/scim+json", backendWrote(BULK_TEMPLATE)));

        RawHttp.Response r = fetch(ACME_BASE + "/Bulk");

        assertThat(r.bodyText()).isEqualTo(clientExpects(BULK_TEMPLATE, ACME_BASE));
        assertThat(r.bodyText()).contains("\"" + router.backend().uri() + "/scim/v2/p1/e1x/Users/3\"");
    }

    @Test
    void rewrittenAnswer_isFramedByItsNewLength() throws Exception {
        router.backend().respond(answering(200, "application/scim+json", backendWrote(GROUP_TEMPLATE)));

        RawHttp.Response r = fetch(ACME_BASE + "/Groups/g1");

        String length = r.header("Content-Length");
        assertThat(length == null ? "chunked".equalsIgnoreCase(r.header("Transfer-Encoding"))
                : Integer.parseInt(length) == r.body().length).as("framing matches the rewritten body").isTrue();
        assertThat(r.body().length).isGreaterThan(utf8(backendWrote(GROUP_TEMPLATE)).length);
    }

    @Test
    void textPlainAnswer_onTenantRoute_passesUntouched() throws Exception {
        String body = backendWrote(GROUP_TEMPLATE);
        router.backend().respond(answering(200, "text/plain", body));

        RawHttp.Response r = fetch(ACME_BASE + "/Groups/g1");

        assertThat(r.body()).isEqualTo(utf8(body));
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(utf8(body).length));
    }

    @Test
    void legacyRoute_answerPassesByteExactWithItsContentLength() throws Exception {
        String body = backendWrote(GROUP_TEMPLATE);
        router.backend().respond(answering(200, "application/scim+json", body));

        RawHttp.Response r = fetch(LEGACY_BASE + "/Groups/g1");

        assertThat(r.body()).isEqualTo(utf8(body));
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(utf8(body).length));
        assertThat(r.header("Transfer-Encoding")).isNull();
    }

    @Test
    void legacyRoute_malformedJsonIsNotParsed_passesByteExact() throws Exception {
        String body = "{\"meta\":{\"location\":\"" + router.backend().uri() + LEGACY_BASE
                + "/Users/1\"}}, ]] {\"x\": tru";
        double malformedBefore = malformed("MR");
        double legacyBefore = router.router().metrics().count("scim.router.requests", "route", "legacy");
        router.backend().respond(answering(200, "application/scim+json", body));

        RawHttp.Response r = fetch(LEGACY_BASE + "/Users/1");

        assertThat(r.body()).isEqualTo(utf8(body));
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(utf8(body).length));
        await().until(() -> router.router().metrics().count("scim.router.requests", "route", "legacy") > legacyBefore);
        assertThat(malformed("MR")).isEqualTo(malformedBefore);
    }

    @Test
    void malformedJsonFromBackend_restPassesUnchangedAndComplete_andIsCounted() throws Exception {
        String legacyUrl = router.backend().uri() + LEGACY_BASE + "/Users/1";
        String head = "{\"meta\":{\"location\":\"" + legacyUrl + "\"},";
        String broken = " \"active\": tru , \"manager\":{\"$ref\":\"" + legacyUrl + "\"}} trailing garbage";
        double malformedBefore = malformed("MR");
        router.backend().respond(answering(200, "application/scim+json", head + broken));

        RawHttp.Response r = fetch(ACME_BASE + "/Users/1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo(head.replace(legacyUrl, PUBLIC + ACME_BASE + "/Users/1") + broken);
        await().untilAsserted(() -> assertThat(malformed("MR")).isEqualTo(malformedBefore + 1));
        // the router is still serving
        router.backend().respond(answering(200, "application/scim+json", "{}"));
        assertThat(fetch(ACME_BASE + "/Users/2").bodyText()).isEqualTo("{}");
    }

    /** The router's count of exchanges with this response flag ({@code MQ}, {@code MR}: malformed JSON). */
    private double malformed(String flag) {
        return router.router().metrics().count("scim.router.response.flags", "flag", flag);
    }
}
