package io.scimrouter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code SCIM_ROUTER_} variable that names no key is a mistake ({@code SCIM_ROUTER_SERVER_PROT=8081} would
 * otherwise be ignored without a word, while a mistyped YAML key stops the router). The exceptions are the variables
 * that a {@code *Env} key names: they hold credentials ({@code tenants.http.credentialEnv:
 * SCIM_ROUTER_DIRECTORY_TOKEN}), and their values never appear in a message.
 */
final class EnvironmentNames {
    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private EnvironmentNames() {
    }

    /** Fails on the first (alphabetically) {@code SCIM_ROUTER_} variable that is neither a key nor named by one. */
    static void checkAllKnown(Map<String, String> env, ConfigValues values) {
        Set<String> known = new TreeSet<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            known.add(key.envName());
        }
        Set<String> credentials = credentialVariables(values);
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(ConfigKeys.ENV_PREFIX) && !known.contains(name) && !credentials.contains(name)) {
                throw new ConfigException(name, "names no configuration key" + suggestion(name, known)
                        + "; a variable that holds a credential must be named by a *Env key, such as "
                        + "tenants.http.credentialEnv or admin.tokenEnv");
            }
        }
    }

    /** The values of the keys whose name ends in {@code Env}: names of variables holding credentials. */
    private static Set<String> credentialVariables(ConfigValues values) {
        Set<String> names = new TreeSet<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (key.path().endsWith("Env") && values.get(key) instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    private static String suggestion(String name, Set<String> known) {
        List<String> closest = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = ConfigValues.editDistance(name.toUpperCase(Locale.ROOT), candidate);
            if (distance < best) {
                best = distance;
                closest.clear();
            }
            if (distance == best) {
                closest.add(candidate);
            }
        }
        if (best > MAX_SUGGESTION_DISTANCE) {
            return " (see docs/CONFIGURATION.md for the variables)";
        }
        return " (did you mean " + String.join(" or ", closest) + "?)";
    }
}
