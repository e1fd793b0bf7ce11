package io.scimrouter.tenant.it;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests with bodies while the tenant lookup is pending or fails: a body sent while the lookup is pending arrives
 * intact once the tenant is known; a refused request is answered at once and its connection closed, since the unread
 * rest of its body cannot be told from a next request.
 */
class PendingLookupThroughRouterTest {
    private final ManualTicker ticker = new ManualTicker();
    private final HeldAnswers held = new HeldAnswers();
    private final WireMockDirectory directory = new WireMockDirectory(held);

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker)
            .config(b -> b.tenants(directory.tenants(false, TickedRouter.CACHE)));

    @AfterEach
    void stopDirectory() {
        held.release();
        directory.close();
    }

    private static byte[] post(String target, byte[] body) {
        byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: " + RouterExtension.HOST
                + "\r\nContent-Type: application/scim+json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** A JSON body of about {@code size} bytes made of 1 KB strings: big, yet within rewrite.maxStringLength. */
    private static byte[] jsonBody(int size) {
        StringBuilder json = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"bjensen\",\"padding\":[\"");
        while (json.length() < size - 3) {
            json.append(json.length() % 1024 == 0 ? "\",\"" : String.valueOf((char) ('a' + json.length() % 26)));
        }
        return json.append("\"]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bodyOfARequestWaitingForItsTenant_isForwardedIntactOnceTheDirectoryAnswers() throws Exception {
        directory.found("p1", "e1", "acme", "{}");
        byte[] body = jsonBody(2 * 1024 * 1024); // sent off the test thread: the router may leave it in the socket
        try (RawHttp client = router.connect()) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    client.send(post("/scim/v2/p1/e1/v2/acme/Users", body));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> router.tenantCache().stats().missCount() == 1);
            assertThat(router.backend().received()).isEmpty();

            held.release();
            sent.get(30, TimeUnit.SECONDS);
            assertThat(client.read().status()).isEqualTo(200);
        }

        assertThat(router.backend().received()).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("/scim/v2/p1/e1/Users");
            assertThat(r.bodyBytes()).isEqualTo(body.length);
            assertThat(r.bodySha256()).isEqualTo(sha256(body));
            assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("acme");
        });
    }

    @Test
    void refusedRequestWithBody_isAnsweredWithoutReadingTheBody_andTheConnectionIsClosed() throws Exception {
        held.release();
        directory.found("p1", "e1", "acme", "{}");
        RawHttp.Response unknown = refuse(post("/scim/v2/p1/e1/v2/nosuch/Users", jsonBody(64 * 1024)));
        assertScimError(unknown, 404, "Unknown tenant 'nosuch'");

        StubMapping outage = directory.goDown();
        RawHttp.Response unavailable = refuse(post("/scim/v2/p1/e1/v2/newco/Users", jsonBody(64 * 1024)));
        assertScimError(unavailable, 503, "unavailable");
        assertThat(unavailable.header("Retry-After")).isEqualTo("5");
        directory.recover(outage);

        try (RawHttp client = router.connect()) {
            client.send(post("/scim/v2/p1/e1/v2/acme/Users", jsonBody(100)));
            assertThat(client.read().status()).isEqualTo(200);
        }
        assertThat(router.backend().received()).filteredOn(r -> r.method().equals("POST")).singleElement()
                .satisfies(r -> assertThat(r.body()).startsWith("{\"schemas\""));
    }

    /**
     * Sends a request the router refuses. If the router had not read the whole body, the rest cannot be told from a
     * next request: it must close. If it had, the connection stays usable: a next request on it is answered.
     */
    private RawHttp.Response refuse(byte[] request) throws Exception {
        try (RawHttp client = router.connect()) {
            client.send(request);
            RawHttp.Response response = client.read();
            if ("close".equalsIgnoreCase(response.header("Connection"))) {
                // refused before its body was read: the rest either sat unread in the router's socket when it
                // closed (RST) or arrived in time to be read and dropped (FIN); either way no second answer comes
                assertThat(client.awaitClose()).isIn(RawHttp.Close.FIN, RawHttp.Close.RESET);
            } else {
                client.send("GET /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(client.read().status()).isEqualTo(200);
            }
            return response;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
