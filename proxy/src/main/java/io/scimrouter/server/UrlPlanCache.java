package io.scimrouter.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.scimrouter.rewrite.TenantUrlPlan;

import java.util.List;

/**
 * URL plans are the same for every request of one (public origin, backend, client base): built once, not per
 * request. Bounded, because the public origin can come from a client's Host header.
 */
final class UrlPlanCache {
    private record Key(String publicOrigin, String backendOrigin, String legacyBase, String clientBase) {
    }

    private final List<String> extraOrigins;
    private final Cache<Key, TenantUrlPlan> plans = Caffeine.newBuilder().maximumSize(10_000).build();

    UrlPlanCache(List<String> extraOrigins) {
        this.extraOrigins = List.copyOf(extraOrigins);
    }

    TenantUrlPlan plan(String publicOrigin, String backendOrigin, String legacyBase, String clientBase) {
        return plans.get(new Key(publicOrigin, backendOrigin, legacyBase, clientBase),
                k -> TenantUrlPlan.of(k.publicOrigin(), k.backendOrigin(), extraOrigins, k.legacyBase(),
                        k.clientBase()));
    }
}
