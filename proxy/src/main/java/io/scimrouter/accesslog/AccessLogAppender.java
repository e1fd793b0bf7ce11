package io.scimrouter.accesslog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log's queue and writer thread: the event loop only offers an entry to a lock-free queue; one
 * worker thread formats and writes. When the queue is full (the output cannot keep up) the entry is dropped and
 * counted ({@link #dropped()}, {@code scim_router_access_log_dropped_total}): a slow stdout costs lines, never
 * latency. The count is exact: an entry is admitted only while fewer than the queue's capacity are pending, so the
 * queue itself never refuses one.
 *
 * <p>The writer is never woken per entry: it drains the queue every {@link #DRAIN_INTERVAL_MILLIS} ms, or at once
 * when the queue is half full, and flushes when it has run the queue empty. Waking a thread per request (what a
 * blocking queue's signal does) cost a futex call or two, a context switch and a write per request under load; a
 * line now reaches the output within about that interval.
 */
final class AccessLogAppender implements AutoCloseable {
    /** How long the writer sleeps when it finds the queue empty. */
    static final long DRAIN_INTERVAL_MILLIS = 20;
    private static final long STOP_TIMEOUT_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogAppender.class);

    private final AccessLogFormatter formatter;
    private final OutputStream out;
    private final int capacity;
    private final Queue<AccessLogEntry> queue;
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean stopping;
    private boolean failureLogged;

    AccessLogAppender(AccessLogFormatter formatter, OutputStream out, int capacity) {
        this.formatter = formatter;
        this.out = out;
        this.capacity = capacity;
        this.queue = new ConcurrentLinkedQueue<>(); // bounded by pending
        this.writer = new Thread(this::run, "access-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues an entry for the writer (any thread, never blocks), or drops and counts it when the queue is full. */
    void append(AccessLogEntry entry) {
        int queued = pending.incrementAndGet();
        if (queued > capacity) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(entry);
        if (queued == capacity / 2) {
            LockSupport.unpark(writer); // a burst: do not let it wait for the writer's next round
        }
    }

    /** Entries dropped because the queue was full. */
    long dropped() {
        return dropped.sum();
    }

    /** Writes what is queued (for up to 5 s) and stops the writer. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean unflushed = false;
        while (true) {
            AccessLogEntry entry = queue.poll();
            if (entry != null) {
                write(entry);
                pending.decrementAndGet();
                unflushed = true;
                continue;
            }
            if (unflushed) {
                flush();
                unflushed = false;
            }
            if (stopping && pending.get() == 0) {
                return;
            }
            // pending can run ahead of the queue for an instant (an entry counted, not yet offered): poll again soon
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(DRAIN_INTERVAL_MILLIS));
        }
    }

    private void write(AccessLogEntry entry) {
        try {
            formatter.write(entry, out);
        } catch (IOException | RuntimeException e) {
            failed("access log line not written", e);
        }
    }

    private void flush() {
        try {
            formatter.flush();
            out.flush();
        } catch (IOException | RuntimeException e) {
            failed("access log not flushed", e);
        }
    }

    /** The first failure is logged, the rest would only repeat it line by line. */
    private void failed(String what, Exception e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("{} (further failures not logged): {}", what, e.toString());
        }
    }
}
