package io.scimrouter.admin;

import io.scimrouter.lifecycle.BackendCheck;
import io.scimrouter.lifecycle.Readiness;
import io.scimrouter.metrics.RouterMetrics;
import io.scimrouter.tenant.TenantCache;

import java.util.function.Supplier;

/**
 * What the admin endpoints read and act on.
 *
 * @param cache        the tenant cache in force (a reload may start another), or null for none (the cache endpoints
 *                     then answer 404)
 * @param metrics      the metrics to scrape, or null ({@code /metrics} then answers 404)
 * @param readiness    what {@code /readyz} answers
 * @param backendCheck run by {@code /readyz} while the backend counts as down, or null
 * @param access       who may call the mutating endpoints
 * @param reload       reloads the configuration file, or null when the router was started without one
 *                     ({@code POST /config/reload} then answers 409)
 * @param peers        the other replicas for {@code scope=cluster} invalidations, or null (then such a request
 *                     answers 409)
 */
public record AdminEndpoints(Supplier<TenantCache> cache, RouterMetrics metrics, Readiness readiness,
                             BackendCheck backendCheck, AdminAccess access, ConfigReload reload,
                             PeerInvalidation peers) {

    /** A fixed tenant cache (or null), no configuration file to reload. */
    public AdminEndpoints(TenantCache cache, RouterMetrics metrics, Readiness readiness, BackendCheck backendCheck,
                          AdminAccess access) {
        this(() -> cache, metrics, readiness, backendCheck, access, null, null);
    }

    /** The cache endpoints only, always ready, loopback callers for the mutating ones (tests, tools). */
    public static AdminEndpoints cacheOnly(TenantCache cache) {
        Readiness ready = new Readiness(1);
        ready.started();
        return new AdminEndpoints(cache, null, ready, null, AdminAccess.loopbackOnly());
    }
}
