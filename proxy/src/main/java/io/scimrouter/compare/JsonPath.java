package io.scimrouter.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a value sits in a document: field names and array indices from the root. Written as JSONPath,
 * {@code $.members[0].$ref}, with bracket notation for names that are no identifiers, such as schema URNs:
 * {@code $["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].manager.value}.
 */
public final class JsonPath {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final JsonPath ROOT = new JsonPath(List.of());

    /** A field name (String) or an array index (Integer). */
    private final List<Object> segments;

    private JsonPath(List<Object> segments) {
        this.segments = segments;
    }

    public static JsonPath root() {
        return ROOT;
    }

    public JsonPath field(String name) {
        return append(name);
    }

    public JsonPath index(int index) {
        return append(index);
    }

    private JsonPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments.size() + 1);
        longer.addAll(segments);
        longer.add(segment);
        return new JsonPath(Collections.unmodifiableList(longer));
    }

    /** Field names as String, array indices as Integer. */
    public List<Object> segments() {
        return segments;
    }

    /** The last field name, or null at the root or after an index. */
    public String lastFieldName() {
        return segments.isEmpty() || !(segments.get(segments.size() - 1) instanceof String name) ? null : name;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("$");
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else if (IDENTIFIER.matcher((String) segment).matches()) {
                out.append('.').append(segment);
            } else {
                out.append('[');
                JsonValue.StringValue.quote((String) segment, out);
                out.append(']');
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonPath p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
