package io.scimrouter.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does a small piece of I/O at a fixed rate, as a slow or hostile client does (a few bytes sent, a little read),
 * until it has done so {@code times} times or a step fails: the peer closed.
 */
public final class Drip implements AutoCloseable {
    /** One step; throws when the connection is gone. */
    public interface Step {
        void run() throws IOException;
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<IOException> failed = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Steps until one fails. */
    public Drip(Duration period, Step step) {
        this(period, Long.MAX_VALUE, step);
    }

    public Drip(Duration period, long times, Step step) {
        AtomicLong left = new AtomicLong(times);
        executor.scheduleAtFixedRate(() -> {
            try {
                step.run();
            } catch (IOException e) {
                failed.complete(e);
                throw new IllegalStateException(e); // ends the schedule
            }
            if (left.decrementAndGet() == 0) {
                done.complete(null);
                throw new IllegalStateException("done"); // ends the schedule
            }
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Completes with the failure of the first step that could not be done. */
    public CompletableFuture<IOException> failed() {
        return failed;
    }

    /** Completes when all steps were done. */
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
