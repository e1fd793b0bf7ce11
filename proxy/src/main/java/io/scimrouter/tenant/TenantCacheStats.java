package io.scimrouter.tenant;

/**
 * A snapshot of the tenant cache's counters for the admin endpoint. Loads include background refreshes; a refresh
 * that failed while the stale answer kept serving counts as a load failure; {@code staleServedCount} counts the hits
 * on such an answer.
 */
public record TenantCacheStats(
        long size,
        long hitCount,
        long missCount,
        double hitRate,
        long loadSuccessCount,
        long loadFailureCount,
        long evictionCount,
        long staleServedCount) {
}
