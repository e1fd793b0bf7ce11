package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDefaultsTest {

    private final RouterConfig config = ConfigLoader.defaults();

    @Test
    void server_defaults() {
        RouterConfig.Server server = config.server();
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isEqualTo(8080);
        assertThat(server.publicUrl()).isNull();
        assertThat(server.maxRequestBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(server.maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(server.maxInitialLineLength()).isEqualTo(8 * 1024);
        assertThat(server.clientIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(server.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(server.requestBodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(server.requestBuffer()).isEqualTo(new RouterConfig.Server.RequestBuffer(256 * 1024, 64L << 20));
        assertThat(server.trustedProxies()).isEmpty();
        assertThat(server.workerThreads()).isZero();
    }

    @Test
    void limits_areAllOff_byDefault() {
        assertThat(config.limits()).isEqualTo(RouterConfig.Limits.OFF);
    }

    @Test
    void unknownTenants_areCheckedWithTheBackend_byDefault_withTheDemoToo() {
        assertThat(config.tenants().unknown()).isEqualTo(new RouterConfig.Tenants.Unknown(true,
                "{basePath}/{project}/{environment}/Users?count=0", Duration.ofSeconds(60), 10_000));
        RouterConfig withBackend = ConfigLoader.load(null, Map.of("SCIM_ROUTER_BACKEND_URL", "http://legacy:8080"));
        assertThat(withBackend.tenants().unknown().verifyCaller()).isTrue();
    }

    @Test
    void backend_defaults() {
        RouterConfig.Backend backend = config.backend();
        assertThat(backend.url()).isNull();
        assertThat(backend.tenantAwareUrl()).isNull();
        assertThat(backend.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backend.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backend.idleTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(backend.maxConnectionsPerLoop()).isEqualTo(64);
        assertThat(backend.preserveHost()).isTrue();
    }

    @Test
    void routing_defaults() {
        RouterConfig.Routing routing = config.routing();
        assertThat(routing.basePath()).isEqualTo("/scim/v2");
        assertThat(routing.tenantHeader()).isEqualTo("X-Tenant-Id");
        assertThat(routing.defaultTenant()).isEqualTo("default");
        assertThat(routing.tenantPattern().pattern()).isEqualTo("[A-Za-z0-9_-]{1,64}");
        assertThat(routing.endpoints()).containsExactly("Users", "Groups", "Me", "Bulk", ".search",
                "ServiceProviderConfig", "ResourceTypes", "Schemas");
    }

    @Test
    void tenants_defaultToTheDemoTenants_whenNoBackendAndNoDirectory() {
        RouterConfig.Tenants tenants = config.tenants();
        assertThat(tenants.staticTenants())
                .containsExactly(new StaticTenants("demo", "dev", List.of("acme", "globex")));
        assertThat(tenants.file()).isNull();
        assertThat(tenants.http()).isNull();
        assertThat(tenants.cache()).isEqualTo(new RouterConfig.Tenants.Cache(
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30), 100_000));
    }

    @Test
    void tenants_emptyByDefault_whenABackendIsConfigured() {
        RouterConfig withBackend = ConfigLoader.load(null, Map.of("SCIM_ROUTER_BACKEND_URL", "http://legacy:8080"));

        assertThat(withBackend.tenants().staticTenants()).isEmpty();
    }

    @Test
    void rollout_rewrite_admin_defaults() {
        assertThat(config.rollout()).isEqualTo(new RouterConfig.Rollout(List.of("*"), List.of()));
        assertThat(config.rewrite()).isEqualTo(new RouterConfig.Rewrite(true, List.of(), false, 1 << 20, 64));
        assertThat(config.admin()).isEqualTo(new RouterConfig.Admin("127.0.0.1", 9090, null,
                new RouterConfig.Admin.Readiness(3)));
    }

    @Test
    void operations_defaults_drainProbesMetricsAndLogs() {
        assertThat(config.server().drain()).isEqualTo(new RouterConfig.Server.Drain(java.time.Duration.ZERO,
                java.time.Duration.ofSeconds(30)));
        assertThat(config.metrics()).isEqualTo(new RouterConfig.Metrics(false, 100));
        assertThat(config.log()).isEqualTo(new RouterConfig.Log(RouterConfig.Level.INFO,
                new RouterConfig.Log.Access(RouterConfig.AccessLogFormat.TEXT)));
    }

    @Test
    void emptyFile_isTheDefaults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        RouterConfig fromEmptyFile = ConfigLoader.load(ConfigFixtures.write(dir, "# nothing here\n"), Map.of());

        ConfigAssertions.assertSameConfig(fromEmptyFile, config);
    }
}
