package io.scimrouter.accesslog;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one line for an entry, ending in {@code \n}. Called by the appender's single thread only. */
interface AccessLogFormatter {
    void write(AccessLogEntry entry, OutputStream out) throws IOException;

    /** Moves what the formatter buffered into {@code out} (before the appender flushes it). */
    default void flush() throws IOException {
    }
}
