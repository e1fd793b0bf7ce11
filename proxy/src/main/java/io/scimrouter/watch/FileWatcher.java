package io.scimrouter.watch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a check when files in some directories may have changed, on its own daemon thread (never an event loop):
 * after any file-system event in them, once they have been quiet for the debounce time (a secret or ConfigMap update
 * writes several files), and every check interval regardless, because events miss changes on some filesystems and
 * mounts (a Kubernetes secret is updated by swapping a {@code ..data} symlink in the watched directory). The check
 * itself decides whether anything changed, by content: event names are not trusted.
 */
public final class FileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final String what;
    private final Duration debounce;
    private final Supplier<Set<Path>> directories;
    private final Supplier<Duration> checkInterval;
    private final Runnable check;
    private final WatchService events; // null: only the periodic check
    private final Map<Path, WatchKey> watched = new ConcurrentHashMap<>(); // written by the thread only
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param what          what is watched, for the log and the thread's name ({@code tls}, {@code config})
     * @param debounce      how long events must have stopped before the check runs
     * @param directories   the directories to watch, asked again before every wait (a reload may name other files)
     * @param checkInterval the longest time between two checks, asked again after every check
     * @param fileEvents    false: only the periodic check
     * @param check         compares and reloads; called on the watcher's thread only
     */
    public FileWatcher(String what, Duration debounce, Supplier<Set<Path>> directories,
                       Supplier<Duration> checkInterval, boolean fileEvents, Runnable check) {
        this.what = what;
        this.debounce = debounce;
        this.directories = directories;
        this.checkInterval = checkInterval;
        this.check = check;
        this.events = fileEvents ? newWatchService() : null;
        this.thread = new Thread(this::run, what + "-file-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private WatchService newWatchService() {
        try {
            return FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("No file-system events for the {} files ({}); they are compared every check interval only",
                    what, e.toString());
            return null;
        }
    }

    private void run() {
        long nextCheck = System.nanoTime() + checkInterval.get().toNanos();
        long quietUntil = Long.MAX_VALUE; // an event arrived: check once none has come for the debounce time
        try {
            while (closed.getCount() > 0) {
                long wait = Math.min(nextCheck, quietUntil) - System.nanoTime();
                if (wait > 0) {
                    if (awaitEvent(wait)) {
                        quietUntil = System.nanoTime() + debounce.toNanos();
                    }
                    continue;
                }
                quietUntil = Long.MAX_VALUE;
                try {
                    check.run();
                } catch (RuntimeException e) {
                    LOG.error("Checking the {} files failed", what, e);
                }
                nextCheck = System.nanoTime() + checkInterval.get().toNanos();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Waits up to {@code nanos} for an event in a watched directory; true when one came. */
    private boolean awaitEvent(long nanos) throws InterruptedException {
        if (events == null) {
            closed.await(nanos, TimeUnit.NANOSECONDS);
            return false;
        }
        register();
        WatchKey key = events.poll(nanos, TimeUnit.NANOSECONDS);
        if (key == null) {
            return false;
        }
        key.pollEvents();
        key.reset();
        return true;
    }

    private void register() {
        Set<Path> wanted = directories.get();
        watched.entrySet().removeIf(entry -> {
            boolean stale = !wanted.contains(entry.getKey()) || !entry.getValue().isValid();
            if (stale) {
                entry.getValue().cancel();
            }
            return stale;
        });
        for (Path directory : wanted) {
            if (!watched.containsKey(directory)) {
                try {
                    watched.put(directory, directory.register(events, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                } catch (IOException e) {
                    // compared every check interval all the same; register is tried again before the next wait
                    LOG.debug("Cannot watch {} ({})", directory, e.toString());
                }
            }
        }
    }

    /** Directories registered for events now (for tests that must not write before the watch is in place). */
    public int watchedDirectories() {
        return watched.size();
    }

    /** False once closed and the thread has ended. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        closed.countDown();
        thread.interrupt();
        if (events != null) {
            try {
                events.close();
            } catch (IOException e) {
                LOG.debug("Closing the {} file watch failed", what, e);
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
