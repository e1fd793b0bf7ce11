package io.scimrouter.policy;

import io.scimrouter.route.Route;
import io.scimrouter.tenant.TenantDecision;

/**
 * What the tenant directory's answer means for the client: a known tenant goes on, everything else is a SCIM error
 * whose status tells the truth (404 unknown, 503 with Retry-After when the directory cannot be asked: never a false
 * 404, 401/403 when it refused the caller). Whether the connection survives is the exchange's call (is the body read?).
 */
public final class TenantAnswers {
    /** Retry-After when the lookup itself failed (not an answer from the directory). */
    public static final long LOOKUP_FAILED_RETRY_AFTER_SECONDS = 5;

    private TenantAnswers() {
    }

    /** {@link Verdict#ADMIT} for {@link TenantDecision.Known}, else the SCIM error for {@code route}'s tenant. */
    public static Verdict answer(TenantDecision decision, Route route) {
        if (decision instanceof TenantDecision.Known) {
            return Verdict.ADMIT;
        }
        if (decision instanceof TenantDecision.Unknown) {
            return new Verdict.Reject(404, "Unknown tenant '" + route.tenant() + "' in project '" + route.project()
                    + "', environment '" + route.environment() + "'", false);
        }
        if (decision instanceof TenantDecision.Unavailable unavailable) {
            return unavailable(Math.max(1, unavailable.retryAfterSeconds()));
        }
        TenantDecision.Denied denied = (TenantDecision.Denied) decision;
        return new Verdict.Reject(denied.status(), denied.status() == 401
                ? "Authentication required for this tenant" : "Not allowed for this tenant", false);
    }

    /**
     * The check of an unknown tenant's caller got no usable answer from the backend: answered as a known tenant's
     * request would be when the backend fails, never with a 404 that would tell the tenant does not exist.
     */
    public static Verdict.Reject callerCheckFailed() {
        return new Verdict.Reject(502, "The backend is unreachable", false);
    }

    /** The lookup failed before the directory could answer. */
    public static Verdict.Reject lookupFailed() {
        return unavailable(LOOKUP_FAILED_RETRY_AFTER_SECONDS);
    }

    private static Verdict.Reject unavailable(long retryAfterSeconds) {
        return new Verdict.Reject(503, "The tenant directory is unavailable; retry later", false, retryAfterSeconds);
    }
}
