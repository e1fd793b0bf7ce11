package io.scimrouter.server;

import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A /v2 answer the backend sent gzip (despite {@code Accept-Encoding: identity}) is inflated for the URL rewriter; one
 * whose gzip stream is corrupt or cut before its trailer must not reach the client as a whole, shorter body.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class CorruptGzipAnswerTest {
    private static final String ACME_USERS = "/scim/v2/p1/e1/v2/acme/Users";
    private static final String JSON = "{\"Resources\":[{\"id\":\"1\",\"meta\":{\"location\":"
            + "\"http://h/scim/v2/p1/e1/Users/1\"}}],\"totalResults\":1,\"padding\":\"" + "x".repeat(300) + "\"}";
    private static final TenantResolver KNOWN =
            q -> CompletableFuture.completedFuture(new TenantDecision.Known(q.tenant(), null));

    /** The router's body rewriters: every test runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    private EmbeddedProxy proxy;
    private LogCapture log;

    @BeforeEach
    void start() {
        log = LogCapture.install();
        proxy = EmbeddedProxy.configured(UnaryOperator.identity(), KNOWN, rewriter);
        proxy.clientSends("GET " + ACME_USERS + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(proxy.backendReceived(0)).contains("accept-encoding: identity");
    }

    @AfterEach
    void stop() {
        proxy.close();
        log.close();
    }

    private void backendAnswersGzip(byte[] body) {
        proxy.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Encoding: gzip\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private void assertBadGateway() {
        String answer = proxy.clientReceived();
        assertThat(answer).startsWith("HTTP/1.1 502 ").contains("application/scim+json")
                .contains("\"status\":\"502\"").doesNotContain("Resources");
        assertThat(proxy.backend(0).isOpen()).as("a backend that sent a broken answer is not reused").isFalse();
        assertThat(log.loose()).isEmpty();
    }

    @Test
    void aWholeGzipAnswer_isInflatedAndRewritten() throws IOException {
        backendAnswersGzip(gzip(JSON));

        String answer = proxy.clientReceived();
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Content-Encoding")
                .contains("\"location\":\"http://h/scim/v2/p1/e1/v2/acme/Users/1\"").endsWith("\"}");
        assertThat(log.loose()).isEmpty();
    }

    @Test
    void aGzipAnswerCutBeforeItsTrailer_is502_notAShorterBody() throws IOException {
        byte[] whole = gzip(JSON);
        backendAnswersGzip(Arrays.copyOf(whole, whole.length / 2));

        assertBadGateway();
    }

    @Test
    void aGzipAnswerMissingOnlyItsTrailer_is502() throws IOException {
        byte[] whole = gzip(JSON);
        backendAnswersGzip(Arrays.copyOf(whole, whole.length - 8)); // every JSON byte inflates; CRC and size missing

        assertBadGateway();
    }

    @Test
    void aCorruptGzipAnswer_is502() throws IOException {
        byte[] corrupt = gzip(JSON);
        Arrays.fill(corrupt, 10, 14, (byte) 0xff); // the first deflate block: reserved block type
        backendAnswersGzip(corrupt);

        assertBadGateway();
    }

    @Test
    void anEmptyBodyLabelledGzip_staysAnEmptyBody() {
        backendAnswersGzip(new byte[0]);

        assertThat(proxy.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        assertThat(proxy.backend(0).isOpen()).isTrue();
        assertThat(log.loose()).isEmpty();
    }
}
