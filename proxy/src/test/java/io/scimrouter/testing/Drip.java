package io.scimrouter.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Sends a few bytes at a fixed rate, as a slow or hostile client does, until a send fails: the peer closed. */
public final class Drip implements AutoCloseable {
    /** One send; throws when the connection is gone. */
    public interface Send {
        void run() throws IOException;
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<IOException> failed = new CompletableFuture<>();

    public Drip(Duration period, Send send) {
        executor.scheduleAtFixedRate(() -> {
            try {
                send.run();
            } catch (IOException e) {
                failed.complete(e);
                throw new IllegalStateException(e); // ends the schedule
            }
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Completes with the failure of the first send that could not be made. */
    public CompletableFuture<IOException> failed() {
        return failed;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
