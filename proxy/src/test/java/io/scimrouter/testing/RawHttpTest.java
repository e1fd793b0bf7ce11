package io.scimrouter.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The raw client against a plain server socket: what it makes of an orderly close, a reset, and more bytes. */
class RawHttpTest {
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Accepts one connection, reads the request line, then does what {@code then} says with the socket. */
    private CompletableFuture<Void> serveOnce(String answer, SocketAction then) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                while (in.read() != '\n') {
                    // the request line is enough
                }
                s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                then.run(s);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface SocketAction {
        void run(Socket s) throws IOException;
    }

    @Test
    void orderlyClose_afterAnAnswer_isFin() throws Exception {
        CompletableFuture<Void> served = serveOnce(ANSWER, s -> { });
        try (RawHttp http = new RawHttp(server.getLocalPort())) {
            http.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().bodyText()).isEqualTo("{}");
            assertThat(http.awaitClose()).isEqualTo(RawHttp.Close.FIN);
        }
        served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void abortiveClose_isReset_notACleanClose() throws Exception {
        CompletableFuture<Void> served = serveOnce("", s -> s.setSoLinger(true, 0)); // close() then sends RST
        try (RawHttp http = new RawHttp(server.getLocalPort())) {
            http.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            served.get(10, TimeUnit.SECONDS);
            assertThat(http.awaitClose()).isEqualTo(RawHttp.Close.RESET);
        }
    }

    @Test
    void moreBytesInsteadOfAClose_fail() throws Exception {
        CompletableFuture<Void> served = serveOnce(ANSWER + "HTTP/1.1", s -> { });
        try (RawHttp http = new RawHttp(server.getLocalPort())) {
            http.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
            assertThatThrownBy(http::awaitClose).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected the server to close");
        }
        served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void request_writesHeadersInOrderWithALength_andHeaderNamesIgnoreCase() throws Exception {
        CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                StringBuilder request = new StringBuilder();
                InputStream in = s.getInputStream();
                while (!request.toString().endsWith("{}")) {
                    request.append((char) in.read()); // the head and body arrive in two writes
                }
                s.getOutputStream().write("HTTP/1.1 204 No Content\r\nX-Seen: 1\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return request.toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (RawHttp http = new RawHttp(server.getLocalPort())) {
            RawHttp.Response r = http.request("POST", "/x", Map.of("Host", "h"), "{}");
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("x-seen")).isEqualTo("1");
            assertThat(r.headers()).containsKey("X-SEEN");
        }
        assertThat(received.get(10, TimeUnit.SECONDS))
                .isEqualTo("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}");
    }
}
