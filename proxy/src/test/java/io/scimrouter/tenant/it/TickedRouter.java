package io.scimrouter.tenant.it;

import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.tenant.TenantResolvers;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RouterExtension;

import java.time.Duration;
import java.util.Map;

/**
 * A {@link RouterExtension} whose tenant cache runs on a {@link ManualTicker}. Cache maintenance runs on the calling
 * thread (Runnable::run) so that what a test sees after a request does not depend on a pool's timing; the directory's
 * credential comes from a fake environment.
 */
final class TickedRouter {
    static final Duration FILE_POLL_INTERVAL = Duration.ofMillis(25);
    static final Duration TTL = Duration.ofSeconds(30);
    static final Duration MAX_STALE = Duration.ofMinutes(10);
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
    static final Tenants.Cache CACHE = new Tenants.Cache(TTL, MAX_STALE, NEGATIVE_TTL, 10_000);

    private TickedRouter() {
    }

    static RouterExtension create(ManualTicker ticker) {
        return RouterExtension.create().tenants(config -> TenantResolvers.create(config.tenants(), ticker,
                Runnable::run, Map.of(WireMockDirectory.CREDENTIAL_ENV, WireMockDirectory.ROUTER_CREDENTIAL)::get,
                FILE_POLL_INTERVAL));
    }
}
