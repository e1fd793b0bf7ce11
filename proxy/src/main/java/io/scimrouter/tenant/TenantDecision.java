package io.scimrouter.tenant;

import java.net.URI;

/** The directory's answer for one {@link TenantQuery}, as the router acts on it. */
public sealed interface TenantDecision {

    /**
     * The tenant exists.
     *
     * @param tenantKey canonical key sent to the backend in the tenant header
     * @param upstream  dedicated upstream for this tenant, or null for the configured backend
     */
    record Known(String tenantKey, URI upstream) implements TenantDecision {
    }

    /** The directory says the tenant does not exist: 404. */
    record Unknown() implements TenantDecision {
    }

    /** The directory could not be asked and nothing usable is cached: 503 with Retry-After. */
    record Unavailable(long retryAfterSeconds, String reason) implements TenantDecision {
    }

    /** The directory refused the caller's credentials (forwardCallerAuthorization): 401 or 403. */
    record Denied(int status) implements TenantDecision {
    }
}
