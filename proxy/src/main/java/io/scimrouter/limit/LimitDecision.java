package io.scimrouter.limit;

/** What {@link Limiter#admit} decided for one request. */
public sealed interface LimitDecision {

    /** Which limit spoke: the project/environment's or the tenant's. */
    enum Scope {
        PROJECT_ENVIRONMENT,
        TENANT
    }

    /** Admitted; the permit is released when the exchange ends, exactly once. */
    record Granted(Permit permit) implements LimitDecision {
    }

    /** Over a request rate; the next token comes in {@code retryAfterNanos}. */
    record RateLimited(Scope scope, long retryAfterNanos) implements LimitDecision {
    }

    /** Over a cap of requests in progress. */
    record ConcurrencyLimited(Scope scope) implements LimitDecision {
    }
}
