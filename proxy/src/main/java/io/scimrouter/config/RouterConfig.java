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
        Admin admin) {

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
            int workerThreads) {        // 0: one per core

        /** Small request bodies received whole before the backend is asked. */
        public record RequestBuffer(
                long maxBytes,          // 0: every body streams
                long totalBytes) {      // all exchanges together
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
            boolean preserveHost) {
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

    /** Admin listener: health, metrics, cache control. */
    public record Admin(String host, int port) { // port 0: any free port, -1: disabled
    }
}
