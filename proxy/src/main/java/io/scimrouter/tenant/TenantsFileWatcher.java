package io.scimrouter.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls a tenants file's modification time and size on its own daemon thread and hands each good new version to a
 * listener. Polling rather than a WatchService: it also sees files replaced through symlinks (Kubernetes ConfigMaps)
 * and on filesystems without change events. A bad or missing file keeps the last good table and is logged once per
 * version, not once per poll.
 */
final class TenantsFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TenantsFileWatcher.class);

    private record Version(FileTime modified, long size) {
        static final Version MISSING = new Version(FileTime.fromMillis(0), -1);
    }

    private final Path file;
    private final Consumer<TenantTable> listener;
    private final ScheduledExecutorService poller;
    private Version seen; // only touched by the poller thread after construction

    /** Reads the file once now (the caller's thread, at start) and fails if it is not usable. */
    TenantsFileWatcher(Path file, Duration pollInterval, Consumer<TenantTable> listener) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.seen = version();
        listener.accept(TenantsFileParser.parse(read()));
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tenants-file-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long periodMillis = Math.max(1, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        Version current;
        try {
            current = version();
        } catch (IOException e) {
            current = Version.MISSING;
        }
        if (current.equals(seen)) {
            return;
        }
        seen = current;
        if (current == Version.MISSING) {
            LOG.warn("Tenants file {} is missing; keeping the last good tenant list", file);
            return;
        }
        try {
            TenantTable table = TenantsFileParser.parse(read());
            listener.accept(table);
            LOG.info("Reloaded tenants file {}: {} tenants", file, table.size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Tenants file {} is not usable ({}); keeping the last good tenant list", file, e.getMessage());
        }
    }

    private Version version() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return Version.MISSING;
        }
    }

    private String read() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
