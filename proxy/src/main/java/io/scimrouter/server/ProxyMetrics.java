package io.scimrouter.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/** Counters of events worth an operator's attention; registered in Micrometer's global registry. */
public final class ProxyMetrics {
    static {
        // the global registry is a composite that records nothing until a registry is added to it
        if (Metrics.globalRegistry.getRegistries().isEmpty()) {
            Metrics.addRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        }
    }

    /** Answers from the backend on /v2 routes whose JSON did not parse: passed through from the error on. */
    public static final Counter MALFORMED_BACKEND_JSON = Counter.builder("scim.router.rewrite.malformed")
            .tag("side", "backend").description("answer bodies that were not valid JSON")
            .register(Metrics.globalRegistry);
    /** Request bodies on /v2 routes whose JSON did not parse: forwarded unchanged. */
    public static final Counter MALFORMED_CLIENT_JSON = Counter.builder("scim.router.rewrite.malformed")
            .tag("side", "client").description("request bodies that were not valid JSON")
            .register(Metrics.globalRegistry);
    /** URLs rewritten in bodies, both directions. */
    public static final Counter URLS_REWRITTEN = Counter.builder("scim.router.rewrite.urls")
            .description("URL values rewritten in JSON bodies").register(Metrics.globalRegistry);

    /** Requests refused by a request rate (429). */
    public static final Counter LIMIT_RATE = refused("rate");
    /** Requests refused by a cap of requests in progress (503). */
    public static final Counter LIMIT_CONCURRENCY = refused("concurrency");
    /** Requests refused because the backend's wait queue was full (503). */
    public static final Counter LIMIT_UPSTREAM_QUEUE_FULL = refused("upstream_queue_full");
    /** Requests refused after waiting for the backend longer than the queue timeout (503). */
    public static final Counter LIMIT_UPSTREAM_QUEUE_TIMEOUT = refused("upstream_queue_timeout");
    /** Checks of an unknown tenant's caller with the legacy backend (cache misses only). */
    public static final Counter CALLER_CHECKS = Counter.builder("scim.router.tenants.caller_checks")
            .description("requests to the legacy backend that checked an unknown tenant's caller")
            .register(Metrics.globalRegistry);

    private static Counter refused(String reason) {
        return Counter.builder("scim.router.limits.refused").tag("reason", reason)
                .description("requests refused by the overload limits").register(Metrics.globalRegistry);
    }

    private ProxyMetrics() {
    }
}
