package io.scimrouter.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which keys differ between the configuration in force and a reloaded one, and which of those a running router can
 * take over. Reloadable: {@code rollout.tenantAware.*} (not {@code rollout.shadow.*}), {@code tenants.*},
 * {@code rewrite.*}, {@code limits.*}, {@code backend.responseTimeout} (read per exchange),
 * {@code backend.connectTimeout} and {@code backend.idleTimeout} (for connections opened from then on),
 * {@code log.level} and {@code server.tls.*} (new files or settings, not TLS on or off). Everything else (listener
 * addresses and ports, thread counts, the URL grammar, the backends and the size of their pools, admin and metrics
 * settings, the access log) is read once at start.
 */
public final class ConfigChanges {
    /** Keys, or sections ending in a dot, that a running router applies. */
    static final List<String> RELOADABLE = List.of("rollout.tenantAware.", "tenants.", "rewrite.", "limits.",
            "backend.responseTimeout", "backend.connectTimeout", "backend.idleTimeout", "log.level", "server.tls.");
    /** rollout.shadow is bound to a component of its own beside rollout (RouterConfig.shadow). */
    private static final String SHADOW = "rollout.shadow.";

    /** Where a key's last segments are named otherwise in the records. */
    private static final Map<String, String> COMPONENT_NAMES = Map.of("static", "staticTenants");

    private ConfigChanges() {
    }

    /** The declared keys whose values differ, in the order of {@link ConfigKeys#ALL}. */
    public static List<String> changedKeys(RouterConfig before, RouterConfig after) {
        List<String> changed = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (!Objects.equals(comparable(valueAt(before, key.path())), comparable(valueAt(after, key.path())))) {
                changed.add(key.path());
            }
        }
        return changed;
    }

    /**
     * The keys among {@code changed} that need a restart; TLS turned on or off counts as a change of
     * {@code server.tls.certificateFile} that needs one (the listener's scheme would change).
     */
    public static List<String> needingRestart(RouterConfig before, RouterConfig after, List<String> changed) {
        List<String> refused = new ArrayList<>();
        for (String key : changed) {
            if (RELOADABLE.stream().noneMatch(r -> r.endsWith(".") ? key.startsWith(r) : key.equals(r))) {
                refused.add(key);
            }
        }
        if (before.server().tls().enabled() != after.server().tls().enabled()) {
            refused.add("server.tls.certificateFile");
        }
        return refused;
    }

    /** True when a key under {@code section} (e.g. {@code tenants}) is among {@code changed}. */
    public static boolean touches(List<String> changed, String section) {
        return changed.stream().anyMatch(key -> key.equals(section) || key.startsWith(section + "."));
    }

    /** A key's value in the records, found by its path; null where a section is unset (tenants.http). */
    static Object valueAt(RouterConfig config, String path) {
        Object current = config;
        String[] segments = path.split("\\.");
        if (path.startsWith(SHADOW)) {
            current = config.shadow();
            segments = path.substring(SHADOW.length()).split("\\.");
        }
        for (int i = 0; i < segments.length; i++) {
            if (current == null) {
                return null;
            }
            if (!(current instanceof Record record)) {
                throw new IllegalStateException(path + ": " + segments[i - 1] + " is not a section in the records");
            }
            RecordComponent component = component(record, segments[i]);
            if (component == null) {
                if (i > 0 && i < segments.length - 1) {
                    continue; // a section bound as a whole to its parent's component (rollout.tenantAware)
                }
                throw new IllegalStateException("no record component for " + path);
            }
            current = read(record, component);
        }
        return current;
    }

    private static RecordComponent component(Record record, String segment) {
        String name = COMPONENT_NAMES.getOrDefault(segment, segment);
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        return null;
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    /** Patterns have no value equality; their text does. */
    private static Object comparable(Object value) {
        return value instanceof Pattern pattern ? pattern.pattern() : value;
    }
}
