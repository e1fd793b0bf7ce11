package io.scimrouter.server;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.scimrouter.limit.UpstreamGate;
import io.scimrouter.policy.OverloadAnswers;
import io.scimrouter.policy.Verdict;

import java.util.concurrent.TimeUnit;

/**
 * One exchange's place at its backend origin's {@link UpstreamGate} (limits.upstream.*): taken at once when one is
 * free, else waited for in the gate's queue, which is bounded in length (a full queue refuses at once) and in time
 * (limits.upstream.queueTimeout); given back exactly once, whether it was held, waited for, or granted while the
 * exchange ended. A place may be granted on whichever event loop freed it; the exchange hears of it on its own loop,
 * where every other method here runs.
 */
final class UpstreamGatePlace {
    /** What the exchange is told when it gets no place. */
    @FunctionalInterface
    interface Refusal {
        /**
         * @param flag   {@link ExchangeOutcome#UPSTREAM_QUEUE_FULL} or {@link ExchangeOutcome#UPSTREAM_QUEUE_TIMEOUT}
         * @param answer the router's answer to the client
         */
        void refused(int flag, Verdict.Reject answer);
    }

    private final UpstreamGate gate;
    private final EventExecutor loop;
    private final long queueTimeoutNanos;
    private final Runnable entered;
    private final Refusal refusal;
    /** A place at the gate is held: {@link #release} leaves it. */
    private boolean held;
    /** Waiting in the gate's queue, else null. */
    private Waiter waiter;
    /** {@link #release} ran: a place granted from now on is left at once. */
    private boolean released;

    /**
     * @param loop    the exchange's event loop
     * @param entered told (on {@code loop}) when a place is held: the exchange may go on to the backend
     * @param refusal told (on {@code loop}) when the exchange gets no place
     */
    UpstreamGatePlace(UpstreamGate gate, EventExecutor loop, long queueTimeoutNanos, Runnable entered,
                      Refusal refusal) {
        this.gate = gate;
        this.loop = loop;
        this.queueTimeoutNanos = queueTimeoutNanos;
        this.entered = entered;
        this.refusal = refusal;
    }

    /** Takes a place, or queues for one; at most once per exchange. */
    void enter() {
        if (gate.tryEnter()) {
            held = true;
            entered.run();
            return;
        }
        Waiter w = new Waiter();
        if (!gate.enqueue(w)) {
            refusal.refused(ExchangeOutcome.UPSTREAM_QUEUE_FULL, OverloadAnswers.upstreamQueueFull());
            return;
        }
        if (held || released) {
            return; // granted (on this loop) before enqueue returned, and maybe already over
        }
        waiter = w;
        w.timeout = loop.schedule(() -> onTimeout(w), queueTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void onTimeout(Waiter w) {
        if (waiter != w || !w.cancel()) {
            return; // granted meanwhile: the grant is on its way to this loop
        }
        waiter = null;
        refusal.refused(ExchangeOutcome.UPSTREAM_QUEUE_TIMEOUT, OverloadAnswers.upstreamQueueTimeout());
    }

    private void onGranted(Waiter w) {
        if (w.timeout != null) {
            w.timeout.cancel(false);
        }
        if (waiter == w) {
            waiter = null;
        }
        if (released) {
            gate.leave(); // the exchange ended while the grant travelled here
            return;
        }
        held = true;
        entered.run();
    }

    /** Gives back the place held, or stops waiting for one; once, when the exchange ends. */
    void release() {
        released = true;
        Waiter w = waiter;
        if (w != null) {
            waiter = null;
            if (w.timeout != null) {
                w.timeout.cancel(false);
            }
            w.cancel(); // when a grant is already under way, onGranted sees the release and leaves
        }
        if (held) {
            held = false;
            gate.leave();
        }
    }

    /** This exchange in the gate's queue. */
    private final class Waiter extends UpstreamGate.Waiter {
        private ScheduledFuture<?> timeout;

        @Override
        protected void granted() {
            if (loop.inEventLoop()) {
                onGranted(this);
            } else {
                loop.execute(() -> onGranted(this));
            }
        }
    }
}
