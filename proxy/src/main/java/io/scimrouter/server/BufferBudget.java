package io.scimrouter.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held whole at once, across every connection and event loop
 * (server.requestBuffer.totalBytes). One process-wide counter rather than a share per event loop: a busy loop may use
 * what idle ones do not, and the bound holds exactly whatever the spread of connections; it costs one compare-and-set
 * per buffered request (per chunk for a chunked body) and one add when the body leaves, not per request that has no
 * body. A request that does not fit streams instead.
 */
final class BufferBudget {
    private final long total;
    private final AtomicLong used = new AtomicLong();

    BufferBudget(long total) {
        this.total = total;
    }

    /** Takes {@code bytes} of the budget if they fit; false (and nothing taken) when they do not. */
    boolean tryReserve(long bytes) {
        long now;
        do {
            now = used.get();
            if (bytes > total - now) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back what {@link #tryReserve} took. */
    void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Bytes reserved now (for tests and metrics). */
    long used() {
        return used.get();
    }
}
