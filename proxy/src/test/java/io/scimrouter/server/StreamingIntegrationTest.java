package io.scimrouter.server;

import io.scimrouter.testing.ChildRouter;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies stream through byte-exact, connections are kept and bounded, and a slow side slows the other. */
class StreamingIntegrationTest {
    private static final String USERS = "/scim/v2/p1/e1/v2/acme/Users";

    @RegisterExtension
    final RouterExtension router = RouterExtension.create();

    private static byte[] randomBody(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void requestBody_withContentLength_arrivesByteExact() throws Exception {
        byte[] body = randomBody(3 * 1024 * 1024 + 17, 1);
        try (RawHttp http = router.connect()) {
            http.send("PUT " + USERS + "/7 HTTP/1.1\r\nHost: h\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n");
            http.send(body);
            assertThat(http.read().status()).isEqualTo(200);
        }
        TestBackend.Received r = router.backend().received().get(0);
        assertThat(r.bodyBytes()).isEqualTo(body.length);
        assertThat(r.bodySha256()).isEqualTo(sha256(body));
        assertThat(r.headers().get("Content-Length")).isEqualTo(String.valueOf(body.length));
    }

    @Test
    void requestBody_chunkedAtOddSizes_arrivesByteExact() throws Exception {
        byte[] body = randomBody(2 * 1024 * 1024 + 5, 2);
        Random sizes = new Random(3);
        try (RawHttp http = router.connect()) {
            http.send("POST " + USERS + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            int pos = 0;
            while (pos < body.length) {
                int n = Math.min(body.length - pos, 1 + sizes.nextInt(70_000));
                http.send(Integer.toHexString(n) + "\r\n");
                http.send(java.util.Arrays.copyOfRange(body, pos, pos + n));
                http.send("\r\n");
                pos += n;
            }
            http.send("0\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }
        TestBackend.Received r = router.backend().received().get(0);
        assertThat(r.bodyBytes()).isEqualTo(body.length);
        assertThat(r.bodySha256()).isEqualTo(sha256(body));
    }

    @Test
    void keepAlive_manyRequestsOnOneClientConnection_reuseOneBackendConnection() throws Exception {
        try (RawHttp http = router.connect()) {
            for (int i = 0; i < 100; i++) {
                http.send("GET " + USERS + "/" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
                assertThat(http.read().status()).isEqualTo(200);
            }
        }
        assertThat(router.backend().received()).hasSize(100);
        assertThat(router.backend().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder() throws Exception {
        router.backend().respond((req, ctx) -> ctx.writeAndFlush(TestBackend.json(200, "{\"target\":\"" + req.target()
                + "\"}")));
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + "/1 HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}"
                    + "GET /scim/v2/p1/e1/Users/3 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().bodyText()).contains("/scim/v2/p1/e1/Users/1");
            assertThat(http.read().bodyText()).contains("\"/scim/v2/p1/e1/Users\"");
            assertThat(http.read().bodyText()).contains("/scim/v2/p1/e1/Users/3");
        }
    }

    @Test
    void concurrentClients_useABoundedNumberOfBackendConnections() throws Exception {
        router.start(b -> b.maxConnectionsPerLoop(2));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                all.add(CompletableFuture.runAsync(() -> {
                    try (RawHttp http = router.connect()) {
                        for (int i = 0; i < 20; i++) {
                            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
                            assertThat(http.read().status()).isEqualTo(200);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, clients));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } finally {
            clients.shutdownNow();
        }
        assertThat(router.backend().received()).hasSize(320);
        assertThat(router.backend().connectionsAccepted()).isLessThanOrEqualTo(2 * 2); // 2 per loop, 2 loops
    }

    @Test
    void reusedConnectionClosedWithoutAnswer_getIsRetriedOnce_postIsNot() throws Exception {
        io.netty.util.AttributeKey<AtomicLong> perConnection = io.netty.util.AttributeKey.valueOf("requests");
        router.backend().respond((req, ctx) -> {
            AtomicLong n = ctx.channel().attr(perConnection).setIfAbsent(new AtomicLong());
            n = n == null ? ctx.channel().attr(perConnection).get() : n;
            if (n.incrementAndGet() == 2) {
                ctx.close(); // the second request on a connection: hang up, as a backend that timed it out would
            } else {
                ctx.writeAndFlush(TestBackend.json(200, "{}"));
            }
        });
        try (RawHttp http = router.connect()) {
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);            // connection A, first request
            http.send("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);            // A hangs up; retried on B
            http.send("POST " + USERS + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(http.read().status()).isEqualTo(502);            // B hangs up; a POST may have landed
        }
        assertThat(router.backend().received()).extracting(TestBackend.Received::method)
                .containsExactly("GET", "GET", "GET", "POST");
        assertThat(router.backend().connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void slowClient_throttlesTheBackend_insteadOfBufferingTheAnswer() throws Exception {
        long total = 200L * 1024 * 1024;
        router.backend().respond(router.backend().stream(total, "application/octet-stream"));
        try (Socket socket = new Socket("127.0.0.1", router.port())) {
            socket.setReceiveBufferSize(64 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + USERS + " HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.readNBytes(64 * 1024); // then stop reading
            // kernel buffers on both loopback connections plus the router's watermarks: far below the body
            assertThat(router.backend().awaitStreamingStalled()).isLessThan(32L * 1024 * 1024);
            // resume: everything arrives
            long read = 64 * 1024;
            byte[] buf = new byte[256 * 1024];
            int n;
            socket.setSoTimeout(30_000);
            while (read < total && (n = in.read(buf)) > 0) {
                read += n;
            }
            assertThat(read).isGreaterThanOrEqualTo(total);
        }
    }

    @Test
    void twoHundredMegabyteAnswer_passesThroughARouterWith64MegabytesOfHeap() throws Exception {
        long total = 200L * 1024 * 1024;
        router.backend().respond(router.backend().stream(total, "application/octet-stream"));
        try (ChildRouter child = new ChildRouter(router.backend().uri(), "64m")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + child.port() + USERS)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long position = 0;
            boolean patternIntact = true;
            try (InputStream in = response.body()) {
                byte[] buf = new byte[256 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n && patternIntact; i++) {
                        patternIntact = buf[i] == TestBackend.patternByte(position + i);
                    }
                    position += n;
                }
            }
            assertThat(patternIntact).isTrue();
            assertThat(position).isEqualTo(total);
            assertThat(child.alive()).isTrue();
        }
    }
}
