package io.scimrouter.compare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one JSON document into a {@link JsonValue} tree within explicit limits, so that a hostile or huge answer
 * meets a bound chosen here rather than exhausting memory. Duplicate field names and trailing content are errors:
 * two answers that differ only there must not compare equal.
 */
public final class JsonDocuments {

    /**
     * @param maxBytes        largest document accepted
     * @param maxDepth        deepest nesting of objects and arrays
     * @param maxStringLength longest string value or field name, in characters
     */
    public record Limits(int maxBytes, int maxDepth, int maxStringLength) {
        /** 8 MiB, depth 64, strings up to 1 MiB: far above any SCIM resource, far below trouble. */
        public static final Limits DEFAULT = new Limits(8 * 1024 * 1024, 64, 1024 * 1024);

        public Limits {
            if (maxBytes < 1 || maxDepth < 1 || maxStringLength < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    /** The document is not one well-formed JSON value within the limits; the message never quotes the content. */
    public static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message);
        }
    }

    private final JsonFactory factory;
    private final Limits limits;

    public JsonDocuments(Limits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxDocumentLength(limits.maxBytes())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    public static JsonDocuments withDefaultLimits() {
        return new JsonDocuments(Limits.DEFAULT);
    }

    public JsonValue parse(byte[] json) throws MalformedJsonException {
        if (json.length > limits.maxBytes()) {
            throw new MalformedJsonException("document of " + json.length + " bytes is over the limit of "
                    + limits.maxBytes());
        }
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedJsonException("empty document");
            }
            JsonValue root = read(parser, first);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("content after the end of the document at offset "
                        + parser.currentTokenLocation().getByteOffset());
            }
            return root;
        } catch (IOException | RuntimeException e) {
            throw new MalformedJsonException(e.getClass().getSimpleName() + " at offset " + offsetOf(e));
        }
    }

    public JsonValue parse(String json) throws MalformedJsonException {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String offsetOf(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
            return Long.toString(p.getLocation().getByteOffset());
        }
        return "?";
    }

    /** Recursive: the nesting limit bounds the depth. */
    private static JsonValue read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, JsonValue> fields = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    fields.put(name, read(parser, parser.nextToken()));
                }
                yield new JsonValue.ObjectValue(fields);
            }
            case START_ARRAY -> {
                List<JsonValue> elements = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    elements.add(read(parser, t));
                }
                yield new JsonValue.ArrayValue(elements);
            }
            case VALUE_STRING -> new JsonValue.StringValue(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonValue.NumberValue(parser.getDecimalValue());
            case VALUE_TRUE -> new JsonValue.BooleanValue(true);
            case VALUE_FALSE -> new JsonValue.BooleanValue(false);
            case VALUE_NULL -> JsonValue.NullValue.INSTANCE;
            default -> throw new IOException("unexpected token " + token);
        };
    }
}
