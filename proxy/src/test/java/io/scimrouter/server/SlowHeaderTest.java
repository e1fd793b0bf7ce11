package io.scimrouter.server;

import io.scimrouter.testing.Drip;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients that never finish their request head get a 408 and lose the connection; the backend sees nothing. */
class SlowHeaderTest {
    private static final String USERS = "/scim/v2/p1/e1/v2/acme/Users";
    /** The idle timer stays at 60 s: whatever closes these connections in time is the head timer. */
    @RegisterExtension
    final RouterExtension router = RouterExtension.create().config(b -> b.requestHeadTimeout(Duration.ofMillis(300)));

    @Test
    void aHeadThatStopsHalfway_is408() throws Exception {
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n");
            RawHttp.Response r = http.read();
            assertScimError(r, 408);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(http.awaitClose()).as("the router had read all we sent").isEqualTo(RawHttp.Close.FIN);
        }
        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void aHeadSentAByteAtATime_is408() throws Exception {
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\nX-Slow: ");
            try (Drip drip = new Drip(Duration.ofMillis(20), () -> http.send("a"))) {
                assertScimError(http.read(), 408);
            }
        }
        assertThat(router.backend().received()).isEmpty();
    }

    @Test
    void aHeadDribbledBehindAnAnswerTheClientDoesNotRead_losesTheConnection() throws Exception {
        router.backend().respond(router.backend().stream(200L * 1024 * 1024, "application/octet-stream"));
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\nGET " + USERS + " HTTP/1.1\r\nX-Slow: ");
            // never reads; the dribble keeps the connection from going all-idle, and the idle timer is at 60 s here
            try (Drip drip = new Drip(Duration.ofMillis(20), () -> http.send("a"))) {
                assertThat(drip.failed()).succeedsWithin(Duration.ofSeconds(15));
            }
        }
        assertThat(router.backend().received()).hasSize(1);
    }

    @Test
    void aKeepAliveConnection_servesRequestsAfterTheHeadTimer() throws Exception {
        try (RawHttp http = router.connect()) {
            // a head in three pieces, each well within the timeout, then a second request on the same connection
            http.send("GET " + USERS + " HTTP/1.1\r\n");
            http.send("Host: h\r\n");
            http.send("\r\n");
            assertThat(http.read().status()).isEqualTo(200);
            // nothing for twice the head timeout: a timer the first head left armed would have answered 408
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> http.available() == 0);
            http.send("GET " + USERS + "/1 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }
        assertThat(router.backend().received()).hasSize(2);
    }
}
