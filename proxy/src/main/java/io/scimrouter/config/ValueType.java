package io.scimrouter.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How one kind of value is read: from the raw YAML scalar, sequence or tree (or an environment variable's text) to
 * its Java form, every error naming the key (and the variable that set it). The generic syntaxes live here; the
 * router's own rules (hosts, origins, base path ...) in {@link RouterValueTypes}.
 *
 * @param <T> the Java type of the value, as the record component that receives it declares it
 */
final class ValueType<T> {
    /** What an environment variable's text stands for. */
    enum Shape {
        /** The text itself: a scalar. */
        SCALAR,
        /** Comma-separated items; an empty text is an empty list. */
        LIST,
        /** A YAML or JSON flow document (lists of mappings). */
        TREE
    }

    /** Reads a key that carries a value; absent keys never reach a reader. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ConfigValues values, String key, Object raw);
    }

    private final Class<?> javaType;
    private final Shape shape;
    private final Reader<T> reader;

    ValueType(Class<?> javaType, Shape shape, Reader<T> reader) {
        this.javaType = Objects.requireNonNull(javaType, "javaType");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** The value of {@code key}, or {@code fallback} when the key carries none. */
    T read(ConfigValues values, String key, T fallback) {
        // a list keeps an explicit empty text ("an empty value is an empty list"); other keys treat it as unset
        Object raw = shape == Shape.LIST ? values.stored(key) : values.raw(key);
        return raw == null ? fallback : reader.read(values, key, raw);
    }

    Class<?> javaType() {
        return javaType;
    }

    /** The raw value an environment variable stands for. */
    Object fromEnvironment(String variable, String text) {
        if (shape != Shape.TREE) {
            return text;
        }
        if (text.isBlank()) {
            return List.of();
        }
        Object parsed = SafeYaml.parse(variable, text);
        return parsed == null ? List.of() : parsed;
    }

    /** A default, written as in an environment variable, as docs/CONFIGURATION.md shows it (lists in YAML brackets). */
    String documented(String defaultText) {
        return shape == Shape.LIST ? "[" + defaultText + "]" : defaultText;
    }

    /** This type with a check or conversion applied to every value read. */
    <R> ValueType<R> then(Class<?> resultType, Check<T, R> check) {
        return new ValueType<>(resultType, shape, (values, key, raw) -> check.apply(values, key,
                reader.read(values, key, raw)));
    }

    /** A rule applied after the syntax: may refuse the value (through {@link ConfigValues#fail}) or convert it. */
    @FunctionalInterface
    interface Check<T, R> {
        R apply(ConfigValues values, String key, T value);
    }

    // ---- generic syntaxes ---------------------------------------------------------------------------------------

    /** Text. Numbers are accepted as their decimal text; booleans and other YAML types must be quoted. */
    static ValueType<String> text() {
        return new ValueType<>(String.class, Shape.SCALAR, ValueType::asText);
    }

    static ValueType<Boolean> flag() {
        return new ValueType<>(Boolean.class, Shape.SCALAR, (values, key, raw) -> {
            if (raw instanceof Boolean bool) {
                return bool;
            }
            if (raw instanceof String text) {
                String normalized = text.strip().toLowerCase(Locale.ROOT);
                if (normalized.equals("true") || normalized.equals("false")) {
                    return normalized.equals("true");
                }
            }
            throw values.fail(key, Syntax.quote(raw) + " is not a boolean (write true or false)");
        });
    }

    /** A whole number in {@code min..max} that fits an int. */
    static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>(Integer.class, Shape.SCALAR,
                (values, key, raw) -> (int) wholeNumber(values, key, raw, min, max));
    }

    /** A whole number in {@code min..max}. */
    static ValueType<Long> longInteger(long min, long max) {
        return new ValueType<>(Long.class, Shape.SCALAR, (values, key, raw) -> wholeNumber(values, key, raw, min, max));
    }

    /** A share from 0 to 1, as a decimal ({@code 0.01}) or a whole number ({@code 0}, {@code 1}). */
    static ValueType<Double> fraction() {
        return new ValueType<>(Double.class, Shape.SCALAR, (values, key, raw) -> {
            double number;
            if (raw instanceof Double || raw instanceof Integer || raw instanceof Long) {
                number = ((Number) raw).doubleValue();
            } else if (raw instanceof String text && text.strip().matches("\\d{1,9}(\\.\\d{1,9})?")) {
                number = Double.parseDouble(text.strip());
            } else {
                throw values.fail(key, Syntax.quote(raw) + " is not a number from 0 to 1 (e.g. 0.01)");
            }
            if (!(number >= 0 && number <= 1)) {
                throw values.fail(key, Syntax.quote(raw) + " is out of range 0..1");
            }
            return number;
        });
    }

    /** A size in bytes ({@link Sizes}) in {@code min..max} that fits an int. */
    static ValueType<Integer> intSize(int min, int max) {
        return new ValueType<>(Integer.class, Shape.SCALAR,
                (values, key, raw) -> (int) bytes(values, key, raw, min, max));
    }

    /** A size in bytes ({@link Sizes}) in {@code min..max}. */
    static ValueType<Long> size(long min, long max) {
        return new ValueType<>(Long.class, Shape.SCALAR, (values, key, raw) -> bytes(values, key, raw, min, max));
    }

    /** A duration ({@link Durations}) greater than zero. */
    static ValueType<Duration> duration() {
        return durationType(false);
    }

    /** A duration ({@link Durations}) where zero is allowed because it switches something off. */
    static ValueType<Duration> durationOrZero() {
        return durationType(true);
    }

    /**
     * One constant of {@code type}, written in lower case ({@code json}); {@code on}/{@code off} unquoted, which YAML
     * reads as booleans, are taken as the words.
     */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        return new ValueType<>(type, Shape.SCALAR, (values, key, raw) -> {
            String text = raw instanceof Boolean bool ? (bool ? "on" : "off") : scalarText(raw).strip();
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw values.fail(key, Syntax.quote(raw) + " is not one of " + String.join(", ", names));
        });
    }

    /** A list of non-empty texts: a YAML sequence, or comma-separated text (environment variables). */
    static ValueType<List<String>> list() {
        return new ValueType<>(List.class, Shape.LIST, ValueType::asList);
    }

    /** Each item of a list checked or converted on its own; errors name the item ({@code key[i]}). */
    static <R> ValueType<List<R>> listOf(Check<String, R> item) {
        return new ValueType<>(List.class, Shape.LIST, (values, key, raw) -> {
            List<String> texts = asList(values, key, raw);
            List<R> result = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                result.add(item.apply(values, key + "[" + i + "]", texts.get(i)));
            }
            return List.copyOf(result);
        });
    }

    /** The YAML tree as parsed (maps, lists, scalars), for a section its binder walks itself. */
    static ValueType<Object> tree() {
        return new ValueType<>(Object.class, Shape.TREE, (values, key, raw) -> raw);
    }

    // ---- the syntaxes' shared steps -----------------------------------------------------------------------------

    private static String asText(ConfigValues values, String key, Object raw) {
        if (raw instanceof String || raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
            return raw.toString();
        }
        // YAML 1.1 reads yes/no/on/off as booleans and 1.10 as 1.1: make the author say what they mean
        throw values.fail(key, Syntax.quote(raw) + " must be text; put it in quotes");
    }

    private static long wholeNumber(ConfigValues values, String key, Object raw, long min, long max) {
        long number;
        if (raw instanceof Integer || raw instanceof Long) {
            number = ((Number) raw).longValue();
        } else if (raw instanceof BigInteger) {
            throw values.fail(key, Syntax.quote(raw) + " is out of range " + min + ".." + max);
        } else if (raw instanceof String text && text.strip().matches("-?\\d{1,18}")) {
            number = Long.parseLong(text.strip());
        } else {
            throw values.fail(key, Syntax.quote(raw) + " is not a whole number");
        }
        return inRange(values, key, number, min, max, raw);
    }

    private static long bytes(ConfigValues values, String key, Object raw, long min, long max) {
        long bytes = Sizes.parse(scalarText(raw))
                .orElseThrow(() -> values.fail(key, Syntax.quote(raw) + " is not a size " + Sizes.HINT));
        return inRange(values, key, bytes, min, max, raw);
    }

    private static ValueType<Duration> durationType(boolean zeroAllowed) {
        return new ValueType<>(Duration.class, Shape.SCALAR, (values, key, raw) -> {
            Duration duration = Durations.parse(scalarText(raw))
                    .orElseThrow(() -> values.fail(key, Syntax.quote(raw) + " is not a duration " + Durations.HINT));
            if (duration.isZero() && !zeroAllowed) {
                throw values.fail(key, "must be greater than 0 " + Durations.HINT);
            }
            return duration;
        });
    }

    /** Text, whole numbers as their digits; anything else (a list, a boolean) as text that no syntax accepts. */
    private static String scalarText(Object raw) {
        return raw instanceof Integer || raw instanceof Long || raw instanceof String ? raw.toString() : "";
    }

    private static List<String> asList(ConfigValues values, String key, Object raw) {
        List<?> items;
        if (raw instanceof List<?> list) {
            items = list;
        } else if (raw instanceof String text) {
            items = text.isBlank() ? List.of() : List.of(text.split(",", -1));
        } else {
            throw values.fail(key, "must be a list");
        }
        List<String> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String text = item == null ? "" : asText(values, key + "[" + i + "]", item).strip();
            if (text.isEmpty()) {
                throw values.fail(key, "item " + i + " is empty");
            }
            result.add(text);
        }
        return List.copyOf(result);
    }

    private static long inRange(ConfigValues values, String key, long number, long min, long max, Object raw) {
        if (number < min || number > max) {
            throw values.fail(key, Syntax.quote(raw) + " is out of range " + min + ".." + max);
        }
        return number;
    }
}
