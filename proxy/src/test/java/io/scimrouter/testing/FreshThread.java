package io.scimrouter.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs work on a thread of its own, for code with per-thread state (the rewriters' scratch arrays): the work then
 * starts from that state's initial values, whatever earlier tests did on the test thread.
 */
public final class FreshThread {
    private FreshThread() {
    }

    /** The work's result, or its exception as the cause of an {@link java.util.concurrent.ExecutionException}. */
    public static <T> T call(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "fresh-test-thread");
        thread.start();
        try {
            return result.get(30, TimeUnit.SECONDS);
        } finally {
            thread.join();
        }
    }
}
