package io.scimrouter.server;

import io.scimrouter.Router;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RecordingBackend;
import io.scimrouter.testing.StrictHttp1;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Request buffering through real sockets, against a backend that records every byte it receives (so a request that
 * never completed shows too): broken framing never reaches it, with or without a warm pooled connection; a small
 * body arrives with Content-Length; a slow upload holds no backend connection; a large body still streams.
 */
class BufferedRequestThroughRouterTest {
    private static final String LEGACY_USERS = "/scim/v2/p1/e1/Users";
    private static final String ACME_USERS = "/scim/v2/p1/e1/v2/acme/Users";

    private RecordingBackend backend;
    private Router router;

    @BeforeEach
    void startBackend() throws InterruptedException {
        backend = new RecordingBackend();
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        backend.close();
        assertThat(backend.violations()).as("everything the backend got was strict HTTP/1.1").isEmpty();
    }

    /** One event loop, so that every client connection shares one pool of backend connections. */
    private void startRouter(UnaryOperator<TestConfigs.Builder> config) throws InterruptedException {
        router = new Router(config.apply(TestConfigs.builder(backend.uri()).workerThreads(1)).build()).start();
    }

    private RawHttp connect() throws java.io.IOException {
        return new RawHttp(router.port());
    }

    private RawHttp.Response get(String target) throws java.io.IOException {
        try (RawHttp http = connect()) {
            return http.send("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").read();
        }
    }

    static Stream<Arguments> brokenFraming() {
        List<Arguments> cases = new ArrayList<>();
        for (String body : BufferedRequestTest.BROKEN_BODIES) {
            cases.add(arguments(body, false));
            cases.add(arguments(body, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "warm pool {1}: {0}")
    @MethodSource("brokenFraming")
    void brokenChunkedFraming_neverReachesTheBackend(String body, boolean warm) throws Exception {
        startRouter(b -> b);
        if (warm) {
            assertThat(get(LEGACY_USERS + "?warm").status()).isEqualTo(200); // its connection stays in the pool
        }

        try (RawHttp http = connect()) {
            http.send("POST " + ACME_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/scim+json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + body);
            assertScimError(http.read(), 400);
        }
        // a later request on the same event loop takes the pooled connection, after anything sent before it
        assertThat(get(LEGACY_USERS + "?sentinel").status()).isEqualTo(200);

        assertThat(backend.requests()).extracting(r -> r.request().target())
                .containsExactlyElementsOf(warm ? List.of(LEGACY_USERS + "?warm", LEGACY_USERS + "?sentinel")
                        : List.of(LEGACY_USERS + "?sentinel"));
        assertThat(backend.everything()).as("no byte of the broken request").doesNotContain("POST");
    }

    @Test
    void smallV2Post_askedFor_with100Continue_reachesTheBackendWithContentLength() throws Exception {
        startRouter(b -> b);
        assertThat(get(LEGACY_USERS + "?warm").status()).isEqualTo(200);
        String json = "{\"userName\":\"bjensen\",\"emails\":[{\"value\":\"b@example.com\"}]}";
        try (RawHttp http = connect()) {
            http.send("POST " + ACME_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/scim+json\r\n"
                    + "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
            assertThat(http.readInterim()).isEqualTo(100);
            assertThat(backend.requests()).as("the router asked for the body before asking the backend").hasSize(1);
            http.send(Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }

        StrictHttp1.Message received = backend.requests().get(1).request();
        assertThat(received.startLine()).isEqualTo("POST " + LEGACY_USERS + " HTTP/1.1");
        assertThat(received.values("Content-Length")).containsExactly(String.valueOf(json.length()));
        assertThat(received.values("Transfer-Encoding")).isEmpty();
        assertThat(received.values("Expect")).isEmpty();
        assertThat(received.values("X-Tenant-Id")).containsExactly("acme");
        assertThat(received.bodyText()).isEqualTo(json);
    }

    @Test
    void aSlowUpload_holdsNoBackendConnection_andGets408() throws Exception {
        startRouter(b -> b.requestBodyTimeout(Duration.ofMillis(300)));
        try (RawHttp http = connect()) {
            http.send("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            assertThat(http.readInterim()).isEqualTo(100);
            assertThat(backend.connections()).as("asked for the body, no backend connection taken").isZero();
            http.send("0123456789"); // and nothing more

            assertScimError(http.read(), 408);
            assertThat(http.awaitClose()).isEqualTo(RawHttp.Close.FIN);
        }
        assertThat(backend.connections()).isZero();
        assertThat(backend.bytesReceived()).isZero();
    }

    @Test
    void aLargeBody_streams_theBackendSeesItsFirstBytesBeforeTheClientSentTheLast() throws Exception {
        startRouter(b -> b);
        int total = 1024 * 1024;
        byte[] body = new byte[total];
        for (int i = 0; i < total; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        try (RawHttp http = connect()) {
            http.send("POST " + LEGACY_USERS + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + total + "\r\n\r\n");
            http.send(java.util.Arrays.copyOfRange(body, 0, 300 * 1024));
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.bytesReceived() > 200 * 1024);

            http.send(java.util.Arrays.copyOfRange(body, 300 * 1024, total));
            assertThat(http.read().status()).isEqualTo(200);
        }
        StrictHttp1.Message received = backend.requests().get(0).request();
        assertThat(received.values("Content-Length")).containsExactly(String.valueOf(total));
        assertThat(received.body()).isEqualTo(body);
    }
}
