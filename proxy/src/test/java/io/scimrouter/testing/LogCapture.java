package io.scimrouter.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Catches, while installed, the log events that mean an exception got loose: any warning or error that carries a
 * throwable (the router logs an unexpected failure on a connection that way, and Netty a task or listener that threw),
 * and any warning or error from Netty itself (an exception that reached the tail of a pipeline, a leak). The router's
 * own warnings without a throwable (a backend unreachable, a directory down) are its reports, not failures.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> loose = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    /** Starts catching, on the root logger. */
    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.setContext(capture.root.getLoggerContext());
        capture.setName("log-capture");
        capture.start();
        capture.root.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        boolean serious = event.getLevel().isGreaterOrEqual(Level.WARN);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (serious && (thrown != null || event.getLoggerName().startsWith("io.netty"))) {
            loose.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
                    + (thrown == null ? "" : " <- " + thrown.getClassName() + ": " + thrown.getMessage()));
        }
    }

    /** What got loose so far. */
    public List<String> loose() {
        return loose;
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
