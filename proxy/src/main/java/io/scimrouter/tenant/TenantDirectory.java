package io.scimrouter.tenant;

import java.util.concurrent.CompletableFuture;

/**
 * The source of truth about tenants, asked by {@link TenantCache} on a miss or a refresh. Implementations never block
 * the caller; a directory that cannot answer (down, timeout, unexpected status) completes the future exceptionally.
 */
public interface TenantDirectory extends AutoCloseable {

    CompletableFuture<DirectoryAnswer> lookup(TenantQuery query);

    @Override
    default void close() {
    }
}
