package io.scimrouter.rewrite.it;

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

import static io.scimrouter.rewrite.it.RewriteFixtures.ACME_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.DEFAULT_TENANT_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.LEGACY_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.PUBLIC;
import static io.scimrouter.rewrite.it.RewriteFixtures.utf8;
import static io.scimrouter.rewrite.it.RewriteFixtures.withBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** URLs an IdP sends in the tenant form reach the backend in the legacy form; everything else arrives as sent. */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class RequestBodyRewriteTest {
    private static final String TENANT_URL = PUBLIC + ACME_BASE;
    private static final String LEGACY_URL = PUBLIC + LEGACY_BASE;

    /** The router's body rewriters: every test runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().rewriters(() -> rewriter)
            .config(b -> b.maxStringLength(1000));


    /** A first request for acme: later ones find the tenant in the cache and are routed without a hop. */
    private void warmTenantCache() throws Exception {
        try (RawHttp http = router.connect()) {
            assertThat(http.send(RewriteFixtures.get(ACME_BASE + "/Users/0")).read().status()).isEqualTo(200);
        }
    }

    private TestBackend.Received lastReceived() {
        return router.backend().received().get(router.backend().received().size() - 1);
    }

    private RawHttp.Response send(String method, String path, String contentType, byte[] body) throws Exception {
        try (RawHttp http = router.connect()) {
            http.send(withBody(method, path, contentType, body)).send(body);
            RawHttp.Response r = http.read();
            assertThat(r.complete()).isTrue();
            return r;
        }
    }

    private static final String GROUP_PATCH = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[
              {"op":"add","path":"members","value":[
                {"value":"8","$ref":"{T}/Users/8"},
                {"value":"9","$ref":null},
                {"value":"10","$ref":"../Users/10"},
                {"value":"11","$ref":"{T}x/Users/11"}]},
              {"op":"remove","path":"members[value eq \\"{T}/Users/12\\"]"}]}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"PATCH", "POST", "PUT"})
    void groupMembersInTheTenantForm_reachTheBackendInTheLegacyForm(String method) throws Exception {
        warmTenantCache();
        String sent = GROUP_PATCH.replace("{T}", TENANT_URL);
        String path = ACME_BASE + (method.equals("POST") ? "/Groups" : "/Groups/g1");

        RawHttp.Response r = send(method, path, "application/scim+json", utf8(sent));

        assertThat(r.status()).isEqualTo(200);
        String expected = sent.replace("\"" + TENANT_URL + "/Users/8\"", "\"" + LEGACY_URL + "/Users/8\"");
        TestBackend.Received received = lastReceived();
        assertThat(received.body()).isEqualTo(expected);
        assertThat(received.target()).isEqualTo(LEGACY_BASE + path.substring(ACME_BASE.length()));
        assertThat(received.headers().get("X-Tenant-Id")).isEqualTo("acme");
    }

    @Test
    void bulkRequest_refsAndLocationsMapped_bulkIdsAndPathsKept() throws Exception {
        String sent = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1,"Operations":[
                 {"method":"POST","path":"/Users","bulkId":"qwerty","data":{"userName":"alice",
                   "manager":{"value":"2","$ref":"{T}/Users/2"}}},
                 {"method":"POST","path":"/Groups","bulkId":"ytrewq","data":{"displayName":"ops",
                   "members":[{"type":"User","value":"bulkId:qwerty","$ref":"bulkId:qwerty"},
                              {"value":"3","$ref":"{T}/Users/3"}]}},
                 {"method":"PUT","path":"/Users/4","location":"{T}/Users/4","data":{"userName":"bob"}}]}
                """.replace("{T}", TENANT_URL);

        warmTenantCache();
        send("POST", ACME_BASE + "/Bulk", "application/scim+json", utf8(sent));

        String expected = sent.replace("\"" + TENANT_URL + "/", "\"" + LEGACY_URL + "/");
        assertThat(lastReceived().body()).isEqualTo(expected);
        assertThat(expected).contains("\"$ref\":\"bulkId:qwerty\"", "\"path\":\"/Users/4\"");
    }

    @Test
    void defaultTenantForm_bodyInTheSamePacketAsTheHead_isRewritten() throws Exception {
        String sent = "{\"members\":[{\"$ref\":\"" + PUBLIC + DEFAULT_TENANT_BASE + "/Users/8\"}]}";
        try (RawHttp http = router.connect()) {
            http.send(utf8(withBody("PATCH", DEFAULT_TENANT_BASE + "/Groups/g1", "application/scim+json", utf8(sent))
                    + sent));
            assertThat(http.read().status()).isEqualTo(200);
        }
        assertThat(lastReceived().body()).isEqualTo("{\"members\":[{\"$ref\":\"" + LEGACY_URL + "/Users/8\"}]}");
        assertThat(lastReceived().headers().get("X-Tenant-Id")).isEqualTo("default");
    }

    @Test
    void firstRequestForATenant_bodyInTheSamePacketAsTheHead_isRewritten() throws Exception {
        String sent = "{\"members\":[{\"$ref\":\"" + TENANT_URL + "/Users/8\"}]}";
        try (RawHttp http = router.connect()) {
            http.send(utf8(withBody("PATCH", ACME_BASE + "/Groups/g1", "application/scim+json", utf8(sent)) + sent));
            assertThat(http.read().status()).isEqualTo(200);
        }
        assertThat(lastReceived().body()).isEqualTo("{\"members\":[{\"$ref\":\"" + LEGACY_URL + "/Users/8\"}]}");
    }

    @Test
    void legacyRoute_requestBodyForwardedAsSent() throws Exception {
        String sent = GROUP_PATCH.replace("{T}", TENANT_URL);

        send("PATCH", LEGACY_BASE + "/Groups/g1", "application/scim+json", utf8(sent));

        TestBackend.Received received = lastReceived();
        assertThat(received.body()).isEqualTo(sent);
        assertThat(received.headers().get("Content-Length")).isEqualTo(String.valueOf(utf8(sent).length));
    }

    @Test
    void malformedJsonFromClient_isForwardedUnchanged_andCounted() throws Exception {
        String sent = "{\"members\":[{\"value\":\"8\" \"$ref\":\"" + TENANT_URL + "/Users/8\"}}]";
        double before = malformed("MQ");
        router.backend().respond(RewriteFixtures.answering(400, "application/scim+json",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"400\","
                        + "\"scimType\":\"invalidSyntax\"}"));

        RawHttp.Response r = send("PATCH", ACME_BASE + "/Groups/g1", "application/scim+json", utf8(sent));

        assertThat(r.status()).as("the backend's own SCIM error").isEqualTo(400);
        assertThat(r.bodyText()).contains("invalidSyntax");
        assertThat(lastReceived().body()).isEqualTo(sent);
        await().untilAsserted(() -> assertThat(malformed("MQ")).isEqualTo(before + 1));
    }

    @Test
    void stringOverTheLimitInARequest_isAnswered413AsScimError() throws Exception {
        String sent = "{\"userName\":\"alice\",\"description\":\"" + "x".repeat(2000) + "\"}";

        RawHttp.Response r = send("POST", ACME_BASE + "/Users", "application/scim+json", utf8(sent));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/scim+json");
        assertThat(r.bodyText()).contains("urn:ietf:params:scim:api:messages:2.0:Error", "\"status\":\"413\"");
    }

    @Test
    void nonJsonRequestBody_isForwardedAsSent() throws Exception {
        String sent = "{\"$ref\":\"" + TENANT_URL + "/Users/8\"}";

        send("POST", ACME_BASE + "/Users", "text/plain", utf8(sent));

        assertThat(lastReceived().body()).isEqualTo(sent);
    }

    /** The router's count of exchanges with this response flag ({@code MQ}, {@code MR}: malformed JSON). */
    private double malformed(String flag) {
        return router.router().metrics().count("scim.router.response.flags", "flag", flag);
    }
}
