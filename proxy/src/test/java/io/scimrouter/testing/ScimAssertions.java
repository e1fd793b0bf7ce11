package io.scimrouter.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every SCIM error must look like (RFC 7644 section 3.12), whoever answered it, the router or a SCIM service:
 * the status, {@code Content-Type: application/scim+json}, the error schema as the only schema, {@code status} as a
 * string equal to the HTTP status, and a whole body.
 */
public final class ScimAssertions {
    private ScimAssertions() {
    }

    public static void assertScimError(RawHttp.Response response, int status) {
        assertScimError(response, status, "");
    }

    /** @param detailContains a part of the {@code detail} text ("" for any) */
    public static void assertScimError(RawHttp.Response response, int status, String detailContains) {
        assertThat(response.complete()).as("a whole answer: %s", response.bodyText()).isTrue();
        assertScimError(status, response.status(), response.header("Content-Type"), response.bodyText(),
                detailContains);
    }

    /** An answer the strict parser read (from an embedded channel, say). */
    public static void assertScimError(StrictHttp1.Message answer, int status) {
        assertScimError(status, answer.status(), answer.value("Content-Type"),
                new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8), "");
    }

    /** The first answer in {@code raw}, the bytes a client received, strictly parsed. */
    public static StrictHttp1.Message assertScimError(String raw, int status) {
        StrictHttp1.Message answer;
        try {
            answer = StrictHttp1.response(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, false,
                    false);
        } catch (StrictHttp1.Violation v) {
            throw new AssertionError("not a well-formed answer: " + v.getMessage() + " in " + raw, v);
        }
        assertThat(answer).as("a whole answer in %s", raw).isNotNull();
        assertScimError(answer, status);
        return answer;
    }

    public static void assertScimError(ScimHttp.Reply reply, int status) {
        assertScimError(status, reply.status(), reply.header("Content-Type").orElse(null), reply.text(), "");
    }

    private static void assertScimError(int expected, int status, String contentType, String body,
                                        String detailContains) {
        assertThat(status).as("status of %s", body).isEqualTo(expected);
        assertThat(contentType).as("Content-Type").isNotNull();
        assertThat(contentType.split(";")[0].trim()).as("media type").isEqualTo("application/scim+json");
        JsonNode json;
        try {
            json = ScimHttp.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        assertThat(json.path("schemas").size()).as("schemas of %s", body).isEqualTo(1);
        assertThat(json.path("schemas").path(0).asText()).isEqualTo(ScimHttp.ERROR_SCHEMA);
        assertThat(json.path("status").isTextual()).as("status is a string in %s", body).isTrue();
        assertThat(json.path("status").asText()).isEqualTo(String.valueOf(expected));
        assertThat(json.path("detail").asText()).contains(detailContains);
    }
}
