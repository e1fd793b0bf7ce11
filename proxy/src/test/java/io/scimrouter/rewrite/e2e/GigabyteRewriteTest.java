package io.scimrouter.rewrite.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.scimrouter.rewrite.JacksonUrlRewriter;
import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.rewrite.ScanningUrlRewriter;
import io.scimrouter.testing.ChildRouter;
import io.scimrouter.testing.JsonListStreamer;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GB ListResponse, generated on the fly by the backend and never stored, rewritten by a router process with
 * 64 MB of heap. The client parses the whole answer as it streams: every location is in the client's form. Runs with
 * each rewriter, the whole gigabyte both times: through the router the reference costs about what the scanner does
 * (the client's parse and the sockets dominate), so the second run adds the first one's time and no more.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class GigabyteRewriteTest {
    /** The router process's body rewriters. */
    @Parameter
    RewriterKind rewriter;

    @Test
    void oneGigabyteList_isRewrittenWholeBySixtyFourMegabytesOfHeap(@TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("classes.log");
        try (TestBackend backend = new TestBackend()) {
            // the backend writes URLs with its own origin, as a service that does not know the router is there
            String legacyBase = backend.uri() + "/scim/v2/p1/e1";
            long users = (1L << 30) / new JsonListStreamer(legacyBase, 1).userBytes() + 1;
            backend.respond(new JsonListStreamer(legacyBase, users).responder());
            try (ChildRouter child = new ChildRouter(backend.uri(), "64m",
                    List.of("-Xlog:class+load=info:file=" + classLog), rewriter)) {
                String clientBase = "http://127.0.0.1:" + child.port() + "/scim/v2/p1/e1/v2/acme";
                streamAndCheck(child, clientBase, users);
            }
        }
        // the process rewrote with the rewriter chosen, and never loaded the other one
        Class<?> chosen = rewriter == RewriterKind.SCANNING ? ScanningUrlRewriter.class : JacksonUrlRewriter.class;
        Class<?> other = rewriter == RewriterKind.SCANNING ? JacksonUrlRewriter.class : ScanningUrlRewriter.class;
        String loaded = Files.readString(classLog);
        assertThat(loaded).contains(chosen.getName() + " ").doesNotContain(other.getName() + " ");
    }

    private static void streamAndCheck(ChildRouter child, String clientBase, long users) throws Exception {
        {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                    URI.create(clientBase + "/Users")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long locations = 0;
            long refs = 0;
            long foreign = 0;
            long bytes;
            JsonFactory factory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(-1).build()).build();
            try (CountingInputStream in = new CountingInputStream(response.body());
                 JsonParser parser = factory.createParser(in)) {
                String field = null;
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.FIELD_NAME) {
                        field = parser.currentName();
                    } else if (token == JsonToken.VALUE_STRING && ("location".equals(field) || "$ref".equals(field))) {
                        if (parser.getText().startsWith(clientBase + "/Users/")) {
                            if ("location".equals(field)) {
                                locations++;
                            } else {
                                refs++;
                            }
                        } else {
                            foreign++;
                        }
                    }
                }
                bytes = in.count();
            }
            assertThat(bytes).isGreaterThan(1L << 30);
            assertThat(locations).isEqualTo(users);
            assertThat(refs).isEqualTo(users);
            assertThat(foreign).isZero();
            assertThat(child.alive()).isTrue();
        }
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
