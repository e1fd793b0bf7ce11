package io.scimrouter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scimrouter.server.ExchangeListener;
import io.scimrouter.server.ExchangeOutcome;
import io.scimrouter.server.ResponseFlag;
import io.scimrouter.server.RouteLabel;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The per-exchange metrics, recorded at each exchange's end on its event loop. Every meter is resolved once per
 * label combination (on first use, then kept in an array indexed by route, method and status class), so recording
 * is array lookups and increments: no tags built, no maps of boxed keys, no allocation.
 */
final class ExchangeMetrics implements ExchangeListener {
    static final String REQUESTS = "scim.router.requests";
    static final String DURATION = "scim.router.request.duration";
    static final String FIRST_BYTE = "scim.router.upstream.first.byte";
    static final String UPSTREAM_ERRORS = "scim.router.upstream.errors";
    static final String LIMITS_REFUSED = "scim.router.limits.refused";
    static final String RESPONSE_FLAGS = "scim.router.response.flags";
    /** Histogram buckets of both durations: SCIM calls take milliseconds; a slow backend, seconds. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30)};
    /** The tenant label of requests that name no known tenant: legacy, rejected, unknown tenants. */
    static final String NO_TENANT = "none";
    static final String OTHER_TENANTS = "other";

    private static final RouteLabel[] ROUTES = RouteLabel.values();
    private static final int METHODS = MetricLabels.METHODS.length;
    private static final int STATUSES = MetricLabels.STATUSES.length;

    private final MeterRegistry registry;
    private final boolean tenantLabel;
    private final int maxTenants;
    /** Without the tenant label: one array for all; with it, one per tenant (capped), and one for the rest. */
    private final Counter[] requests = newRequestArray();
    private final Map<String, Counter[]> requestsByTenant = new ConcurrentHashMap<>();
    private final Counter[] requestsOfOtherTenants = newRequestArray();
    private final Counter[] requestsWithoutTenant = newRequestArray();
    private final Timer[] durations = new Timer[ROUTES.length];
    private final Timer[] firstBytes = new Timer[ROUTES.length];
    private final Counter[] flagCounters = new Counter[Integer.SIZE];
    private final Counter[] upstreamErrors = new Counter[Integer.SIZE];
    private final Counter[] limitRefusals = new Counter[Integer.SIZE];
    private final Counter urlsRewritten;
    private final Counter requestBytesRewritten;
    private final Counter responseBytesRewritten;

    ExchangeMetrics(MeterRegistry registry, boolean tenantLabel, int maxTenants) {
        this.registry = registry;
        this.tenantLabel = tenantLabel;
        this.maxTenants = maxTenants;
        for (RouteLabel route : ROUTES) {
            durations[route.ordinal()] = Timer.builder(DURATION)
                    .description("From the request head to the end of the exchange")
                    .tag("route", route.label()).serviceLevelObjectives(BUCKETS).register(registry);
            firstBytes[route.ordinal()] = Timer.builder(FIRST_BYTE)
                    .description("From the request head to the head of the backend's answer")
                    .tag("route", route.label()).serviceLevelObjectives(BUCKETS).register(registry);
        }
        for (ResponseFlag flag : ResponseFlag.values()) {
            int bit = Integer.numberOfTrailingZeros(flag.mask());
            flagCounters[bit] = Counter.builder(RESPONSE_FLAGS)
                    .description("Exchanges by response flag (the access log's flags field)")
                    .tag("flag", flag.code()).register(registry);
            if (flag.upstreamErrorKind() != null) {
                upstreamErrors[bit] = Counter.builder(UPSTREAM_ERRORS)
                        .description("Backend connect failures, timeouts, resets, malformed answers, and retries")
                        .tag("kind", flag.upstreamErrorKind()).register(registry);
            }
            if (flag.limitReason() != null) {
                limitRefusals[bit] = Counter.builder(LIMITS_REFUSED)
                        .description("Requests refused by the overload limits (limits.*)")
                        .tag("reason", flag.limitReason()).register(registry);
            }
        }
        urlsRewritten = Counter.builder("scim.router.rewrite.urls")
                .description("URL values rewritten in JSON bodies, both directions").register(registry);
        requestBytesRewritten = Counter.builder("scim.router.rewrite.bytes").baseUnit("bytes")
                .description("Body bytes through the URL rewriter").tag("side", "request").register(registry);
        responseBytesRewritten = Counter.builder("scim.router.rewrite.bytes").baseUnit("bytes")
                .description("Body bytes through the URL rewriter").tag("side", "response").register(registry);
    }

