package io.scimrouter.config;

import java.util.Map;
import java.util.Objects;

/**
 * One configuration key, declared once in {@link ConfigKeys}: its dotted path, the kind of value it takes, its
 * default and the line docs/CONFIGURATION.md shows for it. The environment variable is derived from the path. The
 * default is written as a user would write it in an environment variable ({@code 10MiB}, {@code 30s},
 * {@code Users, Groups}) and read by the key's own type, so a default that the key would refuse cannot be declared.
 *
 * @param <T> the value's Java type, which the record component bound to this key declares
 */
public final class ConfigKey<T> {
    private final String path;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String documentedDefault;
    private final String doc;

    private ConfigKey(String path, ValueType<T> type, String defaultText, String documentedDefault, String doc) {
        this.path = Objects.requireNonNull(path, "path");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultText == null ? null : parseDefault(path, type, defaultText);
        this.documentedDefault = documentedDefault != null ? documentedDefault
                : defaultText == null ? "unset" : "`" + type.documented(defaultText) + "`";
        this.doc = Objects.requireNonNull(doc, "doc");
    }

    /**
     * @param defaultText the default as environment variable text, or null when the key is unset by default
     * @param doc         the meaning column of docs/CONFIGURATION.md, Markdown
     */
    static <T> ConfigKey<T> of(String path, ValueType<T> type, String defaultText, String doc) {
        return new ConfigKey<>(path, type, defaultText, null, doc);
    }

    /** A key without a default value whose docs say in words what applies when it is unset. */
    static <T> ConfigKey<T> unsetByDefault(String path, ValueType<T> type, String documentedDefault, String doc) {
        return new ConfigKey<>(path, type, null, documentedDefault, doc);
    }

    /** The dotted path, e.g. {@code server.maxRequestBodyBytes}. */
    public String path() {
        return path;
    }

    /** {@code server.maxRequestBodyBytes} becomes {@code SCIM_ROUTER_SERVER_MAX_REQUEST_BODY_BYTES}. */
    public String envName() {
        return ConfigKeys.envName(path);
    }

    /** The value when the key is not set; null for keys that are unset by default. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default column of docs/CONFIGURATION.md: the default in backquotes, or words such as {@code unset}. */
    public String documentedDefault() {
        return documentedDefault;
    }

    /** The meaning column of docs/CONFIGURATION.md. */
    public String doc() {
        return doc;
    }

    /** The Java type of the value, for the binder to check against the record component. */
    Class<?> javaType() {
        return type.javaType();
    }

    ValueType<T> type() {
        return type;
    }

    /** The value of this key in {@code values}, or its default. */
    T read(ConfigValues values) {
        return type.read(values, path, defaultValue);
    }

    @Override
    public String toString() {
        return path;
    }

    private static <T> T parseDefault(String path, ValueType<T> type, String defaultText) {
        try {
            return type.read(ConfigValues.of(Map.of(path, defaultText)), path, null);
        } catch (ConfigException e) {
            throw new IllegalStateException("the declared default of " + path + " is invalid: " + e.getMessage(), e);
        }
    }
}
