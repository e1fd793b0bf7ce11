package io.scimrouter.config;

import java.util.List;
import java.util.Locale;

/**
 * Every configuration key by its dotted path. The one list behind unknown-key errors, environment variable names
 * and the tests that keep the shipped files and docs/CONFIGURATION.md complete.
 */
public final class ConfigKeys {
    /** Prefix of every environment override: {@code SCIM_ROUTER_} + the key path in UPPER_SNAKE. */
    public static final String ENV_PREFIX = "SCIM_ROUTER_";

    /** All leaf keys, in the order of the records. */
    public static final List<String> ALL = List.of(
            "server.host", "server.port", "server.publicUrl", "server.maxRequestBodyBytes", "server.maxHeaderBytes",
            "server.maxInitialLineLength", "server.clientIdleTimeout", "server.requestHeadTimeout",
            "server.workerThreads",
            "backend.url", "backend.tenantAwareUrl", "backend.connectTimeout", "backend.responseTimeout",
            "backend.idleTimeout", "backend.maxConnectionsPerLoop", "backend.preserveHost",
            "routing.basePath", "routing.tenantHeader", "routing.defaultTenant", "routing.tenantPattern",
            "routing.endpoints",
            "tenants.static", "tenants.file",
            "tenants.http.url", "tenants.http.timeout", "tenants.http.credentialEnv",
            "tenants.http.forwardCallerAuthorization",
            "tenants.cache.ttl", "tenants.cache.maxStale", "tenants.cache.negativeTtl", "tenants.cache.maxSize",
            "rollout.tenantAware.allow", "rollout.tenantAware.deny",
            "rewrite.enabled", "rewrite.backendBaseUrls", "rewrite.compressResponses", "rewrite.maxStringLength",
            "rewrite.maxNestingDepth",
            "admin.host", "admin.port");

    private ConfigKeys() {
    }

    /** {@code server.maxRequestBodyBytes} becomes {@code SCIM_ROUTER_SERVER_MAX_REQUEST_BODY_BYTES}. */
    public static String envName(String key) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        char previous = '.';
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.') {
                name.append('_');
            } else {
                if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
                    name.append('_');
                }
                name.append(Character.toUpperCase(c));
            }
            previous = c;
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    static boolean isKey(String path) {
        return ALL.contains(path);
    }

    /** A section is a strict prefix of some key: {@code tenants}, {@code tenants.http}. */
    static boolean isSection(String path) {
        return ALL.stream().anyMatch(key -> key.startsWith(path + "."));
    }

    /** Names directly under a section ({@code ""} for the root). */
    static List<String> childrenOf(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        return ALL.stream()
                .filter(key -> key.startsWith(prefix))
                .map(key -> key.substring(prefix.length()).split("\\.", 2)[0])
                .distinct()
                .toList();
    }
}
