package io.scimrouter.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * Fills a configuration record from the keys of its section, component by component: the component {@code port} of
 * the record bound to {@code server} takes the value of the key {@code server.port}; a component that is itself a
 * record takes the subsection of its name ({@code tenants.cache} for {@code Tenants.cache}). So a new key needs its
 * declaration in {@link ConfigKeys} and its record component, nothing here. A component without a key, or of another
 * type than its key's values, is a programming error and fails every load (and so every configuration test).
 */
final class RecordBinder {
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            int.class, Integer.class, long.class, Long.class, boolean.class, Boolean.class,
            double.class, Double.class);

    private final ConfigValues values;

    RecordBinder(ConfigValues values) {
        this.values = values;
    }

    /** The record of {@code type} with the values of the keys under {@code section}, read in component order. */
    <R extends Record> R bind(String section, Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
            arguments[i] = valueOf(section + "." + components[i].getName(), components[i]);
        }
        return construct(type, parameterTypes, arguments);
    }

    private Object valueOf(String path, RecordComponent component) {
        Class<?> type = component.getType();
        ConfigKey<?> key = ConfigKeys.find(path).orElse(null);
        if (key == null && type.isRecord() && ConfigKeys.isSection(path)) {
            return bind(path, type.asSubclass(Record.class));
        }
        String where = component.getDeclaringRecord().getSimpleName() + "." + component.getName();
        if (key == null) {
            throw new IllegalStateException("no configuration key " + path + " for " + where
                    + ": declare it in ConfigKeys");
        }
        if (!BOXES.getOrDefault(type, type).equals(key.javaType())) {
            throw new IllegalStateException(path + " holds " + key.javaType().getSimpleName() + " but " + where
                    + " is " + type.getSimpleName());
        }
        Object value = values.get(key);
        if (value == null && type.isPrimitive()) {
            throw new IllegalStateException(path + " has no default but " + where + " is a " + type);
        }
        return value;
    }

    private static <R extends Record> R construct(Class<R> type, Class<?>[] parameterTypes, Object[] arguments) {
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(parameterTypes);
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
