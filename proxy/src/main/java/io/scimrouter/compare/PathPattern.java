package io.scimrouter.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pattern over {@link JsonPath}s, written with dots: {@code meta.version} (from the root),
 * {@code Operations[].version} ({@code []} is any array index), {@code *} (any one field) and {@code **} (any
 * number of fields and indices, also none), e.g. {@code **.meta.lastModified} at any depth. Field names compare
 * without regard to letter case, as SCIM attribute names do.
 */
public final class PathPattern {
    private static final String ANY_FIELD = "*";
    private static final String ANY_DEPTH = "**";
    private static final String ANY_INDEX = "[]";

    private final String text;
    private final List<String> parts;

    private PathPattern(String text, List<String> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static PathPattern of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty path pattern");
        }
        List<String> parts = new ArrayList<>();
        for (String piece : text.split("\\.", -1)) {
            String name = piece;
            int arrays = 0;
            while (name.endsWith(ANY_INDEX)) {
                name = name.substring(0, name.length() - ANY_INDEX.length());
                arrays++;
            }
            if (name.isEmpty() && arrays == 0) {
                throw new IllegalArgumentException("empty segment in path pattern '" + text + "'");
            }
            if (!name.isEmpty()) {
                parts.add(name.equals(ANY_FIELD) || name.equals(ANY_DEPTH) ? name : name.toLowerCase(Locale.ROOT));
            }
            for (int i = 0; i < arrays; i++) {
                parts.add(ANY_INDEX);
            }
        }
        return new PathPattern(text, List.copyOf(parts));
    }

    public boolean matches(JsonPath path) {
        return matches(0, path.segments(), 0);
    }

    private boolean matches(int p, List<Object> segments, int s) {
        if (p == parts.size()) {
            return s == segments.size();
        }
        String part = parts.get(p);
        if (part.equals(ANY_DEPTH)) {
            for (int skip = s; skip <= segments.size(); skip++) {
                if (matches(p + 1, segments, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (s == segments.size()) {
            return false;
        }
        Object segment = segments.get(s);
        boolean here = switch (part) {
            case ANY_INDEX -> segment instanceof Integer;
            case ANY_FIELD -> segment instanceof String;
            default -> segment instanceof String name && name.toLowerCase(Locale.ROOT).equals(part);
        };
        return here && matches(p + 1, segments, s + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
