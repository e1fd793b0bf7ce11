package io.scimrouter.tenant;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tenants listed in configuration ({@code tenants.static}) plus, optionally, a tenants file that is reloaded when it
 * changes. Answers from memory; the file is read on a dedicated daemon thread, never on an event loop.
 */
public final class StaticTenantDirectory implements TenantDirectory {
    private static final CompletableFuture<DirectoryAnswer> NOT_FOUND =
            CompletableFuture.completedFuture(new DirectoryAnswer.NotFound());

    private final TenantTable configured;
    private final TenantsFileWatcher watcher;
    private volatile TenantTable current;

    /**
     * @param file         the tenants file, or null for the configured list only
     * @param pollInterval how often the file's modification time is checked
     * @throws ConfigException when the file cannot be read or parsed at start
     */
    public StaticTenantDirectory(List<StaticTenants> staticTenants, Path file, Duration pollInterval) {
        this.configured = TenantTable.of(staticTenants);
        this.current = configured;
        if (file == null) {
            this.watcher = null;
            return;
        }
        try {
            this.watcher = new TenantsFileWatcher(file, pollInterval, table -> current = configured.merge(table));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("tenants.file", "cannot load " + file + ": " + e.getMessage());
        }
    }

    @Override
    public CompletableFuture<DirectoryAnswer> lookup(TenantQuery query) {
        DirectoryAnswer.Found found = current.find(query.project(), query.environment(), query.tenant());
        return found == null ? NOT_FOUND : CompletableFuture.completedFuture(found);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
