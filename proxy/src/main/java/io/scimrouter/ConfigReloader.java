package io.scimrouter;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.config.ReloadOutcome;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.metrics.RouterMetrics;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.watch.FileWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reloads the configuration file the router was started with: when its content changes (file-system events in its
 * directory, debounced, and a periodic comparison; the content's SHA-256 decides, so a Kubernetes ConfigMap's
 * symlink swap counts and a touch does not) and on {@code POST /config/reload}. Every reload runs on this class's
 * one thread, never on an event loop, one at a time; the router applies a good file whole
 * ({@link Router#apply}). Each reload is logged and counted by result.
 */
final class ConfigReloader implements AutoCloseable {
    static final Duration DEBOUNCE = Duration.ofMillis(500);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
    /** A tenant resolver a reload replaced is closed this much later: lookups in flight on it end first. */
    static final Duration RETIRE_AFTER = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final Path file;
    private final Map<String, String> env;
    private final Function<RouterConfig, Router.Applied> apply;
    private final RouterMetrics metrics; // nullable
    private final ScheduledExecutorService thread;
    private final Set<TenantResolver> retiring = ConcurrentHashMap.newKeySet();
    private volatile String lastDigest; // of the content last read, good or not
    private FileWatcher watcher;

    /**
     * @param file    the file given at start
     * @param env     the environment its overrides come from (read at start; the same overrides apply again)
     * @param apply   applies a loaded configuration: the router's {@link Router#apply}
     * @param metrics counts the reloads, or null
     */
    ConfigReloader(Path file, Map<String, String> env, Function<RouterConfig, Router.Applied> apply,
                   RouterMetrics metrics) {
        this.file = file;
        this.env = env;
        this.apply = apply;
        this.metrics = metrics;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "config-reload");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        this.lastDigest = digest(file);
        if (metrics != null) {
            metrics.showConfigReloads(Arrays.stream(ReloadOutcome.Result.values()).map(ReloadOutcome.Result::label)
                    .toList());
        }
    }

    /** Starts watching the file's directory (where a ConfigMap swaps its {@code ..data} symlink). */
    ConfigReloader watch() {
        Path directory = file.toAbsolutePath().getParent();
        watcher = new FileWatcher("config", DEBOUNCE, () -> Set.of(directory), () -> CHECK_INTERVAL, true,
                this::reloadIfChanged);
        return this;
    }

    /** Directories the watcher has registered (tests wait for it before they change the file). */
    int watchedDirectories() {
        return watcher == null ? 0 : watcher.watchedDirectories();
    }

    /** A reload on the reload thread ({@code POST /config/reload}, tests). */
    CompletableFuture<ReloadOutcome> reload(String trigger) {
        return CompletableFuture.supplyAsync(() -> reloadNow(trigger), thread);
    }

    /** The watcher's check: reload when the content differs from the last read. */
    private void reloadIfChanged() {
        if (digest(file).equals(lastDigest)) {
            return;
        }
        try {
            reload("the file changed").get(); // one at a time with POST /config/reload, on the reload thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        } catch (ExecutionException e) {
            LOG.error("Configuration reload failed", e.getCause());
        }
    }

    private ReloadOutcome reloadNow(String trigger) {
        lastDigest = digest(file); // a bad version is reported once, not at every check, until the file changes
        ReloadOutcome outcome;
        try {
            RouterConfig next = ConfigLoader.load(file, env);
            Router.Applied applied = apply.apply(next);
            outcome = applied.outcome();
            if (applied.retired() != null) {
                retire(applied.retired());
            }
        } catch (ConfigException e) {
            outcome = ReloadOutcome.failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Configuration reload ({}) failed", trigger, e);
            outcome = ReloadOutcome.failed(e.toString());
        }
        log(trigger, outcome);
        if (metrics != null) {
            metrics.countConfigReload(outcome.result().label());
        }
        return outcome;
    }

    private void log(String trigger, ReloadOutcome outcome) {
        switch (outcome.result()) {
            case SUCCESS -> LOG.info("Configuration reloaded from {} ({}): {}", file, trigger, outcome.message());
            case UNCHANGED -> LOG.info("Configuration reload ({}): unchanged", trigger);
            case REFUSED -> LOG.warn("Configuration reload from {} ({}) refused: {}", file, trigger,
                    outcome.message());
            case FAILED -> LOG.error("Configuration reload from {} ({}) failed: {}", file, trigger,
                    outcome.message());
        }
    }

    private void retire(TenantResolver old) {
        retiring.add(old);
        thread.schedule(() -> {
            if (retiring.remove(old)) {
                old.close();
            }
        }, RETIRE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SHA-256 of the content (through any symlinks), or a marker when it cannot be read. */
    private static String digest(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (IOException e) {
            return "unreadable: " + e.getClass().getSimpleName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        shutdown(thread);
        for (TenantResolver old : retiring) {
            old.close();
        }
        retiring.clear();
    }

    private static void shutdown(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
