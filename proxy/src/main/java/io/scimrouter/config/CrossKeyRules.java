package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Server;
import io.scimrouter.config.RouterConfig.Server.Tls;
import io.scimrouter.config.RouterConfig.Server.Tls.ClientAuth;

import java.util.Locale;

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

    /**
     * TLS is on with a certificate and its key; every other TLS key needs it on (a client-certificate rule left on a
     * plain listener would be silently ignored), and client certificates need the CAs to check them against.
     */
    static void checkServerTls(ConfigValues values, Tls tls) {
        if (tls.privateKeyFile() != null && tls.certificateFile() == null) {
            throw values.fail("server.tls.privateKeyFile", "is set but server.tls.certificateFile is not; set both "
                    + "to turn TLS on");
        }
        if (tls.certificateFile() != null && tls.privateKeyFile() == null) {
            throw values.fail("server.tls.privateKeyFile", "is required when server.tls.certificateFile is set");
        }
        if (!tls.enabled()) {
            for (ConfigKey<?> key : ConfigKeys.under("server.tls")) {
                if (values.isSet(key.path())) {
                    throw values.fail(key.path(), "is set but TLS is off: set server.tls.certificateFile and "
                            + "server.tls.privateKeyFile to turn it on");
                }
            }
            return;
        }
        if (tls.clientAuth() != ClientAuth.NONE && tls.clientCaFile() == null) {
            throw values.fail("server.tls.clientCaFile", "is required when server.tls.clientAuth is "
                    + tls.clientAuth().name().toLowerCase(Locale.ROOT)
                    + " (the CAs client certificates must chain to)");
        }
        if (tls.clientAuth() == ClientAuth.NONE && tls.clientCaFile() != null) {
            throw values.fail("server.tls.clientAuth", "is none but server.tls.clientCaFile is set: write optional "
                    + "or require to check client certificates, or remove the CA file");
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
