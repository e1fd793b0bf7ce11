package io.scimrouter.demo;

import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Carries the request's tenant key through the SCIM SDK into the resource handlers. The SDK hands every handler
 * call the request {@link Context}, whose {@link Authorization} is the one object we fully control; the bearer
 * token itself has already been checked before the SDK is called.
 */
record TenantScope(String tenant) implements Authorization {

    TenantScope {
        Objects.requireNonNull(tenant, "tenant");
    }

    static String tenantOf(Context context) {
        if (context != null && context.getAuthorization() instanceof TenantScope scope) {
            return scope.tenant();
        }
        throw new IllegalStateException("SCIM request without a tenant scope");
    }

    @Override
    public String getClientId() {
        return "tenant:" + tenant;
    }

    @Override
    public Set<String> getClientRoles() {
        return Set.of();
    }

    @Override
    public boolean authenticate(Map<String, String> httpHeaders, Map<String, String> queryParams) {
        return true;
    }
}
