package io.scimrouter.tenant.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which backend a request reaches: {@code backend.url} for legacy traffic, {@code backend.tenantAwareUrl} for the
 * /v2 forms, and a tenant's own upstream when the directory names one. Two WireMock servers are the backends.
 */
class UpstreamSelectionThroughRouterTest {
    private static final String LIST = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
            + "\"totalResults\":0,\"Resources\":[]}";

    private final ManualTicker ticker = new ManualTicker();
    private WireMockServer backendA;
    private WireMockServer backendB;
    private WireMockDirectory directory;

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker).startedByTest();

    @BeforeEach
    void startBackends() {
        backendA = WireMocks.start();
        backendB = WireMocks.start();
        for (WireMockServer backend : new WireMockServer[] {backendA, backendB}) {
            backend.stubFor(any(anyUrl()).willReturn(okJson(LIST)));
        }
    }

    @AfterEach
    void stop() {
        if (directory != null) {
            directory.close();
        }
        WireMocks.stopAll(backendA, backendB);
    }

    @Test
    void tenantAwareUrl_v2TrafficReachesB_legacyTrafficStaysOnA() throws Exception {
        router.start(TestConfigs.builder(WireMocks.origin(backendA)).tenantAwareUrl(WireMocks.origin(backendB))
                .build());

        assertThat(router.get("/scim/v2/p1/e1/Users?count=1").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users?count=2").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/Groups").status()).isEqualTo(200);

        backendA.verify(1, anyRequestedFor(anyUrl()));
        backendA.verify(getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users?count=1"))
                .withHeader("X-Tenant-Id", absent()));
        backendB.verify(2, anyRequestedFor(anyUrl()));
        backendB.verify(getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users?count=2"))
                .withHeader("X-Tenant-Id", equalTo("acme")));
        backendB.verify(getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Groups"))
                .withHeader("X-Tenant-Id", equalTo("default")));
    }

    @Test
    void perTenantUpstream_fromTheDirectoryAnswer_reachesThatBackend_othersStayOnTheConfiguredOne()
            throws Exception {
        directory = new WireMockDirectory();
        directory.found("p1", "e1", "acme", "{}");
        directory.found("p1", "e1", "big", "{\"tenantKey\":\"big-co\",\"upstream\":\"http://127.0.0.1:"
                + backendB.port() + "\"}");
        router.start(TestConfigs.builder(WireMocks.origin(backendA))
                .tenants(directory.tenants(false, TickedRouter.CACHE)).build());

        assertThat(router.get("/scim/v2/p1/e1/v2/big/Users/1").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users/2").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/big/Users/3").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/Users/4").status()).isEqualTo(200);

        backendB.verify(2, anyRequestedFor(anyUrl()));
        backendB.verify(getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users/1"))
                .withHeader("X-Tenant-Id", equalTo("big-co")));
        backendB.verify(getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users/3"))
                .withHeader("X-Tenant-Id", equalTo("big-co")));
        backendA.verify(2, anyRequestedFor(anyUrl()));
        backendA.verify(getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users/2"))
                .withHeader("X-Tenant-Id", equalTo("acme")));
        backendA.verify(getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users/4")).withHeader("X-Tenant-Id", absent()));
        assertThat(directory.requests("p1", "e1", "big")).isEqualTo(1);
    }

    @Test
    void perTenantUpstream_winsOverTenantAwareUrl() throws Exception {
        directory = new WireMockDirectory();
        directory.found("p1", "e1", "big", "{\"upstream\":\"http://127.0.0.1:" + backendA.port() + "\"}");
        directory.found("p1", "e1", "acme", "{}");
        router.start(TestConfigs.builder(WireMocks.origin(backendA))
                .tenants(directory.tenants(false, TickedRouter.CACHE)).tenantAwareUrl(WireMocks.origin(backendB))
                .build());

        assertThat(router.get("/scim/v2/p1/e1/v2/big/Users").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);

        backendA.verify(1, getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users"))
                .withHeader("X-Tenant-Id", equalTo("big")));
        backendB.verify(1, getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users"))
                .withHeader("X-Tenant-Id", equalTo("acme")));
    }
}
