package io.scimrouter.server;

import io.scimrouter.testing.Drip;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.EOFException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client idle timeout counts time without an answer, not only time without bytes: bytes that start no request
 * do not keep a connection open. The head timer stays at its 30 s default, so what closes these is the idle timer.
 */
class IdleClientTest {
    private static final String USERS = "/scim/v2/p1/e1/v2/acme/Users";
    /** At least ten times the drips' period: a slow CI machine does not go idle between two drips by accident. */
    private static final Duration IDLE = Duration.ofSeconds(1);

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().config(b -> b.clientIdleTimeout(IDLE));

    @Test
    void emptyLinesAlone_doNotKeepAConnectionOpen() throws Exception {
        try (RawHttp http = router.connect();
             Drip drip = new Drip(Duration.ofMillis(50), () -> http.send("\r\n"))) {
            assertThat(drip.failed()).succeedsWithin(Duration.ofSeconds(10));
            // closed without an answer; the router reads every drip, so the close is normally a FIN, but a drip that
            // lands in the instant before the close stays unread and turns it into a RST: both end the connection
            assertThat(http.awaitClose()).as("closed without an answer").isIn(RawHttp.Close.FIN, RawHttp.Close.RESET);
        }
        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void aClientThatStopsReadingButKeepsSending_isClosed() throws Exception {
        router.backend().respond(router.backend().stream(200L * 1024 * 1024, "application/octet-stream"));
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
            try (Drip drip = new Drip(Duration.ofMillis(50), () -> http.send("\r\n"))) {
                assertThat(drip.failed()).succeedsWithin(Duration.ofSeconds(10));
            }
        }
        assertThat(router.backend().received()).hasSize(1);
    }

    @Test
    void aRequestWaitingOnTheBackend_outlivesTheIdleTimeout() throws Exception {
        router.backend().respond((req, ctx) -> ctx.executor().schedule(
                () -> ctx.writeAndFlush(TestBackend.json(200, "{}")),
                IDLE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS));
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aHeadStillArrivingAtTheIdleDeadline_isAnswered() throws Exception {
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + " HTTP/1.1\r\n");
            // the head takes 1.5 idle timeouts, a line at a time: its bound is the head timer's 30 s
            try (Drip drip = new Drip(Duration.ofMillis(100), 15, () -> http.send("X-Pad: 1\r\n"))) {
                assertThat(drip.done()).succeedsWithin(Duration.ofSeconds(10));
            }
            http.send("Host: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aSlowUpload_outlivesTheIdleTimeout() throws Exception {
        try (RawHttp http = router.connect()) {
            http.send("POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: 15\r\n\r\n");
            try (Drip drip = new Drip(Duration.ofMillis(100), 15, () -> http.send(" "))) {
                assertThat(drip.done()).succeedsWithin(Duration.ofSeconds(10));
            }
            assertThat(http.read().status()).isEqualTo(200);
        }
        assertThat(router.backend().received()).singleElement()
                .satisfies(r -> assertThat(r.bodyBytes()).isEqualTo(15));
    }

    @Test
    void aClientThatReadsSlowlyButSteadily_keepsItsConnection() throws Exception {
        long total = 4L * 1024 * 1024;
        router.backend().respond(router.backend().stream(total, "application/octet-stream"));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", router.port()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[16 * 1024];
            AtomicLong read = new AtomicLong();
            // at most 1.6 MB/s: the answer takes several idle timeouts to read
            try (Drip drip = new Drip(Duration.ofMillis(10), () -> {
                if (read.get() >= total) {
                    return; // all read (and more, the framing): the idle timer may close the connection now
                }
                int n = in.read(buf);
                if (n < 0) {
                    throw new EOFException("closed after " + read.get() + " bytes");
                }
                read.addAndGet(n);
            })) {
                await().atMost(Duration.ofSeconds(30)).until(() -> read.get() >= total || drip.failed().isDone());
                assertThat(drip.failed()).isNotDone();
            }
        }
    }
}
