package io.scimrouter.accesslog;

import io.scimrouter.server.RouteLabel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessLogAppenderTest {
    private static final AccessLogFormatter REQUEST_IDS =
            (entry, out) -> out.write((entry.requestId() + "\n").getBytes(StandardCharsets.US_ASCII));

    @Test
    void linesReachTheOutput_flushed_withoutAClose() {
        FlushedOutput out = new FlushedOutput();
        AccessLogAppender appender = new AccessLogAppender(REQUEST_IDS, out, 16);
        try {
            appender.append(entry("r1"));
            appender.append(entry("r2"));

            await().until(() -> out.flushed().equals("r1\nr2\n"));
            assertThat(appender.dropped()).isZero();
        } finally {
            appender.close();
        }
    }

    @Test
    void aFullQueueDropsAndCountsExactly_andCloseWritesWhatWasAdmitted() throws Exception {
        BlockingOutput out = new BlockingOutput();
        AccessLogAppender appender = new AccessLogAppender(REQUEST_IDS, out, 4);
        appender.append(entry("first"));
        assertThat(out.writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds "first", still pending

        for (int i = 0; i < 10; i++) {
            appender.append(entry("r" + i));
        }
        assertThat(appender.dropped()).isEqualTo(7); // 3 more fit beside the pending "first"

        out.release.countDown();
        appender.close();
        assertThat(out.text()).isEqualTo("first\nr0\nr1\nr2\n");
    }

    private static AccessLogEntry entry(String requestId) {
        return new AccessLogEntry(0, requestId, null, "GET", RouteLabel.LEGACY, "p", "e", null, "/x", 200, 0, 0, 1, 1,
                null, 0, null, null);
    }

    /** Counts as written only what was flushed. */
    private static final class FlushedOutput extends OutputStream {
        private final ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        private volatile String flushed = "";

        @Override
        public synchronized void write(int b) {
            buffered.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffered.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushed = buffered.toString(StandardCharsets.US_ASCII);
        }

        String flushed() {
            return flushed;
        }
    }

    /** Blocks the first write until released. */
    private static final class BlockingOutput extends OutputStream {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.US_ASCII);
            }
        }
    }
}
