package io.scimrouter.config;

/** Invalid configuration; the message names the key and the problem. The process exits with status 2. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
