package io.scimrouter.config;

import java.util.List;
import java.util.Locale;

/**
 * What one reload of the configuration file did, as {@code POST /config/reload} answers it and the
 * {@code scim_router_config_reloads_total{result}} counter counts it.
 *
 * @param result  what happened
 * @param message one line for the operator: what changed, or why nothing did (names keys, never values)
 * @param keys    the keys that changed ({@link Result#SUCCESS}), or that cannot change without a restart
 *                ({@link Result#REFUSED}); empty otherwise
 */
public record ReloadOutcome(Result result, String message, List<String> keys) {

    /** The four ways a reload ends; {@link #label()} is the metric's {@code result} label. */
    public enum Result {
        /** The new configuration is in force for every exchange that starts from now on. */
        SUCCESS,
        /** The file is invalid (or a file it names cannot be used): the running configuration stays. */
        FAILED,
        /** The file changes keys that need a restart: nothing of it is applied. */
        REFUSED,
        /** The file means the configuration in force: nothing to do. */
        UNCHANGED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReloadOutcome {
        keys = List.copyOf(keys);
    }

    public static ReloadOutcome success(List<String> changed) {
        return new ReloadOutcome(Result.SUCCESS, "applied: " + String.join(", ", changed), changed);
    }

    public static ReloadOutcome failed(String problem) {
        return new ReloadOutcome(Result.FAILED, problem + "; the running configuration stays", List.of());
    }

    public static ReloadOutcome refused(List<String> keys) {
        return new ReloadOutcome(Result.REFUSED, "not reloadable, restart to change: " + String.join(", ", keys)
                + "; the running configuration stays", keys);
    }

    public static ReloadOutcome unchanged() {
        return new ReloadOutcome(Result.UNCHANGED, "the file means the configuration in force", List.of());
    }
}
