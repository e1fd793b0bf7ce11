package io.scimrouter.limit;

import java.util.concurrent.atomic.AtomicInteger;

/** Requests in progress against a cap, shared by all event loops: one {@link AtomicInteger}, no lock. */
public final class InFlightCounter {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @param max requests in progress at most, at least 1 */
    public InFlightCounter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.max = max;
    }

    /** True when one more request may start, and it now counts. */
    public boolean tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= max) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** A request counted by {@link #tryAcquire} ended. Call exactly once per successful acquire. */
    public void release() {
        inFlight.decrementAndGet();
    }

    /** Requests counted now. */
    public int inFlight() {
        return inFlight.get();
    }

    public int max() {
        return max;
    }
}
