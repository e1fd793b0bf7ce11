package io.scimrouter.server;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;

import java.util.concurrent.TimeUnit;

/**
 * When an exchange times out; what a timeout means, and which waiting is excused, its {@link Owner} decides. Two
 * timers: backend.responseTimeout bounds the time without progress once a backend connection is held, and
 * server.requestBodyTimeout the gap between body bytes the client owes. Progress only moves a timestamp; a timer that
 * fires early is armed again for the time left, so a busy exchange schedules nothing per chunk. Lives on the
 * exchange's event loop, like the exchange.
 *
 * <p>The response timer, armed for nearly every exchange, is this object itself ({@link #run}) rather than a method
 * reference allocated per schedule: besides the scheduled task Netty allocates, this object is then the only
 * allocation the timers add to a common exchange.
 */
final class ExchangeTimers implements Runnable {
    /** The exchange behind the timers, asked when one fires. */
    interface Owner {
        /** The backend still owes progress (the exchange has not ended). */
        boolean awaitsBackend();

        /** The time since the last progress is not the backend's stall: the router or the client holds it up. */
        boolean backendExcused();

        /** No progress for backend.responseTimeout. */
        void backendTimedOut();

        /** The client still owes body bytes (the exchange has not ended, the body is not complete). */
        boolean awaitsBody();

        /** The router does not read the client (backpressure): not the client's gap. */
        boolean clientUnread();

        /** No body bytes for server.requestBodyTimeout. */
        void bodyTimedOut();
    }

    private final EventExecutor executor;
    private final Ticker ticker;
    private final long responseTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final Owner owner;

    private ScheduledFuture<?> responseTimer;
    private long lastProgress;
    private ScheduledFuture<?> bodyTimer;
    private long lastBody;

    /** @param startNanos the exchange's start on the executor's ticker: a body gap is measured from there at first */
    ExchangeTimers(EventExecutor executor, long responseTimeoutNanos, long bodyTimeoutNanos, long startNanos,
                   Owner owner) {
        this.executor = executor;
        this.ticker = executor.ticker();
        this.responseTimeoutNanos = responseTimeoutNanos;
        this.bodyTimeoutNanos = bodyTimeoutNanos;
        this.owner = owner;
        this.lastBody = startNanos;
    }

    /** Arms the response timer, from now, unless it runs already (a retry keeps the first one). */
    void startResponseTimer() {
        if (responseTimer != null) {
            return;
        }
        lastProgress = ticker.nanoTime();
        responseTimer = executor.schedule(this, responseTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Either direction moved: the backend's time starts again. */
    void progress() {
        lastProgress = ticker.nanoTime();
    }

    /** Body bytes arrived: progress for the backend's time and the client's gap alike. */
    void bodyArrived() {
        lastProgress = ticker.nanoTime();
        lastBody = lastProgress;
    }

    /** The client was just asked for its body (100 Continue): its gap starts now. */
    void bodyRequested() {
        lastBody = ticker.nanoTime();
        armBodyTimer();
    }

    /** Arms the body timer unless it runs already. */
    void armBodyTimer() {
        if (bodyTimer == null) {
            bodyTimer = executor.schedule(this::onBodyTimer, bodyTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    void stopBodyTimer() {
        if (bodyTimer != null) {
            bodyTimer.cancel(false);
            bodyTimer = null;
        }
    }

    /** The exchange ended: neither timer fires any more. */
    void stopAll() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
        stopBodyTimer();
    }

    /** The response timer fired. */
    @Override
    public void run() {
        responseTimer = null;
        if (!owner.awaitsBackend()) {
            return;
        }
        long now = ticker.nanoTime();
        if (owner.backendExcused()) {
            lastProgress = now;
        }
        long idle = now - lastProgress;
        if (idle < responseTimeoutNanos) {
            responseTimer = executor.schedule(this, responseTimeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        owner.backendTimedOut();
    }

    private void onBodyTimer() {
        bodyTimer = null;
        if (!owner.awaitsBody()) {
            return;
        }
        long now = ticker.nanoTime();
        if (owner.clientUnread()) {
            lastBody = now;
        }
        long gap = now - lastBody;
        if (gap < bodyTimeoutNanos) {
            bodyTimer = executor.schedule(this::onBodyTimer, bodyTimeoutNanos - gap, TimeUnit.NANOSECONDS);
            return;
        }
        owner.bodyTimedOut();
    }
}
