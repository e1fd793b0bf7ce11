package io.scimrouter.rewrite.it;

import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.scimrouter.rewrite.it.RewriteFixtures.ACME_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.DEFAULT_TENANT_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.LEGACY_BASE;
import static io.scimrouter.rewrite.it.RewriteFixtures.PUBLIC;
import static io.scimrouter.rewrite.it.RewriteFixtures.answering;
import static io.scimrouter.rewrite.it.RewriteFixtures.get;
import static io.scimrouter.rewrite.it.RewriteFixtures.utf8;
import static io.scimrouter.rewrite.it.RewriteFixtures.withBody;
import static org.assertj.core.api.Assertions.assertThat;

/** Location and Content-Location come back in the form the client addressed, on every status; legacy untouched. */
class LocationHeaderRewriteTest {
    @RegisterExtension
    final RouterExtension router = RouterExtension.create();

    private String backendOrigin() {
        return router.backend().uri().toString();
    }

    private RawHttp.Response exchange(String raw, byte[] body) throws Exception {
        try (RawHttp http = router.connect()) {
            http.send(raw);
            if (body != null) {
                http.send(body);
            }
            RawHttp.Response response = http.read();
            assertThat(response.complete()).isTrue();
            return response;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ACME_BASE, DEFAULT_TENANT_BASE})
    void created_locationWrittenWithTheBackendOrigin_comesBackInTheClientsForm(String clientBase) throws Exception {
        String legacyUrl = backendOrigin() + LEGACY_BASE + "/Users/7";
        router.backend().respond(answering(201, "application/scim+json", "{\"id\":\"7\"}", "Location", legacyUrl));
        byte[] body = utf8("{\"userName\":\"alice\"}");

        RawHttp.Response r = exchange(withBody("POST", clientBase + "/Users", "application/scim+json", body), body);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo(PUBLIC + clientBase + "/Users/7");
    }

    @ParameterizedTest
    @ValueSource(strings = {ACME_BASE, DEFAULT_TENANT_BASE})
    void contentLocationWrittenWithThePublicOrigin_comesBackInTheClientsForm(String clientBase) throws Exception {
        router.backend().respond(answering(200, "application/scim+json", "{\"id\":\"7\"}",
                "Content-Location", PUBLIC + LEGACY_BASE + "/Users/7?attributes=userName"));

        RawHttp.Response r = exchange(get(clientBase + "/Users/7"), null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Location")).isEqualTo(PUBLIC + clientBase + "/Users/7?attributes=userName");
    }

    @Test
    void permanentRedirectFromMe_pointsAtTheTenantForm() throws Exception {
        router.backend().respond(answering(308, null, "", "Location", backendOrigin() + LEGACY_BASE + "/Users/42"));

        RawHttp.Response r = exchange(get(ACME_BASE + "/Me"), null);

        assertThat(r.status()).isEqualTo(308);
        assertThat(r.header("Location")).isEqualTo(PUBLIC + ACME_BASE + "/Users/42");
    }

    @Test
    void locationOfAnotherHostOrSimilarBase_isLeftAlone() throws Exception {
        String elsewhere = "https://elsewhere.test" + LEGACY_BASE + "/Users/7";
        String similar = backendOrigin() + "/scim/v2/p1/e10/Users/7";
        router.backend().respond(answering(201, "application/scim+json", "{}", "Location", elsewhere,
                "Content-Location", similar));
        byte[] body = utf8("{}");

        RawHttp.Response r = exchange(withBody("POST", ACME_BASE + "/Users", "application/scim+json", body), body);

        assertThat(r.header("Location")).isEqualTo(elsewhere);
        assertThat(r.header("Content-Location")).isEqualTo(similar);
    }

    @Test
    void legacyRoute_headersPassUnchanged() throws Exception {
        String legacyUrl = backendOrigin() + LEGACY_BASE + "/Users/7";
        String publicLegacyUrl = PUBLIC + LEGACY_BASE + "/Users/7";
        router.backend().respond(answering(201, "application/scim+json", "{\"id\":\"7\"}", "Location", legacyUrl,
                "Content-Location", publicLegacyUrl));
        byte[] body = utf8("{\"userName\":\"alice\"}");

        RawHttp.Response r = exchange(withBody("POST", LEGACY_BASE + "/Users", "application/scim+json", body), body);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo(legacyUrl);
        assertThat(r.header("Content-Location")).isEqualTo(publicLegacyUrl);
    }
}
