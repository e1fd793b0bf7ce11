package io.scimrouter.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.scimrouter.Router;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** WireMock as the legacy service: what it received for each URL form, and nothing at all for rejected input. */
class WireMockBackendTest {
    private WireMockServer wireMock;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        wireMock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/scim+json").withBody("{\"Resources\":[]}")));
        URI backend = URI.create("http://127.0.0.1:" + wireMock.port());
        router = new Router(TestConfigs.defaults(backend)).start();
    }

    @AfterEach
    void stop() {
        router.close();
        wireMock.stop();
    }

    private int get(String target) throws Exception {
        try (RawHttp http = new RawHttp(router.port())) {
            return http.send("GET " + target + " HTTP/1.1\r\nHost: scim.example.com\r\nAuthorization: Bearer t0k\r\n"
                    + "X-Tenant-Id: spoofed\r\n\r\n").read().status();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/Users?filter=userName%20eq%20%22a%2Bb%40x.com%22           | ",
        "/scim/v2/p1/e1/v2/Users?filter=userName%20eq%20%22a%2Bb%40x.com%22        | default",
        "/scim/v2/p1/e1/v2/acme/Users?filter=userName+eq+%22a%2Bb%40x.com%22       | acme",
    })
    void eachForm_reachesWireMockWithTheExactQuery_tenantAndAuthorization(String target, String tenant)
            throws Exception {
        assertThat(get(target)).isEqualTo(200);
        String query = target.substring(target.indexOf('?'));
        wireMock.verify(1, getRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users" + query))
                .withHeader("Authorization", equalTo("Bearer t0k"))
                .withHeader("X-Tenant-Id", tenant == null ? absent() : equalTo(tenant)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/v2/unknown/Users | 404",
        "/scim/v2/p1/e1/v2/bad$key/Users | 400",
        "/scim/v2/p1/e1/%2e%2e/Users     | 400",
        "/scim/v2/p1/e1/v2/acme          | 404",
    })
    void rejectedInput_neverReachesWireMock(String target, int status) throws Exception {
        assertThat(get(target)).isEqualTo(status);
        wireMock.verify(0, WireMock.anyRequestedFor(anyUrl()));
    }
}
