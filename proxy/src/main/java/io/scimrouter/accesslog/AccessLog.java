package io.scimrouter.accesslog;

import io.scimrouter.config.RouterConfig.AccessLogFormat;
import io.scimrouter.route.Route;
import io.scimrouter.server.ExchangeListener;
import io.scimrouter.server.ExchangeOutcome;
import io.scimrouter.server.RouteLabel;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * The access log as an {@link ExchangeListener}: at each exchange's end (on its event loop) the outcome's facts are
 * copied into an {@link AccessLogEntry} and offered to the {@link AccessLogAppender}; nothing is formatted here.
 */
public final class AccessLog implements ExchangeListener, AutoCloseable {
    /** Entries waiting for the writer at most; beyond, lines are dropped and counted. */
    public static final int QUEUE_CAPACITY = 8192;
    private static final String USER_AGENT = "user-agent";
    private static final String TRACEPARENT = "traceparent";

    private final AccessLogAppender appender;

    private AccessLog(AccessLogAppender appender) {
        this.appender = appender;
    }

    /** The access log on standard output (its own buffered stream: a line is not a write of its own). */
    public static AccessLog toStandardOutput(AccessLogFormat format) {
        return to(format, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024),
                QUEUE_CAPACITY);
    }

    /** The access log into {@code out} (tests), with a queue of {@code capacity} entries. */
    public static AccessLog to(AccessLogFormat format, OutputStream out, int capacity) {
        AccessLogFormatter formatter = switch (format) {
            case JSON -> new JsonAccessLogFormatter();
            case TEXT -> new TextAccessLogFormatter();
            case OFF -> throw new IllegalArgumentException("the access log is off: do not start one");
        };
        return new AccessLog(new AccessLogAppender(formatter, out, capacity));
    }

    @Override
    public void onExchangeEnd(ExchangeOutcome outcome) {
        Route route = outcome.route();
        long duration = outcome.endNanos() - outcome.startNanos();
        long firstByte = outcome.firstByteNanos();
        appender.append(new AccessLogEntry(
                System.currentTimeMillis() - duration / 1_000_000,
                outcome.requestId(),
                outcome.clientAddress(),
                outcome.method(),
                RouteLabel.of(outcome),
                route == null ? null : route.project(),
                route == null ? null : route.environment(),
                route == null ? null : route.tenant(),
                outcome.target(),
                outcome.status(),
                outcome.requestBodyBytes(),
                outcome.responseBodyBytes(),
                duration,
                firstByte == 0 ? -1 : firstByte - outcome.startNanos(),
                outcome.upstreamAddress(),
                outcome.flags(),
                outcome.header(TRACEPARENT),
                outcome.header(USER_AGENT)));
    }

    /** Lines dropped because the writer could not keep up. */
    public long dropped() {
        return appender.dropped();
    }

    /** Writes what is queued (up to 5 s) and stops. */
    @Override
    public void close() {
        appender.close();
    }
}
