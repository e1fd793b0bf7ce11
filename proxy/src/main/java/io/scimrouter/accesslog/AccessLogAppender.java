package io.scimrouter.accesslog;

import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logback's async appender for access log entries: the event loop only offers an entry to a bounded queue
 * ({@code neverBlock}); one worker thread formats and writes. When the queue is full (the output cannot keep up) the
 * entry is dropped and counted ({@link #dropped()}, {@code scim_router_access_log_dropped_total}): a slow stdout
 * costs lines, never latency. The count is exact: an entry is admitted only while fewer than the queue's capacity
 * are pending, so the queue itself never refuses one.
 */
final class AccessLogAppender extends AsyncAppenderBase<AccessLogEntry> {
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final int capacity;

    AccessLogAppender(Context context, AccessLogFormatter formatter, OutputStream out, int capacity) {
        this.capacity = capacity;
        setContext(context);
        setName("access-log");
        setQueueSize(capacity);
        setNeverBlock(true);
        setDiscardingThreshold(0); // the default drops INFO-like events at 80 %: here only a full queue drops
        setMaxFlushTime(5_000);
        Writer writer = new Writer(formatter, out);
        writer.setContext(context);
        writer.setName("access-log-writer");
        writer.start();
        addAppender(writer);
    }

    @Override
    protected void append(AccessLogEntry entry) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        super.append(entry);
    }

    /** Entries dropped because the queue was full. */
    long dropped() {
        return dropped.sum();
    }

    /** Formats on the worker thread and flushes when the queue has run empty (one write per burst, not per line). */
    private final class Writer extends UnsynchronizedAppenderBase<AccessLogEntry> {
        private final AccessLogFormatter formatter;
        private final OutputStream out;

        Writer(AccessLogFormatter formatter, OutputStream out) {
            this.formatter = formatter;
            this.out = out;
        }

        @Override
        protected void append(AccessLogEntry entry) {
            try {
                formatter.write(entry, out);
                if (pending.decrementAndGet() == 0) {
                    formatter.flush();
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                pending.decrementAndGet();
                addError("access log line not written", e);
            }
        }

        @Override
        public void stop() {
            try {
                formatter.flush();
                out.flush();
            } catch (IOException e) {
                addError("access log not flushed", e);
            }
            super.stop();
        }
    }
}
