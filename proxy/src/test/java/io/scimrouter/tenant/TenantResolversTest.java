package io.scimrouter.tenant;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Tenants;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantResolversTest {
    private static final Tenants.Cache CACHE =
            new Tenants.Cache(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(10), 1000);

    @Test
    void staticConfiguration_resolvesThroughTheCache() {
        Tenants config = new Tenants(List.of(new Tenants.StaticTenants("p1", "e1", List.of("acme"))), null, null,
                CACHE);

        try (TenantCache cache = TenantResolvers.create(config)) {
            assertThat(cache.resolve(new TenantQuery("p1", "e1", "acme", null)).join())
                    .isEqualTo(new TenantDecision.Known("acme", null));
            assertThat(cache.resolve(new TenantQuery("p1", "e1", "other", null)).join())
                    .isEqualTo(new TenantDecision.Unknown());
            assertThat(cache.stats().missCount()).isEqualTo(2);
        }
    }

    @Test
    void staticAndHttpTogether_isAConfigurationError() {
        Tenants config = new Tenants(List.of(new Tenants.StaticTenants("p1", "e1", List.of("acme"))), null,
                new Tenants.Http("http://127.0.0.1:1/{project}/{environment}/{tenant}", Duration.ofSeconds(1), null,
                        false), CACHE);

        assertThatThrownBy(() -> TenantResolvers.create(config)).isInstanceOf(ConfigException.class);
    }
}
