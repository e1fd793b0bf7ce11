package io.scimrouter.tenant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Reads a directory's 200 answer with jackson-core's streaming parser: the optional top-level string fields
 * {@code tenantKey} and {@code upstream}. Other fields, whatever their nesting, are skipped; an empty body means
 * "exists, no details". Anything that is not a JSON object, or values that could not safely be used, fail.
 */
final class DirectoryResponseParser {
    // the canonical key travels in an HTTP header to the backend: visible ASCII only, bounded
    private static final Pattern SAFE_TENANT_KEY = Pattern.compile("[\\x21-\\x7E]{1,256}");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(8 * 1024)
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .build())
            .build();

    private DirectoryResponseParser() {
    }

    static DirectoryAnswer.Found parse(byte[] body, String requestedTenant) throws IOException {
        String tenantKey = null;
        String upstream = null;
        if (isBlank(body)) {
            return new DirectoryAnswer.Found(requestedTenant, null);
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("directory answer is not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("tenantKey".equals(field) && value == JsonToken.VALUE_STRING) {
                    tenantKey = parser.getText();
                } else if ("upstream".equals(field) && value == JsonToken.VALUE_STRING) {
                    upstream = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IOException("directory answer is not a single JSON object");
            }
        }
        if (tenantKey != null && !SAFE_TENANT_KEY.matcher(tenantKey).matches()) {
            throw new IOException("directory answer has an unusable tenantKey");
        }
        try {
            return new DirectoryAnswer.Found(
                    tenantKey == null ? requestedTenant : tenantKey,
                    upstream == null || upstream.isEmpty() ? null : Upstreams.parse(upstream));
        } catch (IllegalArgumentException e) {
            throw new IOException("directory answer has an unusable upstream: " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
