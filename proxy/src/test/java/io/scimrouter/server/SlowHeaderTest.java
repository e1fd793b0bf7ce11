package io.scimrouter.server;

import io.scimrouter.Router;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.TestBackend;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.scimrouter.server.RoutingIntegrationTest.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/** Clients that never finish their request head get a 408 and lose the connection; the backend sees nothing. */
class SlowHeaderTest {
    private static final String USERS = "/scim/v2/p1/e1/v2/acme/Users";
    private TestBackend backend;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        backend = new TestBackend();
        // the idle timer stays at 60 s: whatever closes these connections in time is the head timer
        router = new Router(TestConfigs.withServer(TestConfigs.defaults(backend.uri()),
                s -> TestConfigs.requestHeadTimeout(s, Duration.ofMillis(300)))).start();
    }

    @AfterEach
    void stop() {
        router.close();
        backend.close();
    }

    @Test
    void aHeadThatStopsHalfway_is408() throws Exception {
        try (RawHttp http = new RawHttp(router.port())) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n");
            RawHttp.Response r = http.read();
            assertScimError(r, 408);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedByPeer()).isTrue();
        }
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aHeadSentAByteAtATime_is408() throws Exception {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (RawHttp http = new RawHttp(router.port())) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\nX-Slow: ");
            drip.scheduleAtFixedRate(() -> {
                try {
                    http.send("a");
                } catch (IOException e) {
                    throw new RuntimeException(e); // closed by the router: ends the drip
                }
            }, 20, 20, TimeUnit.MILLISECONDS);
            assertScimError(http.read(), 408);
        } finally {
            drip.shutdownNow();
        }
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aKeepAliveConnection_servesRequestsAfterTheHeadTimer() throws Exception {
        try (RawHttp http = new RawHttp(router.port())) {
            // a head in three pieces, each well within the timeout, then a second request on the same connection
            http.send("GET " + USERS + " HTTP/1.1\r\n");
            http.send("Host: h\r\n");
            http.send("\r\n");
            assertThat(http.read().status()).isEqualTo(200);
            http.send("GET " + USERS + "/1 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }
        assertThat(backend.received()).hasSize(2);
    }
}
