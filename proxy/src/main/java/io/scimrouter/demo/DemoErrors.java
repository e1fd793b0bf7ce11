package io.scimrouter.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * SCIM error responses (RFC 7644 section 3.12) produced by the demo service itself. Separate from the router's
 * {@code server.ScimErrors} on purpose: the demo stands in for a backend and shares no code with the proxy path.
 */
final class DemoErrors {

    static final String SCIM_CONTENT_TYPE = "application/scim+json";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private static final JsonFactory JSON = new JsonFactory();

    private DemoErrors() {
    }

    static DemoResponse error(int status, String detail) {
        return error(status, detail, Map.of());
    }

    static DemoResponse error(int status, String detail, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", SCIM_CONTENT_TYPE);
        return new DemoResponse(status, headers, body(status, detail));
    }

    static String body(int status, String detail) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("schemas");
            json.writeString(ERROR_SCHEMA);
            json.writeEndArray();
            // RFC 7644 3.12: "status" is a string
            json.writeStringField("status", Integer.toString(status));
            json.writeStringField("detail", detail);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
