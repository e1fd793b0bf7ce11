package io.scimrouter.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Server.Tls.Provider;

/** Which TLS implementation serves the listener: OpenSSL (netty-tcnative's BoringSSL) when it loads, else the JDK's. */
final class TlsProviders {
    private TlsProviders() {
    }

    /** The provider {@code setting} asks for; {@code openssl} where the native library cannot load is an error. */
    static SslProvider choose(Provider setting) {
        return switch (setting) {
            case JDK -> SslProvider.JDK;
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new ConfigException("server.tls.provider", "is openssl but OpenSSL cannot be loaded here ("
                            + cause() + "); write auto or jdk to use the JDK's TLS");
                }
                yield SslProvider.OPENSSL;
            }
        };
    }

    /** For the start-up log: which implementation, and why the JDK's when OpenSSL was not chosen. */
    static String describe(SslProvider provider, Provider setting) {
        if (provider == SslProvider.OPENSSL) {
            return "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)";
        }
        String jdk = "the JDK's TLS (Java " + Runtime.version().feature() + ")";
        if (setting == Provider.JDK) {
            return jdk + ", as server.tls.provider says";
        }
        return jdk + ": OpenSSL cannot be loaded here (" + cause() + ")";
    }

    private static String cause() {
        Throwable cause = OpenSsl.unavailabilityCause();
        if (cause == null) {
            return "no cause given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
