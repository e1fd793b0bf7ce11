package io.scimrouter.tenant;

import java.util.concurrent.CompletableFuture;

/**
 * Answers tenant questions for the request path. Implementations never block the caller: the future completes
 * later (possibly on another thread) and the caller hops back to its own event loop.
 */
public interface TenantResolver extends AutoCloseable {

    CompletableFuture<TenantDecision> resolve(TenantQuery query);

    @Override
    default void close() {
    }
}
