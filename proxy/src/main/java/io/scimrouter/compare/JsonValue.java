package io.scimrouter.compare;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An immutable JSON value, as parsed by {@link JsonDocuments}. Objects keep their field order for display. */
public sealed interface JsonValue {

    /** Compact JSON text, fields in document order. */
    String toJson();

    /** The field {@code name} of an object, else empty. */
    default Optional<JsonValue> field(String name) {
        return Optional.empty();
    }

    /** The text of a string field of an object, else empty. */
    default Optional<String> text(String name) {
        return field(name).filter(StringValue.class::isInstance).map(v -> ((StringValue) v).value());
    }

    record ObjectValue(Map<String, JsonValue> fields) implements JsonValue {
        public ObjectValue {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public Optional<JsonValue> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }

        @Override
        public String toJson() {
            StringBuilder out = new StringBuilder("{");
            fields.forEach((name, value) -> {
                if (out.length() > 1) {
                    out.append(',');
                }
                StringValue.quote(name, out);
                out.append(':').append(value.toJson());
            });
            return out.append('}').toString();
        }
    }

    record ArrayValue(List<JsonValue> elements) implements JsonValue {
        public ArrayValue {
            elements = List.copyOf(elements);
        }

        @Override
        public String toJson() {
            StringBuilder out = new StringBuilder("[");
            for (JsonValue element : elements) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(element.toJson());
            }
            return out.append(']').toString();
        }
    }

    record StringValue(String value) implements JsonValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toJson() {
            StringBuilder out = new StringBuilder(value.length() + 2);
            quote(value, out);
            return out.toString();
        }

        static void quote(String text, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }

    /** Compared by value: {@code 1}, {@code 1.0} and {@code 1e0} are the same number. */
    record NumberValue(BigDecimal value) implements JsonValue {
        public NumberValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NumberValue n && n.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
        }

        @Override
        public String toJson() {
            return value.toString();
        }
    }

    record BooleanValue(boolean value) implements JsonValue {
        @Override
        public String toJson() {
            return Boolean.toString(value);
        }
    }

    record NullValue() implements JsonValue {
        public static final NullValue INSTANCE = new NullValue();

        @Override
        public String toJson() {
            return "null";
        }
    }
}
