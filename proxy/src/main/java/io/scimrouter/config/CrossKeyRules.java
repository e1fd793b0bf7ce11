package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Server;

/** The rules that compare two keys; each key's own rules come with its {@link ValueType}. */
final class CrossKeyRules {
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

    /** A request of requestBuffer.maxBytes must fit the total, or that limit would never be reached. */
    static void checkRequestBuffer(ConfigValues values, Server server) {
        Server.RequestBuffer buffer = server.requestBuffer();
        if (buffer.maxBytes() > buffer.totalBytes()) {
            throw values.fail("server.requestBuffer.totalBytes", buffer.totalBytes()
                    + " is below server.requestBuffer.maxBytes (" + buffer.maxBytes() + "); raise it, or lower "
                    + "server.requestBuffer.maxBytes");
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
