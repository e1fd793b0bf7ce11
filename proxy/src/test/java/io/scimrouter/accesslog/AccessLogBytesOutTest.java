package io.scimrouter.accesslog;

import io.scimrouter.config.RouterConfig.AccessLogFormat;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@code bytesOut} ({@code out=} in text) is the body the client was sent, whoever made the answer: the router's own
 * errors (an unknown tenant's 404, a 400 before or after the exchange began, a 502) as much as a backend's answer
 * relayed or rewritten; nothing for an answer to HEAD.
 */
class AccessLogBytesOutTest {
    private static final String UNKNOWN = "/scim/v2/p1/e1/v2/nosuch/Users";

    private final AccessLogThroughRouterTest.Captured log = new AccessLogThroughRouterTest.Captured();

    @RegisterExtension
    final RouterExtension router = RouterExtension.create()
            .config(b -> b.accessLog(AccessLogFormat.JSON))
            .prepare(r -> r.accessLogTo(log));

    @Test
    void routersOwnErrors_logTheBodyTheClientReceived() throws Exception {
        RawHttp.Response unknown = router.get(UNKNOWN);
        RawHttp.Response refused = router.get("/scim/v2/p1/e1/v2/bad.tenant/Users");
        RawHttp.Response brokenBody = router.exchange("POST /scim/v2/p1/e1/Groups HTTP/1.1\r\nHost: h\r\n"
                + "Content-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\n\r\n0x10\r\n"
                + "a".repeat(16) + "\r\n0\r\n\r\n");
        router.backend().respond(TestBackend.hangUp());
        RawHttp.Response unreachable = router.get("/scim/v2/p1/e1/Users/9");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(brokenBody.status()).isEqualTo(400);
        assertThat(unreachable.status()).isEqualTo(502);
        List<Map<String, Object>> lines = awaitLines(4);
        assertThat(unknown.body().length).as("a SCIM error, not an empty answer").isGreaterThan(100);
        assertThat(line(lines, UNKNOWN)).containsEntry("flags", "TU")
                .containsEntry("bytesOut", (long) unknown.body().length);
        assertThat(line(lines, "/scim/v2/p1/e1/v2/bad.tenant/Users")).as("refused before an exchange began")
                .containsEntry("flags", "RJ").containsEntry("bytesOut", (long) refused.body().length);
        assertThat(line(lines, "/scim/v2/p1/e1/Groups")).as("refused while its body arrived")
                .containsEntry("status", 400L).containsEntry("bytesOut", (long) brokenBody.body().length);
        assertThat(line(lines, "/scim/v2/p1/e1/Users/9")).containsEntry("status", 502L)
                .containsEntry("bytesOut", (long) unreachable.body().length);
        for (RawHttp.Response r : List.of(unknown, refused, brokenBody, unreachable)) {
            assertThat(r.complete()).isTrue();
            assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().length));
        }
    }

    @Test
    void anAnswerToHead_logsNoBody_andNoneWasSent() throws Exception {
        try (RawHttp http = router.connect()) {
            RawHttp.Response head = http.send(RouterExtension.head("HEAD", UNKNOWN)).read(true);
            // a body after the HEAD answer would be read as the start of this one
            RawHttp.Response next = http.send(RouterExtension.head("GET", UNKNOWN)).read();

            assertThat(head.status()).isEqualTo(404);
            assertThat(next.status()).isEqualTo(404);
            List<Map<String, Object>> lines = awaitLines(2);
            assertThat(lines).extracting(l -> l.get("method"), l -> l.get("bytesOut"))
                    .containsExactlyInAnyOrder(tuple("HEAD", 0L), tuple("GET", (long) next.body().length));
        }
    }

    @Test
    void backendAnswers_logTheirSize_asRelayed_orAsRewritten() throws Exception {
        String backendBody = "{\"id\":\"7\",\"meta\":{\"location\":\"" + router.backend().uri()
                + "/scim/v2/p1/e1/Users/7\"}}";
        router.backend().respond(TestBackend.ok(backendBody));
        int backendLength = backendBody.getBytes(StandardCharsets.UTF_8).length;

        RawHttp.Response legacy = router.get("/scim/v2/p1/e1/Users/7");
        RawHttp.Response rewritten = router.get("/scim/v2/p1/e1/v2/acme/Users/7");

        assertThat(legacy.body()).hasSize(backendLength);
        assertThat(rewritten.bodyText()).contains("/scim/v2/p1/e1/v2/acme/Users/7");
        assertThat(rewritten.body().length).as("the rewriter changed the size").isNotEqualTo(backendLength);
        List<Map<String, Object>> lines = awaitLines(2);
        assertThat(line(lines, "/scim/v2/p1/e1/Users/7")).containsEntry("bytesOut", (long) backendLength);
        assertThat(line(lines, "/scim/v2/p1/e1/v2/acme/Users/7"))
                .containsEntry("bytesOut", (long) rewritten.body().length);
    }

    @Test
    void textFormat_saysTheSameOut() throws Exception {
        router.start(b -> b.accessLog(AccessLogFormat.TEXT));
        RawHttp.Response unknown = router.get(UNKNOWN);

        await().until(() -> log.text().endsWith("\n"));
        assertThat(log.text()).hasLineCount(1)
                .contains(" 404 in=0 out=" + unknown.body().length + " ").contains(" flags=TU ");
    }

    private List<Map<String, Object>> awaitLines(int count) {
        await().until(() -> log.lines().size() >= count);
        List<Map<String, Object>> lines = AccessLogLines.parse(log.text());
        assertThat(lines).hasSize(count);
        return lines;
    }

    private static Map<String, Object> line(List<Map<String, Object>> lines, String path) {
        List<Map<String, Object>> found = lines.stream().filter(l -> path.equals(l.get("path"))).toList();
        assertThat(found).as("lines for %s", path).hasSize(1);
        return found.get(0);
    }
}
