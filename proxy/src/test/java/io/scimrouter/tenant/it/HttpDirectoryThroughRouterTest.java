package io.scimrouter.tenant.it;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scimrouter.tenant.it.TickedRouter.MAX_STALE;
import static io.scimrouter.tenant.it.TickedRouter.NEGATIVE_TTL;
import static io.scimrouter.tenant.it.TickedRouter.TTL;
import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP tenant directory (WireMock) behind the cache, seen from the client and the backend: what the router
 * forwards, refuses, and how often it asks the directory, with the cache's time driven by a {@link ManualTicker}.
 */
class HttpDirectoryThroughRouterTest {
    private static final String ACME_USERS = "/scim/v2/p1/e1/v2/acme/Users";

    private final ManualTicker ticker = new ManualTicker();
    private final WireMockDirectory directory = new WireMockDirectory();

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker)
            .config(b -> b.tenants(directory.tenants(false, TickedRouter.CACHE)));

    @AfterEach
    void stopDirectory() {
        directory.close();
    }

    private String lastTenantHeader() {
        List<TestBackend.Received> received = router.backend().received();
        return received.get(received.size() - 1).headers().get("X-Tenant-Id");
    }

    @Test
    void directory_isAskedWithTheRouterCredential_andItsCanonicalKeyReachesTheBackend() throws Exception {
        directory.found("p1", "e1", "acme", "{\"tenantKey\":\"ACME-001\"}");

        RawHttp.Response response = router.get(ACME_USERS + "?filter=userName%20eq%20%22bjensen%22");

        assertThat(response.status()).isEqualTo(200);
        assertThat(router.backend().received()).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("/scim/v2/p1/e1/Users?filter=userName%20eq%20%22bjensen%22");
            assertThat(r.headers().getAll("X-Tenant-Id")).containsExactly("ACME-001");
        });
        directory.server().verify(1, getRequestedFor(urlPathEqualTo(WireMockDirectory.path("p1", "e1", "acme")))
                .withHeader("Authorization", equalTo("Bearer " + WireMockDirectory.ROUTER_CREDENTIAL)));
    }

    @Test
    void ttl_refreshIsServedFromCache_andAChangedAnswerReachesTheBackendAfterTheRefresh() throws Exception {
        directory.found("p1", "e1", "acme", "{\"tenantKey\":\"acme-v1\"}");
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertThat(lastTenantHeader()).isEqualTo("acme-v1");

        // the directory now knows the tenant under a new canonical key, and takes its time to say so
        directory.stub(get(urlPathEqualTo(WireMockDirectory.path("p1", "e1", "acme")))
                .willReturn(okJson("{\"tenantKey\":\"acme-v2\"}").withFixedDelay(300)));
        ticker.advance(TTL.plusSeconds(1));

        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertThat(lastTenantHeader()).as("served from cache while the refresh is in flight").isEqualTo("acme-v1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
            assertThat(lastTenantHeader()).isEqualTo("acme-v2");
        });
        assertThat(directory.requests("p1", "e1", "acme")).isEqualTo(2);
    }

    @Test
    void directoryDown_knownTenantServedUntilMaxStale_unknownAnswers503WithRetryAfter_thenBackToNormal()
            throws Exception {
        directory.found("p1", "e1", "acme", "{}");
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);

        StubMapping outage = directory.goDown();
        ticker.advance(TTL.plusSeconds(1));
        assertThat(router.get(ACME_USERS).status()).as("stale, refresh fails in the background").isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> router.tenantCache().stats().loadFailureCount() == 1);
        ticker.advance(MAX_STALE.minus(TTL).minusSeconds(2));
        assertThat(router.get(ACME_USERS).status()).as("still within maxStale").isEqualTo(200);

        RawHttp.Response unknown = router.get("/scim/v2/p1/e1/v2/newco/Users");
        assertScimError(unknown, 503, "tenant directory is unavailable");
        assertThat(unknown.header("Retry-After")).isEqualTo("5");

        ticker.advance(Duration.ofSeconds(3)); // past maxStale since the last successful load
        RawHttp.Response tooStale = router.get(ACME_USERS);
        assertScimError(tooStale, 503, "tenant directory is unavailable");
        assertThat(tooStale.header("Retry-After")).isEqualTo("5");
        int forwardedDuringOutage = router.backend().received().size();

        directory.recover(outage);
        directory.found("p1", "e1", "newco", "{}");
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/newco/Users").status()).isEqualTo(200);
        assertThat(forwardedDuringOutage).as("the 503s never reached the backend").isEqualTo(3);
        assertThat(router.backend().received()).hasSize(5);
        assertThat(lastTenantHeader()).isEqualTo("newco");
    }

    @Test
    void notFound_isCachedForNegativeTtl_andNotLonger() throws Exception {
        String ghostUsers = "/scim/v2/p1/e1/v2/ghost/Users";
        assertScimError(router.get(ghostUsers), 404, "Unknown tenant 'ghost' in project 'p1', environment 'e1'");

        directory.found("p1", "e1", "ghost", "{}"); // the tenant is created right after the first answer
        ticker.advance(NEGATIVE_TTL.minusMillis(1));
        assertScimError(router.get(ghostUsers), 404, "Unknown tenant 'ghost'");
        assertThat(directory.requests("p1", "e1", "ghost")).isEqualTo(1);

        ticker.advance(Duration.ofMillis(2));
        assertThat(router.get(ghostUsers).status()).isEqualTo(200);
        assertThat(directory.requests("p1", "e1", "ghost")).isEqualTo(2);
        assertThat(router.backend().received()).singleElement()
                .satisfies(r -> assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("ghost"));
    }

    @Test
    void cacheKey_includesProjectAndEnvironment_acmeKnownInP1E1IsUnknownInP2E1() throws Exception {
        directory.found("p1", "e1", "acme", "{}");

        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertScimError(router.get("/scim/v2/p2/e1/v2/acme/Users"), 404,
                "Unknown tenant 'acme' in project 'p2', environment 'e1'");
        assertScimError(router.get("/scim/v2/p1/e2/v2/acme/Users"), 404,
                "Unknown tenant 'acme' in project 'p1', environment 'e2'");
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);

        assertThat(directory.requests("p1", "e1", "acme")).isEqualTo(1);
        assertThat(directory.requests("p2", "e1", "acme")).isEqualTo(1);
        assertThat(directory.requests("p1", "e2", "acme")).isEqualTo(1);
        assertThat(router.backend().received()).hasSize(2)
                .allSatisfy(r -> assertThat(r.target()).isEqualTo("/scim/v2/p1/e1/Users"));
    }

    @Test
    void legacyAndDefaultTenantForms_neverAskTheDirectory() throws Exception {
        assertThat(router.get("/scim/v2/p1/e1/Users").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/Users").status()).isEqualTo(200);

        assertThat(directory.server().getAllServeEvents()).isEmpty();
        assertThat(router.backend().received()).extracting(r -> r.headers().get("X-Tenant-Id"))
                .containsExactly(null, "default");
    }
}
