package io.scimrouter.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The whole configuration, typed and validated. Built by {@link ConfigLoader} from one YAML file plus
 * environment overrides; every record here is immutable. Nullable fields are documented as such.
 */
public record RouterConfig(
        Server server,
        Backend backend,
        Routing routing,
        Tenants tenants,
        Rollout rollout,
        Rewrite rewrite,
        Admin admin,
        Metrics metrics,
        Log log) {

    /** Client-facing listener. */
    public record Server(
            String host,
            int port,
            URI publicUrl,              // nullable: then the validated Host header is the public origin
            long maxRequestBodyBytes,
            int maxHeaderBytes,
            int maxInitialLineLength,
            Duration clientIdleTimeout,
            Duration requestHeadTimeout, // from a request's first byte to its complete head (slow-header attacks)
            int workerThreads,          // 0: one per core
            Drain drain,
            Tls tls) {

        /** SIGTERM: readiness off at once, the listener closed after {@code delay}, exchanges in flight waited for. */
        public record Drain(Duration delay, Duration timeout) { // delay may be zero
        }

        /** TLS on the client listener: on when {@link #certificateFile} is set (then so is the key). */
        public record Tls(
                Path certificateFile,           // nullable: plain HTTP
                Path privateKeyFile,            // nullable exactly when certificateFile is
                List<String> protocols,         // TLSv1.3, TLSv1.2 in canonical spelling
                ClientAuth clientAuth,
                Path clientCaFile,              // nullable; set exactly when clientAuth is not NONE
                Provider provider,
                Duration reloadCheckInterval) { // the files are compared this often besides on file events

            public boolean enabled() {
                return certificateFile != null;
            }

            /** Client certificates: not asked for, checked when sent, or required. */
            public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

            /** Which TLS implementation: OpenSSL when it loads, else the JDK's; or one of them for certain. */
            public enum Provider { AUTO, OPENSSL, JDK }
        }
    }

    /** The legacy SCIM service and how the router talks to it. */
    public record Backend(
            URI url,                    // nullable: then the embedded demo SCIM service is started
            URI tenantAwareUrl,         // nullable: /v2 traffic goes to url
            Duration connectTimeout,
            Duration responseTimeout,
            Duration idleTimeout,
            int maxConnectionsPerLoop,
            boolean preserveHost,
            Tls tls) {

        /** How https backends are trusted. */
        public record Tls(Path caFile) { // nullable: the JDK's default trust store
        }
    }

    /** URL grammar parameters. */
    public record Routing(
            String basePath,
            String tenantHeader,
            String defaultTenant,
            Pattern tenantPattern,
            List<String> endpoints) {
    }

    /** Tenant directory: exactly one of static (list and/or file) or http. */
    public record Tenants(
            List<StaticTenants> staticTenants, // empty when none listed
            Path file,                         // nullable
            Http http,                         // nullable
            Cache cache) {

        public record StaticTenants(String project, String environment, List<String> tenants) {
        }

        public record Http(
                String url,                    // template with {project}, {environment}, {tenant}
                Duration timeout,
                String credentialEnv,          // nullable: name of the environment variable with the credential
                boolean forwardCallerAuthorization) {
        }

        public record Cache(Duration ttl, Duration maxStale, Duration negativeTtl, long maxSize) {
        }
    }

    /** Which project/environment pairs may use the /v2 forms. Rules: "p1/e1", "p1/*", "*". */
    public record Rollout(List<String> allow, List<String> deny) {
    }

    /** URL rewriting in JSON bodies and headers of /v2 routes. */
    public record Rewrite(
            boolean enabled,
            List<URI> backendBaseUrls,
            boolean compressResponses,
            int maxStringLength,
            int maxNestingDepth) {
    }

    /** Admin listener: probes, metrics, cache control. */
    public record Admin(
            String host,
            int port,                   // 0: any free port, -1: disabled
            String tokenEnv,            // nullable: NAME of the variable holding the token for mutating endpoints
            Readiness readiness) {

        /** When /readyz says the router cannot serve. */
        public record Readiness(int backendFailures) { // consecutive failed backend connects
        }
    }

    /** Prometheus metrics on the admin listener. */
    public record Metrics(boolean tenantLabel, int maxTenants) {
    }

    /** Logging: the application log's level and the access log. */
    public record Log(Level level, Access access) {

        /** One line per exchange. */
        public record Access(AccessLogFormat format) {
        }
    }

    /** log.level */
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    /** log.access.format */
    public enum AccessLogFormat { JSON, TEXT, OFF }
}
