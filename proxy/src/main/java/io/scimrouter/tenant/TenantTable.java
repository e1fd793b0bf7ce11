package io.scimrouter.tenant;

import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable snapshot of known tenants per project and environment, as listed in configuration or a file. */
record TenantTable(Map<Coordinates, DirectoryAnswer.Found> tenants) {

    static final TenantTable EMPTY = new TenantTable(Map.of());

    record Coordinates(String project, String environment, String tenant) {
    }

    TenantTable {
        tenants = Map.copyOf(tenants);
    }

    static TenantTable of(List<StaticTenants> entries) {
        Map<Coordinates, DirectoryAnswer.Found> tenants = new HashMap<>();
        for (StaticTenants entry : entries) {
            for (String tenant : entry.tenants()) {
                tenants.put(new Coordinates(entry.project(), entry.environment(), tenant),
                        new DirectoryAnswer.Found(tenant, null));
            }
        }
        return new TenantTable(tenants);
    }

    DirectoryAnswer.Found find(String project, String environment, String tenant) {
        return tenants.get(new Coordinates(project, environment, tenant));
    }

    /** Entries of {@code other} win: the file may give a statically listed tenant its own upstream. */
    TenantTable merge(TenantTable other) {
        if (other.tenants.isEmpty()) {
            return this;
        }
        Map<Coordinates, DirectoryAnswer.Found> merged = new HashMap<>(tenants);
        merged.putAll(other.tenants);
        return new TenantTable(merged);
    }

    int size() {
        return tenants.size();
    }
}
