package io.scimrouter.tenant.it;

import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rollout.tenantAware.allow/deny} through a real router: the /v2 forms answer a SCIM 404 where they are not
 * enabled, before any tenant lookup; legacy traffic of the same project and environment is never affected.
 */
class RolloutThroughRouterTest {
    private static final List<StaticTenants> TENANTS = List.of(
            new StaticTenants("p1", "e1", List.of("acme")),
            new StaticTenants("p1", "e2", List.of("acme")),
            new StaticTenants("p2", "e1", List.of("acme")));

    private final ManualTicker ticker = new ManualTicker();

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker).startedByTest();

    private void startRouter(List<String> allow, List<String> deny) throws Exception {
        router.start(b -> b.staticTenants(TENANTS).tenantCache(TickedRouter.CACHE).rollout(allow, deny));
    }

    private static void assertNotEnabled(RawHttp.Response response, String project,
                                         String environment) {
        assertScimError(response, 404, "The tenant-aware endpoint (/v2) is not enabled for project '" + project
                + "', environment '" + environment + "'");
    }

    @Test
    void rollOutToOneProject_allowP1_denyP1E2_v2EnabledOnlyWhereAllowedAndNotDenied() throws Exception {
        startRouter(List.of("p1/*"), List.of("p1/e2"));

        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/Users").status()).isEqualTo(200);
        assertNotEnabled(router.get("/scim/v2/p1/e2/v2/acme/Users"), "p1", "e2");
        assertNotEnabled(router.get("/scim/v2/p1/e2/v2/Users"), "p1", "e2");
        assertNotEnabled(router.get("/scim/v2/p2/e1/v2/acme/Users"), "p2", "e1");

        assertThat(router.backend().received()).extracting(r -> r.headers().get("X-Tenant-Id"))
                .containsExactly("acme", "default");
        assertThat(router.tenantCache().stats().missCount()).as("refused before any tenant lookup").isEqualTo(1);
    }

    @Test
    void legacyTraffic_ofProjectsWhereV2IsNotEnabled_isForwardedUntouched() throws Exception {
        startRouter(List.of("p1/*"), List.of("p1/e2"));

        assertThat(router.get("/scim/v2/p1/e2/Users/7?attributes=userName", "X-Tenant-Id: spoofed").status())
                .isEqualTo(200);
        assertThat(router.get("/scim/v2/p2/e1/Groups").status()).isEqualTo(200);
        // parsing is positional: a project called v2 is a legacy project, not a /v2 form
        assertThat(router.get("/scim/v2/v2/e1/Users").status()).isEqualTo(200);

        assertThat(router.backend().received()).extracting(TestBackend.Received::target).containsExactly(
                "/scim/v2/p1/e2/Users/7?attributes=userName", "/scim/v2/p2/e1/Groups", "/scim/v2/v2/e1/Users");
        assertThat(router.backend().received())
                .allSatisfy(r -> assertThat(r.headers().contains("X-Tenant-Id")).isFalse());
    }

    @Test
    void rollBack_denyStarWinsOverAllowStar_everyV2FormIs404_legacyStillServed() throws Exception {
        startRouter(List.of("*"), List.of("*"));

        assertNotEnabled(router.get("/scim/v2/p1/e1/v2/acme/Users"), "p1", "e1");
        assertNotEnabled(router.get("/scim/v2/p2/e1/v2/Groups"), "p2", "e1");
        assertThat(router.get("/scim/v2/p1/e1/Users").status()).isEqualTo(200);

        assertThat(router.backend().received()).extracting(TestBackend.Received::target)
                .containsExactly("/scim/v2/p1/e1/Users");
    }
}
