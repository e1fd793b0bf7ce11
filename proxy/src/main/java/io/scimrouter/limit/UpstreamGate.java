package io.scimrouter.limit;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in progress against one backend origin, across all event loops, with a short wait queue in front: a
 * request either enters at once ({@link #tryEnter}), or waits in the queue ({@link #enqueue}, refused when the queue
 * is full) until a request {@link #leave leaves} and hands it its place. Lock-free: an {@link InFlightCounter} for the
 * places, a {@link ConcurrentLinkedQueue} and a counter for the waiters; every waiter is decided exactly once, granted
 * or cancelled (its own timeout, its client gone), by a compare-and-set on its state.
 *
 * <p>A place is never lost: whoever frees one (a leave, a cancelled waiter found in the queue) drains the queue; a
 * waiter that queued while the last place was freed finds it by draining itself after queueing.
 */
public final class UpstreamGate {
    private final InFlightCounter places;
    private final int maxQueue;
    private final ConcurrentLinkedQueue<Waiter> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    /**
     * A request waiting for a place; {@link #granted} is called once when it gets one, on the thread that freed it.
     */
    public abstract static class Waiter {
        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int CANCELLED = 2;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private UpstreamGate gate;

        /** The waiter holds a place now (it must {@link UpstreamGate#leave} it); called at most once. */
        protected abstract void granted();

        /**
         * Stops waiting (a timeout, the client went away). True when it was still waiting: then it never gets a
         * place. False when a place was already granted: {@link #granted} runs or ran, and that place must be left.
         */
        public final boolean cancel() {
            if (!state.compareAndSet(WAITING, CANCELLED)) {
                return false;
            }
            UpstreamGate g = gate;
            if (g != null) {
                g.queued.decrementAndGet();
                g.queue.remove(this);
            }
            return true;
        }

        private boolean grant() {
            return state.compareAndSet(WAITING, GRANTED);
        }
    }

    /**
     * @param maxInFlight requests in progress at most, at least 1
     * @param maxQueue    requests waiting at most, 0 for none
     */
    public UpstreamGate(int maxInFlight, int maxQueue) {
        this.places = new InFlightCounter(maxInFlight);
        this.maxQueue = maxQueue;
    }

    /** True when the request holds a place now (it must {@link #leave} it). */
    public boolean tryEnter() {
        return places.tryAcquire();
    }

    /**
     * Queues {@code waiter} for the next free place. False when the queue is full: the waiter is not queued. A waiter
     * may be granted before this returns.
     */
    public boolean enqueue(Waiter waiter) {
        if (queued.incrementAndGet() > maxQueue) {
            queued.decrementAndGet();
            return false;
        }
        waiter.gate = this;
        queue.add(waiter);
        drain(); // a place freed between tryEnter and add would otherwise wait for the next leave
        return true;
    }

    /** A request that held a place ended. Call exactly once per place. */
    public void leave() {
        places.release();
        drain();
    }

    /** Requests holding a place now. */
    public int inFlight() {
        return places.inFlight();
    }

    /** Requests waiting now. */
    public int waiting() {
        return queued.get();
    }

    private void drain() {
        while (!queue.isEmpty() && places.tryAcquire()) {
            Waiter next = queue.poll();
            if (next == null) {
                places.release(); // another thread took the last waiter: give the place back, then look again
                continue;
            }
            if (next.grant()) {
                queued.decrementAndGet();
                next.granted();
            } else {
                places.release(); // cancelled meanwhile; its own cancel counted it out of the queue
            }
        }
    }
}
