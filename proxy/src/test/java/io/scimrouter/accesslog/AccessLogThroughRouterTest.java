package io.scimrouter.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scimrouter.config.RouterConfig.AccessLogFormat;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log of real exchanges, captured from its appender: one JSON object per line with every field, the
 * request id and trace id of each exchange, rejected requests too; never a filter's value or a bearer token.
 */
class AccessLogThroughRouterTest {
    static final String SENTINEL_USER = "sentinel.bjensen@example.com";
    static final String SENTINEL_TOKEN = "sentinel-bearer-token-5f2a";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final List<String> FIELDS = List.of("time", "requestId", "client", "method", "route", "project",
            "environment", "tenant", "path", "queryParams", "status", "bytesIn", "bytesOut", "durationMs",
            "upstreamFirstByteMs", "upstream", "retried", "flags", "traceId", "userAgent");

    private final Captured log = new Captured();

    @RegisterExtension
    final RouterExtension router = RouterExtension.create()
            .config(b -> b.accessLog(AccessLogFormat.JSON))
            .prepare(r -> r.accessLogTo(log));

    @Test
    void everyExchange_isOneJsonLine_withEveryField_andNoSecretOrFilterValue() throws Exception {
        String filter = "/scim/v2/p1/e1/v2/acme/Users?filter=userName%20eq%20%22" + SENTINEL_USER
                + "%22&startIndex=1";
        String auth = "Authorization: Bearer " + SENTINEL_TOKEN;
        assertThat(router.get(filter, auth, "traceparent: " + TRACEPARENT, "User-Agent: Okta SCIM Client 1.0",
                "X-Request-Id: idp-request-42", "Cookie: session=" + SENTINEL_TOKEN).status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/Users?filter=userName%20eq%20%22" + SENTINEL_USER + "%22", auth)
                .status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/nosuch/Users?filter=x%20eq%20%22" + SENTINEL_USER + "%22", auth)
                .status()).isEqualTo(404);
        assertThat(router.get("/outside?token=" + SENTINEL_TOKEN, auth).status()).isEqualTo(404);
        router.backend().respond(TestBackend.hangUp());
        assertThat(router.get("/scim/v2/p1/e1/Users/9", auth).status()).isEqualTo(502);

        List<Map<String, Object>> lines = awaitLines(5);

        assertThat(log.text()).doesNotContain(SENTINEL_USER).doesNotContain("bjensen")
                .doesNotContain(SENTINEL_TOKEN);
        for (Map<String, Object> line : lines) {
            assertThat(line.keySet()).containsExactlyElementsOf(FIELDS);
        }
        // by path, not by position: an exchange ends (and is logged) on its own loop, possibly after the next began
        Map<String, Object> tenant = byPath(lines, "/scim/v2/p1/e1/v2/acme/Users");
        assertThat(tenant).containsEntry("requestId", "idp-request-42").containsEntry("client", "127.0.0.1")
                .containsEntry("method", "GET").containsEntry("route", "v2_tenant").containsEntry("project", "p1")
                .containsEntry("environment", "e1").containsEntry("tenant", "acme")
                .containsEntry("path", "/scim/v2/p1/e1/v2/acme/Users")
                .containsEntry("queryParams", List.of("filter", "startIndex")).containsEntry("status", 200L)
                .containsEntry("bytesIn", 0L).containsEntry("bytesOut", 2L).containsEntry("retried", false)
                .containsEntry("flags", "-").containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
                .containsEntry("userAgent", "Okta SCIM Client 1.0")
                .containsEntry("upstream", "127.0.0.1:" + router.backend().port());
        assertThat((Double) tenant.get("durationMs")).isGreaterThanOrEqualTo((Double) tenant.get(
                "upstreamFirstByteMs"));
        assertThat((String) tenant.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        Map<String, Object> legacy = byPath(lines, "/scim/v2/p1/e1/Users");
        assertThat(legacy).containsEntry("route", "legacy").containsEntry("tenant", null)
                .containsEntry("queryParams", List.of("filter"));
        assertThat((String) legacy.get("requestId")).as("generated").matches("[0-9a-f]{16}-[0-9a-f]+");
        assertThat(byPath(lines, "/scim/v2/p1/e1/v2/nosuch/Users")).containsEntry("route", "rejected")
                .containsEntry("status", 404L)
                .containsEntry("flags", "TU").containsEntry("tenant", "nosuch").containsEntry("upstream", null)
                .containsEntry("upstreamFirstByteMs", null);
        assertThat(byPath(lines, "/outside")).containsEntry("route", "rejected").containsEntry("flags", "RJ")
                .containsEntry("path", "/outside").containsEntry("project", null);
        assertThat(byPath(lines, "/scim/v2/p1/e1/Users/9")).containsEntry("status", 502L)
                .containsEntry("flags", "RT,UC").containsEntry("retried", true);
    }

    @Test
    void requestId_isForwarded_echoed_andOnTheRoutersOwnErrors() throws Exception {
        RawHttp.Response passed = router.get("/scim/v2/p1/e1/Users", "X-Request-Id: idp-7");
        RawHttp.Response generated = router.get("/scim/v2/p1/e1/Users", "X-Request-Id: has space");
        RawHttp.Response refused = router.get("/scim/v2/p1/e1/v2/bad.tenant/Users", "X-Request-Id: idp-8");
        RawHttp.Response unknown = router.get("/scim/v2/p1/e1/v2/nosuch/Users");

        assertThat(passed.header("X-Request-Id")).isEqualTo("idp-7");
        assertThat(router.backend().received().get(0).headers().getAll("X-Request-Id")).containsExactly("idp-7");
        String made = generated.header("X-Request-Id");
        assertThat(made).matches("[0-9a-f]{16}-[0-9a-f]+");
        assertThat(router.backend().received().get(1).headers().getAll("X-Request-Id")).containsExactly(made);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("X-Request-Id")).isEqualTo("idp-8");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("X-Request-Id")).matches("[0-9a-f]{16}-[0-9a-f]+");
        List<Map<String, Object>> lines = awaitLines(4);
        assertThat(lines).extracting(l -> l.get("requestId"))
                .containsExactlyInAnyOrder("idp-7", made, "idp-8", unknown.header("X-Request-Id"));
    }

    private static Map<String, Object> byPath(List<Map<String, Object>> lines, String path) {
        List<Map<String, Object>> found = lines.stream().filter(l -> path.equals(l.get("path"))).toList();
        assertThat(found).as("lines for %s", path).hasSize(1);
        return found.get(0);
    }

    @Test
    void traceContext_reachesTheBackend_byteForByte() throws Exception {
        String tracestate = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7, vendor=a;b=c";
        router.get("/scim/v2/p1/e1/v2/acme/Users", "traceparent: " + TRACEPARENT, "tracestate: " + tracestate);

        TestBackend.Received received = router.backend().received().get(0);
        assertThat(received.headers().getAll("traceparent")).containsExactly(TRACEPARENT);
        assertThat(received.headers().getAll("tracestate")).containsExactly(tracestate);
    }

    @Test
    void textFormat_isOneLinePerExchange_withTheSameFacts() throws Exception {
        router.start(b -> b.accessLog(AccessLogFormat.TEXT));
        router.get("/scim/v2/p1/e1/v2/acme/Users?filter=userName%20eq%20%22" + SENTINEL_USER + "%22",
                "X-Request-Id: idp-9", "User-Agent: say \"hi\" caf\u00e9");

        await().until(() -> log.text().endsWith("\n") && !log.text().isEmpty());
        String line = log.text();
        assertThat(line).doesNotContain(SENTINEL_USER).hasLineCount(1);
        assertThat(line).matches("\\S+Z idp-9 127\\.0\\.0\\.1 GET v2_tenant /scim/v2/p1/e1/v2/acme/Users\\?filter 200 "
                + "in=0 out=2 \\d+\\.\\d{3}ms upstream=127\\.0\\.0\\.1:\\d+ first_byte=\\d+\\.\\d{3}ms flags=- "
                + "trace=- \"say \\\\\"hi\\\\\" caf\\?\"\n");
    }

    private List<Map<String, Object>> awaitLines(int count) throws IOException {
        await().until(() -> log.lines().size() >= count);
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (String line : log.lines()) {
            parsed.add(object(line));
        }
        assertThat(parsed).hasSize(count);
        return parsed;
    }

    /** One line as a JSON object (jackson-core's parser: a line that is not exactly one object fails). */
    static Map<String, Object> object(String line) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                fields.put(name, value(p, p.nextToken()));
            }
            assertThat(p.nextToken()).as("nothing after the object").isNull();
        }
        return fields;
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
            case VALUE_NULL -> null;
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, t));
                }
                yield items;
            }
            default -> throw new AssertionError("unexpected " + token);
        };
    }

    /** A thread-safe capture of what the appender's thread writes. */
    static final class Captured extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (String line : text().split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
