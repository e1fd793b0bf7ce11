package io.scimrouter.tenant.it;

import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tenants.http.forwardCallerAuthorization}: the directory is asked with the caller's own credential, so a
 * caller without a valid one learns nothing about which tenants exist, and never reaches the router.backend().
 */
class CallerAuthorizationThroughRouterTest {
    private static final String ACME_USERS = "/scim/v2/p1/e1/v2/acme/Users";
    private static final String ACME = WireMockDirectory.path("p1", "e1", "acme");
    private static final String ALICE = "Authorization: Bearer alice";
    private static final String BOB = "Authorization: Bearer bob";
    private static final String MALLORY = "Authorization: Bearer mallory";

    private final ManualTicker ticker = new ManualTicker();
    private final WireMockDirectory directory = new WireMockDirectory();

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker)
            .config(b -> b.tenants(directory.tenants(true, TickedRouter.CACHE)));

    @BeforeEach
    void stubDirectory() {
        directory.stub(get(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer alice"))
                .willReturn(okJson("{\"tenantKey\":\"acme\"}")));
        directory.stub(get(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer bob"))
                .willReturn(okJson("{\"tenantKey\":\"acme\"}")));
        directory.stub(get(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer mallory"))
                .willReturn(WireMockDirectory.status(401)));
        directory.stub(get(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer eve"))
                .willReturn(WireMockDirectory.status(403)));
    }

    @AfterEach
    void stopDirectory() {
        directory.close();
    }

    private int directoryRequestsAs(String bearer) {
        return directory.requests(getRequestedFor(urlPathEqualTo(ACME))
                .withHeader("Authorization", equalTo("Bearer " + bearer)));
    }

    @Test
    void twoCallersWithDifferentCredentials_doNotShareCacheEntries() throws Exception {
        assertThat(router.get(ACME_USERS, ALICE).status()).isEqualTo(200);
        assertThat(router.get(ACME_USERS, BOB).status()).isEqualTo(200);
        assertThat(router.get(ACME_USERS, ALICE).status()).isEqualTo(200);
        assertThat(router.get(ACME_USERS, BOB).status()).isEqualTo(200);

        assertThat(directoryRequestsAs("alice")).as("alice's answer is cached for alice").isEqualTo(1);
        assertThat(directoryRequestsAs("bob")).as("bob is asked about on his own").isEqualTo(1);
        assertThat(router.tenantCache().stats().size()).isEqualTo(2);
        assertThat(router.backend().received()).hasSize(4)
                .allSatisfy(r -> assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("acme"));
    }

    @Test
    void directory401_becomesARouter401ScimError_andTheBackendReceivesNothing() throws Exception {
        assertThat(router.get(ACME_USERS, ALICE).status()).isEqualTo(200); // alice's entry must not help mallory

        assertScimError(router.get(ACME_USERS, MALLORY), 401, "Authentication required");
        assertScimError(router.get(ACME_USERS, MALLORY), 401, "Authentication required");

        assertThat(directoryRequestsAs("mallory")).as("refusals are not cached").isEqualTo(2);
        assertThat(router.backend().received()).hasSize(1);
    }

    @Test
    void directory403_becomesARouter403ScimError() throws Exception {
        assertScimError(router.get(ACME_USERS, "Authorization: Bearer eve"), 403, "Not allowed for this tenant");

        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void callerWithoutCredential_gets401_withoutADirectoryCall() throws Exception {
        assertScimError(router.get(ACME_USERS), 401, "Authentication required");

        assertThat(directory.server().getAllServeEvents()).isEmpty();
        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void unknownTenantForAValidCaller_is404_andTheCredentialIsNotEchoed() throws Exception {
        var response = router.get("/scim/v2/p1/e1/v2/nosuch/Users", ALICE);

        assertScimError(response, 404, "Unknown tenant 'nosuch'");
        assertThat(response.bodyText()).doesNotContain("alice");
        assertThat(router.backend().received()).isEmpty();
    }
}
