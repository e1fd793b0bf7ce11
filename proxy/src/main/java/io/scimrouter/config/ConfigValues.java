package io.scimrouter.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The raw values by key path, from the YAML tree with environment overrides laid on top; unknown keys are refused
 * here. Errors name the key, and the environment variable when one set it ({@link #fail}). Absent and null mean "use
 * the default"; each key's {@link ValueType} turns its raw value into the typed one.
 */
final class ConfigValues {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> setByEnv = new HashMap<>();
    private final Set<String> keysRead = new LinkedHashSet<>();

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

    /** Values by key path as they are, without environment; for reading a key's declared default. */
    static ConfigValues of(Map<String, ?> valuesByPath) {
        ConfigValues result = new ConfigValues();
        result.values.putAll(valuesByPath);
        return result;
    }

    /** Every {@code SCIM_ROUTER_*} variable that names a key replaces that key's value; other variables are ignored. */
    void overlay(Map<String, String> env) {
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String name = key.envName();
            String text = env.get(name);
            if (text == null) {
                continue;
            }
            setByEnv.put(key.path(), name);
            values.put(key.path(), key.type().fromEnvironment(name, text));
        }
    }

    /** The typed value of a key, or its default. */
    <T> T get(ConfigKey<T> key) {
        keysRead.add(key.path());
        return key.read(this);
    }

    /** The keys read through {@link #get} so far (for the test that finds keys declared but bound nowhere). */
    Set<String> keysRead() {
        return Collections.unmodifiableSet(keysRead);
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

    /** The value of a key that is set, else null. */
    Object raw(String key) {
        return isSet(key) ? values.get(key) : null;
    }

    /** The value as stored, an empty text from the environment included (which is an empty list, not "unset"). */
    Object stored(String key) {
        return values.get(key);
    }

    /** An error for a key, or for an item below it ({@code tenants.static[0].project}). */
    ConfigException fail(String key, String problem) {
        int item = key.indexOf('[');
        String source = setByEnv.get(item < 0 ? key : key.substring(0, item));
        return new ConfigException(key, source == null ? problem : problem + " [set by " + source + "]");
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

    /** Levenshtein distance, for "did you mean" suggestions. */
    static int editDistance(String a, String b) {
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
