package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Server;

import java.util.Map;

/** The rules that compare two keys; each key's own rules come with its {@link ValueType}. */
final class CrossKeyRules {
    /** Shortest admin token accepted. */
    static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    private CrossKeyRules() {
    }

    /** The default tenant is sent as a tenant key, so it must be one. */
    static void checkDefaultTenant(ConfigValues values, Routing routing) {
        if (!routing.tenantPattern().matcher(routing.defaultTenant()).matches()) {
            throw values.fail("routing.defaultTenant", Syntax.quote(routing.defaultTenant())
                    + " does not match routing.tenantPattern " + routing.tenantPattern().pattern());
        }
    }

    /** Two listeners on one port and overlapping addresses: the second bind would fail at start, less clearly. */
    static void checkAdminPort(ConfigValues values, Admin admin, Server server) {
        String host = admin.host();
        boolean sameAddress = host.equals(server.host()) || isWildcard(host) || isWildcard(server.host());
        if (admin.port() > 0 && admin.port() == server.port() && sameAddress) {
            throw values.fail("admin.port", admin.port() + " is already server.port; choose another port, "
                    + "0 for any free port or -1 to disable the admin listener");
        }
    }

    /**
     * An admin token, when its variable is set, must be long enough that guessing it is hopeless. An unset variable
     * is no error: the mutating endpoints then answer loopback callers only, which is the safe side (logged at start).
     */
    static void checkAdminToken(ConfigValues values, Admin admin, Map<String, String> env) {
        String name = admin.tokenEnv();
        String token = name == null ? null : env.get(name);
        if (token == null || token.isBlank()) {
            return;
        }
        if (token.strip().length() < MIN_ADMIN_TOKEN_LENGTH) {
            // the length only: the token itself never appears in a message
            throw values.fail("admin.tokenEnv", "the token in " + name + " is shorter than " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters");
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
