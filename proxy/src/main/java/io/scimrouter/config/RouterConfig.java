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
        Shadow shadow,
        Rewrite rewrite,
        Limits limits,
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
            Duration requestBodyTimeout, // the longest gap between two pieces of a request body
            RequestBuffer requestBuffer,
            List<CidrBlock> trustedProxies, // peers whose X-Forwarded-* headers are believed; empty: none
            int workerThreads,          // 0: one per core
            SocketTransport transport,
            Drain drain,
            Tls tls) {

        /** Small request bodies received whole before the backend is asked. */
        public record RequestBuffer(
                long maxBytes,          // 0: every body streams
                long totalBytes) {      // all exchanges together
        }

        /** The sockets' event loops: the best that works here, or one for certain. */
        public enum SocketTransport { AUTO, IO_URING, EPOLL, NIO }

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
            Cache cache,
            Unknown unknown) {

        /** The directory and cache as given, without the caller check before a 404 (embedders and tests). */
        public Tenants(List<StaticTenants> staticTenants, Path file, Http http, Cache cache) {
            this(staticTenants, file, http, cache, Unknown.OFF);
        }

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

        /**
         * What happens before an unknown tenant is answered 404: the legacy backend is asked whether the caller's
         * credential is valid ({@code verifyPath}), so that a caller without one gets the backend's 401/403 for
         * known and unknown tenants alike.
         */
        public record Unknown(boolean verifyCaller, String verifyPath, Duration verdictTtl, long maxSize) {
            /** No caller check: an unknown tenant is answered 404 at once. */
            public static final Unknown OFF = new Unknown(false, "{basePath}/{project}/{environment}/Users?count=0",
                    Duration.ofSeconds(60), 10_000);
        }
    }

    /** Which project/environment pairs may use the /v2 forms. Rules: "p1/e1", "p1/*", "*". */
    public record Rollout(List<String> allow, List<String> deny) {
    }

    /**
     * Shadow comparison ({@code rollout.shadow}): a sample of legacy reads of the listed project/environment pairs
     * is fetched again from the legacy and the tenant-aware upstream after the client's answer, and compared.
     *
     * @param projects rollout rules; empty: off
     */
    public record Shadow(List<String> projects, double sampleRate, int maxConcurrent, Duration timeout,
                         int maxBodyBytes) {
        /** No shadow comparison (the default: no projects listed). */
        public static final Shadow OFF = new Shadow(List.of(), 0.01, 4, Duration.ofSeconds(5), 1024 * 1024);

        public boolean enabled() {
            return !projects.isEmpty() && sampleRate > 0;
        }
    }

    /** URL rewriting in JSON bodies and headers of /v2 routes. */
    public record Rewrite(
            boolean enabled,
            List<URI> backendBaseUrls,
            boolean compressResponses,
            int maxStringLength,
            int maxNestingDepth) {
    }

    /**
     * Overload protection, off by default (every limit 0): request rates and requests in progress per
     * project/environment and per tenant, requests in progress per backend origin with a short wait queue.
     */
    public record Limits(Rate rate, Concurrency concurrency, PerUpstream upstream, Cache cache) {
        /** Every limit off: the request path does not even look limits up. */
        public static final Limits OFF = new Limits(new Rate(new Bucket(0, 0), new Bucket(0, 0)),
                new Concurrency(0, 0), new PerUpstream(0, 100, Duration.ofSeconds(1)),
                new Cache(100_000, Duration.ofMinutes(10)));

        /** Token buckets; a rate of 0 is no limit. */
        public record Rate(Bucket perProjectEnvironment, Bucket perTenant) {
        }

        /** @param burst requests a full bucket admits at once; 0: {@code requestsPerSecond} */
        public record Bucket(int requestsPerSecond, int burst) {
        }

        /** Requests in progress at once; 0 is no limit. */
        public record Concurrency(int perProjectEnvironment, int perTenant) {
        }

        /** Requests in progress per backend origin; 0 is no limit. */
        public record PerUpstream(int maxInFlight, int maxQueue, Duration queueTimeout) {
        }

        /** How many scopes' limit state is kept, and for how long unused. */
        public record Cache(long maxSize, Duration expireAfterAccess) {
        }
    }

    /** Admin listener: probes, metrics, cache control. */
    public record Admin(
            String host,
            int port,                   // 0: any free port, -1: disabled
            String tokenEnv,            // nullable: NAME of the variable holding the token for mutating endpoints
            Readiness readiness,
            Peers peers) {

        /** Without peers (embedders and tests). */
        public Admin(String host, int port, String tokenEnv, Readiness readiness) {
            this(host, port, tokenEnv, readiness, Peers.NONE);
        }

        /** When /readyz says the router cannot serve. */
        public record Readiness(int backendFailures) { // consecutive failed backend connects
        }

        /** The other replicas, for cache invalidations with {@code scope=cluster}. */
        public record Peers(String dns, Duration timeout) { // dns nullable: no peers
            public static final Peers NONE = new Peers(null, Duration.ofSeconds(2));
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
