package io.scimrouter.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Navigation in SnakeYAML's plain maps and lists, and deep copies that a test may change. */
final class Yamls {
    private Yamls() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** The value at a path of map keys, or null when any step is missing. */
    static Object at(Object root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    static Map<String, Object> mapAt(Object root, String... path) {
        return map(at(root, path));
    }

    static List<Object> listAt(Object root, String... path) {
        return list(at(root, path));
    }

    /** A deep, mutable copy of a document. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, copy(item)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) new java.util.ArrayList<>(list.stream().map(Yamls::copy).toList());
        }
        return value;
    }
}
