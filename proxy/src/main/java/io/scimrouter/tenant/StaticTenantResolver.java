package io.scimrouter.tenant;

import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The simplest directory: the {@code tenants.static} list from the configuration, answered from memory. */
public final class StaticTenantResolver implements TenantResolver {
    private static final CompletableFuture<TenantDecision> UNKNOWN =
            CompletableFuture.completedFuture(new TenantDecision.Unknown());

    private final Set<String> known = new HashSet<>();

    public StaticTenantResolver(List<StaticTenants> entries) {
        for (StaticTenants entry : entries) {
            for (String tenant : entry.tenants()) {
                known.add(key(entry.project(), entry.environment(), tenant));
            }
        }
    }

    @Override
    public CompletableFuture<TenantDecision> resolve(TenantQuery query) {
        if (known.contains(key(query.project(), query.environment(), query.tenant()))) {
            return CompletableFuture.completedFuture(new TenantDecision.Known(query.tenant(), null));
        }
        return UNKNOWN;
    }

    private static String key(String project, String environment, String tenant) {
        return project + '/' + environment + '/' + tenant;
    }
}
