package io.scimrouter.tenant.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The admin endpoints of a real router ({@code admin.port: 0}) acting on the cache that the request path uses:
 * statistics reflect the traffic, invalidation makes the next request ask the directory again.
 */
class AdminThroughRouterTest {
    private static final String ACME_USERS = "/scim/v2/p1/e1/v2/acme/Users";
    private static final String GLOBEX_USERS = "/scim/v2/p1/e1/v2/globex/Users";
    private static final JsonFactory JSON = new JsonFactory();

    private final ManualTicker ticker = new ManualTicker();
    private final WireMockDirectory directory = new WireMockDirectory();

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker)
            .config(b -> b.tenants(directory.tenants(false, TickedRouter.CACHE)).adminOnFreePort());

    @BeforeEach
    void stubDirectory() {
        directory.found("p1", "e1", "acme", "{}");
        directory.found("p1", "e1", "globex", "{}");
    }

    @AfterEach
    void stopDirectory() {
        directory.close();
    }

    private RawHttp.Response admin(String method, String target) throws Exception {
        return RouterExtension.request(router.adminPort(), method, target);
    }

    private Map<String, Double> stats() throws Exception {
        RawHttp.Response response = admin("GET", "/cache/stats");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        return numbers(response.body());
    }

    /** The top-level numeric fields of a flat JSON object. */
    private static Map<String, Double> numbers(byte[] json) throws IOException {
        Map<String, Double> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken().isNumeric()) {
                    fields.put(name, parser.getDoubleValue());
                }
            }
        }
        return fields;
    }

    @Test
    void adminListener_isOnItsOwnLoopbackPort_andHealthy() throws Exception {
        assertThat(router.adminPort()).isPositive().isNotEqualTo(router.port());

        RawHttp.Response health = admin("GET", "/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.bodyText()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void stats_reflectHitsMissesAndLoads() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        }
        assertThat(router.get(GLOBEX_USERS).status()).isEqualTo(200);

        Map<String, Double> stats = stats();

        assertThat(stats).containsEntry("size", 2.0)
                .containsEntry("hitCount", 2.0)
                .containsEntry("missCount", 2.0)
                .containsEntry("loadSuccessCount", 2.0)
                .containsEntry("loadFailureCount", 0.0)
                .containsEntry("evictionCount", 0.0);
        assertThat(stats.get("hitRate")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void invalidateOneTenant_makesOnlyItsNextRequestAskTheDirectoryAgain() throws Exception {
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertThat(router.get(GLOBEX_USERS).status()).isEqualTo(200);

        RawHttp.Response invalidated = admin("POST", "/cache/invalidate?project=p1&environment=e1&tenant=acme");
        assertThat(invalidated.status()).isEqualTo(204);
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertThat(router.get(GLOBEX_USERS).status()).isEqualTo(200);

        assertThat(directory.requests("p1", "e1", "acme")).isEqualTo(2);
        assertThat(directory.requests("p1", "e1", "globex")).isEqualTo(1);
    }

    @Test
    void invalidateAll_makesEveryNextRequestAskTheDirectoryAgain() throws Exception {
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertThat(router.get(GLOBEX_USERS).status()).isEqualTo(200);

        assertThat(admin("POST", "/cache/invalidate-all").status()).isEqualTo(204);
        assertThat(stats()).containsEntry("size", 0.0);
        assertThat(router.get(ACME_USERS).status()).isEqualTo(200);
        assertThat(router.get(GLOBEX_USERS).status()).isEqualTo(200);

        assertThat(directory.requests("p1", "e1", "acme")).isEqualTo(2);
        assertThat(directory.requests("p1", "e1", "globex")).isEqualTo(2);
    }

    @Test
    void invalidate_takesEffectForAnUnknownTenantCreatedMeanwhile() throws Exception {
        assertThat(router.get("/scim/v2/p1/e1/v2/newco/Users").status()).isEqualTo(404);
        directory.found("p1", "e1", "newco", "{}");
        assertThat(router.get("/scim/v2/p1/e1/v2/newco/Users").status()).as("still cached as unknown")
                .isEqualTo(404);

        assertThat(admin("POST", "/cache/invalidate?project=p1&environment=e1&tenant=newco").status())
                .isEqualTo(204);

        assertThat(router.get("/scim/v2/p1/e1/v2/newco/Users").status()).isEqualTo(200);
        assertThat(router.backend().received()).singleElement()
                .satisfies(r -> assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("newco"));
    }
}