    @Override
    public void onExchangeEnd(ExchangeOutcome outcome) {
        RouteLabel route = RouteLabel.of(outcome);
        int method = MetricLabels.method(outcome.method());
        int status = MetricLabels.status(outcome.status());
        Counter[] counters = tenantLabel ? tenantCounters(route, outcome) : requests;
        int index = (route.ordinal() * METHODS + method) * STATUSES + status;
        Counter counter = counters[index];
        if (counter == null) {
            counter = requestCounter(counters, index, route, method, status);
        }
        counter.increment();
        long start = outcome.startNanos();
        durations[route.ordinal()].record(outcome.endNanos() - start, TimeUnit.NANOSECONDS);
        long firstByte = outcome.firstByteNanos();
        if (firstByte != 0) {
            firstBytes[route.ordinal()].record(firstByte - start, TimeUnit.NANOSECONDS);
        }
        for (int rest = outcome.flags(); rest != 0; rest &= rest - 1) {
            int bit = Integer.numberOfTrailingZeros(rest);
            if (flagCounters[bit] != null) {
                flagCounters[bit].increment();
            }
            if (upstreamErrors[bit] != null) {
                upstreamErrors[bit].increment();
            }
            if (limitRefusals[bit] != null) {
                limitRefusals[bit].increment();
            }
        }
        long urls = outcome.urlsRewritten();
        if (urls != 0) {
            urlsRewritten.increment(urls);
        }
        long in = outcome.requestBytesRewritten();
        if (in != 0) {
            requestBytesRewritten.increment(in);
        }
        long out = outcome.responseBytesRewritten();
        if (out != 0) {
            responseBytesRewritten.increment(out);
        }
    }

    /** The counters of this exchange's tenant: its own while under the cap, else those of {@code other}. */
    private Counter[] tenantCounters(RouteLabel route, ExchangeOutcome outcome) {
        if (route == RouteLabel.REJECTED || route == RouteLabel.LEGACY || outcome.route().tenant() == null) {
            return requestsWithoutTenant; // an unknown tenant never takes one of the capped values
        }
        String tenant = outcome.route().tenant();
        Counter[] counters = requestsByTenant.get(tenant);
        return counters != null ? counters : addTenant(tenant);
    }

    private synchronized Counter[] addTenant(String tenant) {
        Counter[] counters = requestsByTenant.get(tenant);
        if (counters == null) {
            if (requestsByTenant.size() >= maxTenants) {
                return requestsOfOtherTenants;
            }
            counters = newRequestArray();
            requestsByTenant.put(tenant, counters);
        }
        return counters;
    }

    /** First use of a label combination: registered once, kept in its slot (a race registers the same meter). */
    private Counter requestCounter(Counter[] counters, int index, RouteLabel route, int method, int status) {
        Counter.Builder builder = Counter.builder(REQUESTS)
                .description("Requests by route, method and status class")
                .tag("route", route.label())
                .tag("method", MetricLabels.METHODS[method])
                .tag("status", MetricLabels.STATUSES[status]);
        if (tenantLabel) {
            builder.tag("tenant", tenantOf(counters));
        }
        Counter counter = builder.register(registry);
        counters[index] = counter;
        return counter;
    }

    private String tenantOf(Counter[] counters) {
        if (counters == requestsWithoutTenant) {
            return NO_TENANT;
        }
        if (counters == requestsOfOtherTenants) {
            return OTHER_TENANTS;
        }
        for (Map.Entry<String, Counter[]> entry : requestsByTenant.entrySet()) {
            if (entry.getValue() == counters) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("counters of no tenant");
    }

    private static Counter[] newRequestArray() {
        return new Counter[ROUTES.length * METHODS * STATUSES];
    }
}
