package io.scimrouter.policy;

import io.scimrouter.limit.LimitDecision;

/**
 * What a refusal by the overload limits means for the client: 429 for a request rate (RFC 6585), 503 for a cap of
 * requests in progress and for a full or too slow backend queue (the service is overloaded, not the client too
 * fast), each with {@code Retry-After} in whole seconds, at least 1: for a rate the time until the next token,
 * rounded up; for the others 1 second, since no one can know when a place frees up. The SCIM error carries no
 * {@code scimType}: RFC 7644 defines none for these statuses.
 */
public final class OverloadAnswers {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private OverloadAnswers() {
    }

    /**
     * The answer to a refused request.
     *
     * @param close close the client connection after the answer (its unread body cannot be told from a next request)
     */
    public static Verdict.Reject refused(LimitDecision decision, boolean close) {
        if (decision instanceof LimitDecision.RateLimited rate) {
            return new Verdict.Reject(429, "Too many requests for this " + scopeName(rate.scope()) + "; retry later",
                    close, retryAfterSeconds(rate.retryAfterNanos()));
        }
        if (decision instanceof LimitDecision.ConcurrencyLimited concurrency) {
            return new Verdict.Reject(503, "Too many requests in progress for this "
                    + scopeName(concurrency.scope()) + "; retry later", close, 1);
        }
        throw new IllegalArgumentException("not a refusal: " + decision);
    }

    /** The backend's wait queue is full. */
    public static Verdict.Reject upstreamQueueFull() {
        return new Verdict.Reject(503, "The backend is busy; retry later", false, 1);
    }

    /** The request waited for the backend longer than limits.upstream.queueTimeout. */
    public static Verdict.Reject upstreamQueueTimeout() {
        return new Verdict.Reject(503, "The backend is busy; retry later", false, 1);
    }

    /** Whole seconds until {@code nanos} have passed, rounded up, at least 1. */
    public static long retryAfterSeconds(long nanos) {
        if (nanos <= 0) {
            return 1;
        }
        return Math.max(1, (nanos - 1) / NANOS_PER_SECOND + 1);
    }

    private static String scopeName(LimitDecision.Scope scope) {
        return scope == LimitDecision.Scope.TENANT ? "tenant" : "project and environment";
    }
}
