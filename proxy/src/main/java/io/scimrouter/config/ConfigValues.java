package io.scimrouter.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The raw values by key path, from the YAML tree with environment overrides laid on top, and typed readers that
 * name the key (and the environment variable, when one set it) in every error. Absent and null mean "use the default".
 */
final class ConfigValues {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> setByEnv = new HashMap<>();

    /** Flattens a parsed YAML document; unknown keys and misplaced scalars are errors. */
    static ConfigValues fromYaml(Object root, String origin) {
        ConfigValues result = new ConfigValues();
        if (root == null) {
            return result;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(origin, "the top level must be a mapping of sections ("
                    + String.join(", ", ConfigKeys.childrenOf("")) + ")");
        }
        result.putSection("", map);
        return result;
    }

    /** Every {@code SCIM_ROUTER_*} variable that names a key replaces that key's value; other variables are ignored. */
    void overlay(Map<String, String> env) {
        for (String key : ConfigKeys.ALL) {
            String name = ConfigKeys.envName(key);
            String text = env.get(name);
            if (text == null) {
                continue;
            }
            setByEnv.put(key, name);
            values.put(key, key.equals("tenants.static") ? parseStaticFlow(name, text) : text);
        }
    }

    boolean isSet(String key) {
        Object value = values.get(key);
        return value != null && !(value instanceof String text && text.isBlank() && setByEnv.containsKey(key));
    }

    /** The keys that carry a value (for the tests that keep the shipped files complete). */
    Set<String> setKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : values.keySet()) {
            if (isSet(key)) {
                keys.add(key);
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    Object raw(String key) {
        return isSet(key) ? values.get(key) : null;
    }

    /** An error for a key, or for an item below it ({@code tenants.static[0].project}). */
    ConfigException fail(String key, String problem) {
        int item = key.indexOf('[');
        String source = setByEnv.get(item < 0 ? key : key.substring(0, item));
        return new ConfigException(key, source == null ? problem : problem + " [set by " + source + "]");
    }

    // ---- typed readers ------------------------------------------------------------------------------------------

    /** Text, or the default when absent. Numbers are accepted as their decimal text. */
    String text(String key, String fallback) {
        Object value = raw(key);
        return value == null ? fallback : asText(key, value);
    }

    boolean flag(String key, boolean fallback) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text) {
            String normalized = text.strip().toLowerCase(Locale.ROOT);
            if (normalized.equals("true") || normalized.equals("false")) {
                return normalized.equals("true");
            }
        }
        throw fail(key, Syntax.quote(value) + " is not a boolean (write true or false)");
    }

    long integer(String key, long fallback, long min, long max) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        long number;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof BigInteger) {
            throw fail(key, Syntax.quote(value) + " is out of range " + min + ".." + max);
        } else if (value instanceof String text && text.strip().matches("-?\\d{1,18}")) {
            number = Long.parseLong(text.strip());
        } else {
            throw fail(key, Syntax.quote(value) + " is not a whole number");
        }
        return inRange(key, number, min, max, value);
    }

    long size(String key, long fallback, long min, long max) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        String text = value instanceof Integer || value instanceof Long || value instanceof String
                ? value.toString() : "";
        long bytes = Sizes.parse(text)
                .orElseThrow(() -> fail(key, Syntax.quote(value) + " is not a size " + Sizes.HINT));
        return inRange(key, bytes, min, max, value);
    }

    /** A duration that must be positive, or also zero when {@code zeroAllowed} (where zero switches something off). */
    Duration duration(String key, Duration fallback, boolean zeroAllowed) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        String text = value instanceof Integer || value instanceof Long || value instanceof String
                ? value.toString() : "";
        Duration duration = Durations.parse(text)
                .orElseThrow(() -> fail(key, Syntax.quote(value) + " is not a duration " + Durations.HINT));
        if (duration.isZero() && !zeroAllowed) {
            throw fail(key, "must be greater than 0 " + Durations.HINT);
        }
        return duration;
    }

    /** A list of texts: a YAML sequence, or comma-separated text (environment variables). */
    List<String> list(String key, List<String> fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        List<?> items;
        if (value instanceof List<?> list) {
            items = list;
        } else if (value instanceof String text) {
            items = text.isBlank() ? List.of() : List.of(text.split(",", -1));
        } else {
            throw fail(key, "must be a list");
        }
        List<String> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String text = item == null ? "" : asText(key + "[" + i + "]", item).strip();
            if (text.isEmpty()) {
                throw fail(key, "item " + i + " is empty");
            }
            result.add(text);
        }
        return List.copyOf(result);
    }

    private long inRange(String key, long number, long min, long max, Object value) {
        if (number < min || number > max) {
            throw fail(key, Syntax.quote(value) + " is out of range " + min + ".." + max);
        }
        return number;
    }

    private String asText(String key, Object value) {
        if (value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            return value.toString();
        }
        // YAML 1.1 reads yes/no/on/off as booleans and 1.10 as 1.1: make the author say what they mean
        throw fail(key, Syntax.quote(value) + " must be text; put it in quotes");
    }

    private void putSection(String section, Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new ConfigException(section.isEmpty() ? "(top level)" : section,
                        "key " + Syntax.quote(entry.getKey()) + " is not text");
            }
            String path = section.isEmpty() ? name : section + "." + name;
            Object value = entry.getValue();
            if (ConfigKeys.isKey(path)) {
                values.put(path, value);
            } else if (ConfigKeys.isSection(path)) {
                if (value instanceof Map<?, ?> child) {
                    putSection(path, child);
                } else if (value != null) {
                    throw new ConfigException(path, "must be a section with the keys "
                            + String.join(", ", ConfigKeys.childrenOf(path)));
                }
            } else {
                throw new ConfigException(path, "unknown key" + suggestion(section, name));
            }
        }
    }

    private Object parseStaticFlow(String envName, String text) {
        if (text.isBlank()) {
            return List.of();
        }
        Object parsed = SafeYaml.parse(envName, text);
        return parsed == null ? List.of() : parsed;
    }

    private static String suggestion(String section, String name) {
        List<String> known = ConfigKeys.childrenOf(section);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(name.toLowerCase(Locale.ROOT),
                    candidate.toLowerCase(Locale.ROOT));
            if (distance < best) {
                best = distance;
                closest = candidate;
            }
        }
        String where = section.isEmpty() ? "at the top level" : "in " + section;
        if (closest != null && best <= 2) {
            return " (did you mean " + (section.isEmpty() ? "" : section + ".") + closest + "?)";
        }
        return " (known " + where + ": " + String.join(", ", known) + ")";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
