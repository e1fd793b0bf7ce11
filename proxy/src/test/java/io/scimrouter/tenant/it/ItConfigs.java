package io.scimrouter.tenant.it;

import io.scimrouter.config.RouterConfig;
import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Backend;
import io.scimrouter.config.RouterConfig.Rollout;
import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.testing.TestConfigs;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** {@link TestConfigs#defaults} with the tenant, rollout, backend and admin blocks these tests change. */
final class ItConfigs {
    static final Duration TTL = Duration.ofSeconds(30);
    static final Duration MAX_STALE = Duration.ofMinutes(10);
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
    static final Tenants.Cache CACHE = new Tenants.Cache(TTL, MAX_STALE, NEGATIVE_TTL, 10_000);

    private ItConfigs() {
    }

    static RouterConfig with(URI backend, Tenants tenants) {
        return withTenants(TestConfigs.defaults(backend), tenants);
    }

    static RouterConfig withTenants(RouterConfig c, Tenants tenants) {
        return new RouterConfig(c.server(), c.backend(), c.routing(), tenants, c.rollout(), c.rewrite(), c.admin());
    }

    static RouterConfig withRollout(RouterConfig c, List<String> allow, List<String> deny) {
        return new RouterConfig(c.server(), c.backend(), c.routing(), c.tenants(), new Rollout(allow, deny),
                c.rewrite(), c.admin());
    }

    /** The admin listener on a free loopback port. */
    static RouterConfig withAdmin(RouterConfig c) {
        return new RouterConfig(c.server(), c.backend(), c.routing(), c.tenants(), c.rollout(), c.rewrite(),
                new Admin("127.0.0.1", 0));
    }

    static RouterConfig withTenantAwareUrl(RouterConfig c, URI tenantAwareUrl) {
        Backend b = c.backend();
        return new RouterConfig(c.server(), new Backend(b.url(), tenantAwareUrl, b.connectTimeout(),
                b.responseTimeout(), b.idleTimeout(), b.maxConnectionsPerLoop(), b.preserveHost()),
                c.routing(), c.tenants(), c.rollout(), c.rewrite(), c.admin());
    }

    static Tenants staticTenants(List<Tenants.StaticTenants> listed) {
        return new Tenants(listed, null, null, CACHE);
    }
}
