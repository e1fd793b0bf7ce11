package io.scimrouter.rewrite.e2e;

import io.scimrouter.rewrite.JacksonUrlRewriter;
import io.scimrouter.rewrite.ScanningUrlRewriter;
import io.scimrouter.testing.ChildRouter;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router rewrites with the scanner, not with the jackson reference: a router process that rewrote an answer and a
 * request body has loaded {@link ScanningUrlRewriter} and never loaded {@link JacksonUrlRewriter} (its class-loading
 * log says so; the test JVM's own class path holds both).
 */
class FastPathWiringTest {
    @Test
    void routerRewritesBodiesWithTheScanner_andNeverLoadsTheReference(@TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("classes.log");
        try (TestBackend backend = new TestBackend()) {
            String legacyBase = backend.uri() + "/scim/v2/p1/e1";
            backend.respond(TestBackend.ok("{\"id\":\"7\",\"meta\":{\"location\":\"" + legacyBase + "/Users/7\"}}"));
            try (ChildRouter child = new ChildRouter(backend.uri(), "64m",
                    List.of("-Xlog:class+load=info:file=" + classLog))) {
                String clientBase = "http://127.0.0.1:" + child.port() + "/scim/v2/p1/e1/v2/acme";
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(clientBase + "/Users/7"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"location\":\"" + clientBase + "/Users/7\"");

                HttpResponse<String> patch = client.send(HttpRequest.newBuilder(URI.create(clientBase + "/Groups/g"))
                        .header("Content-Type", "application/scim+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Operations\":[{\"op\":\"add\","
                                + "\"value\":[{\"$ref\":\"" + clientBase + "/Users/7\"}]}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(patch.statusCode()).isEqualTo(200);
                assertThat(backend.received()).hasSize(2);
                assertThat(backend.received().get(1).body()).contains("/scim/v2/p1/e1/Users/7\"")
                        .doesNotContain("/v2/acme");
            }
        }
        String loaded = Files.readString(classLog);
        assertThat(loaded).contains(ScanningUrlRewriter.class.getName() + " ");
        assertThat(loaded).doesNotContain(JacksonUrlRewriter.class.getName());
    }
}
