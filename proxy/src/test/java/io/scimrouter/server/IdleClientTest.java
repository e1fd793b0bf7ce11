package io.scimrouter.server;

import io.scimrouter.Router;
import io.scimrouter.testing.Drip;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.TestBackend;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client idle timeout counts time without an answer, not only time without bytes: bytes that start no request
 * do not keep a connection open. The head timer stays at its 30 s default, so what closes these is the idle timer.
 */
class IdleClientTest {
    private static final String USERS = "/scim/v2/p1/e1/v2/acme/Users";
    private static final Duration IDLE = Duration.ofMillis(400);
    private TestBackend backend;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        backend = new TestBackend();
        router = new Router(TestConfigs.withServer(TestConfigs.defaults(backend.uri()),
                s -> TestConfigs.clientIdleTimeout(s, IDLE))).start();
    }

    @AfterEach
    void stop() {
        router.close();
        backend.close();
    }

    @Test
    void emptyLinesAlone_doNotKeepAConnectionOpen() throws Exception {
        try (RawHttp http = new RawHttp(router.port());
             Drip drip = new Drip(Duration.ofMillis(50), () -> http.send("\r\n"))) {
            assertThat(drip.failed()).succeedsWithin(Duration.ofSeconds(10));
            assertThat(http.closedByPeer()).as("closed without an answer").isTrue();
        }
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aClientThatStopsReadingButKeepsSending_isClosed() throws Exception {
        backend.respond(backend.stream(200L * 1024 * 1024, "application/octet-stream"));
        try (RawHttp http = new RawHttp(router.port())) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
            try (Drip drip = new Drip(Duration.ofMillis(50), () -> http.send("\r\n"))) {
                assertThat(drip.failed()).succeedsWithin(Duration.ofSeconds(10));
            }
        }
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void aRequestWaitingOnTheBackend_outlivesTheIdleTimeout() throws Exception {
        backend.respond((req, ctx) -> ctx.executor().schedule(() -> ctx.writeAndFlush(TestBackend.json(200, "{}")),
                IDLE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS));
        try (RawHttp http = new RawHttp(router.port())) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }
    }
}
