package io.scimrouter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.server.ClientConnections;
import io.scimrouter.server.ExchangeListener;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.upstream.UpstreamPools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The router's metrics: one Prometheus registry per router (two routers in one JVM, as in tests, do not mix), the
 * per-exchange meters ({@link #exchanges()}), and gauges of the tenant cache, the connections, the JVM and Netty's
 * direct memory, read when scraped. {@link #scrape} answers {@code GET /metrics} in the format the scraper asks for.
 */
public final class RouterMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The Prometheus text format, what every scraper reads. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0, for scrapers that ask for it. */
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private final ExchangeMetrics exchanges;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private Supplier<TenantCache> tenantCache;

    /** A scrape's body and its Content-Type. */
    public record Scrape(String contentType, byte[] body) {
    }

    public RouterMetrics(RouterConfig.Metrics config) {
        exchanges = new ExchangeMetrics(registry, config.tenantLabel(), config.maxTenants());
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        bindNettyMemory();
    }

    /** Records every exchange's end; hand to the proxy's {@code ProxyContext}. */
    public ExchangeListener exchanges() {
        return exchanges;
    }

    /**
     * Tenant lookups: cache hits and misses, directory loads and failures, stale answers, directory latency. Read from
     * the cache in force when scraped: a reload that changes the tenants section starts a new cache, whose counts
     * start at zero (a counter reset, which Prometheus' {@code rate} and {@code increase} take in their stride).
     */
    public void bindTenantCache(Supplier<TenantCache> current) {
        tenantCache = current; // Micrometer holds the owner of a function counter weakly
        functionCounter("scim.router.tenant.lookups", "Tenant lookups answered from the cache (hit) or not (miss)",
                current, "result", "hit", c -> c.get().stats().hitCount());
        functionCounter("scim.router.tenant.lookups", "Tenant lookups answered from the cache (hit) or not (miss)",
                current, "result", "miss", c -> c.get().stats().missCount());
        functionCounter("scim.router.tenant.directory.loads", "Tenant directory calls, background refreshes included",
                current, "result", "success", c -> c.get().stats().loadSuccessCount());
        functionCounter("scim.router.tenant.directory.loads", "Tenant directory calls, background refreshes included",
                current, "result", "failure", c -> c.get().stats().loadFailureCount());
        FunctionCounter.builder("scim.router.tenant.stale.served", current,
                        c -> c.get().stats().staleServedCount())
                .description("Known tenants answered from a stale entry while the directory failed")
                .register(registry);
        Gauge.builder("scim.router.tenant.cache.size", current, c -> c.get().stats().size())
                .description("Tenant cache entries").register(registry);
        timeDirectoryCalls(current.get());
    }

    /** The directory latency of {@code cache}: at start, and for each cache a reload starts. */
    public void timeDirectoryCalls(TenantCache cache) {
        Timer directory = Timer.builder("scim.router.tenant.directory.duration")
                .description("Tenant directory calls, answered or failed")
                .serviceLevelObjectives(ExchangeMetrics.BUCKETS).register(registry);
        cache.onDirectoryCall(nanos -> directory.record(nanos, TimeUnit.NANOSECONDS));
    }

    /**
     * One more reload of the configuration file with this result ({@code success}, {@code failed}, {@code refused},
     * {@code unchanged}); every result is shown from the start, at zero.
     */
    public void countConfigReload(String result) {
        configReloads(result).increment();
    }

    /** Registers {@code scim_router_config_reloads_total} with each of {@code results} at zero. */
    public void showConfigReloads(List<String> results) {
        results.forEach(this::configReloads);
    }

    private Counter configReloads(String result) {
        return Counter.builder("scim.router.config.reloads")
                .description("Reloads of the configuration file, by result").tag("result", result).register(registry);
    }

    /** Open client connections; backend connections by state. */
    public void bindConnections(ClientConnections clients, UpstreamPools pools) {
        Gauge.builder("scim.router.client.connections", clients, ClientConnections::open)
                .description("Open client connections").register(registry);
        Gauge.builder("scim.router.upstream.connections", pools, UpstreamPools::idleConnections)
                .description("Pooled backend connections by state").tag("state", "idle").register(registry);
        Gauge.builder("scim.router.upstream.connections", pools,
                        p -> Math.max(0, p.openConnections() - p.idleConnections()))
                .description("Pooled backend connections by state").tag("state", "active").register(registry);
    }

    /** {@code scim_router_shadow_total{result}}: every result shown from the start, at 0. */
    public void bindShadow(java.util.List<String> results) {
        for (String result : results) {
            shadowCounter(result);
        }
    }

    /** One shadow comparison ended with {@code result} (match, mismatch, error, dropped). */
    public void countShadow(String result) {
        shadowCounter(result).increment();
    }

    private io.micrometer.core.instrument.Counter shadowCounter(String result) {
        return io.micrometer.core.instrument.Counter.builder("scim.router.shadow")
                .description("Shadow comparisons of legacy reads with the tenant-aware upstream (rollout.shadow)")
                .tag("result", result).register(registry);
    }

    /** A gauge of the router's own state (readiness, ...). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A counter kept elsewhere (the access log's dropped lines), read when scraped. */
    public <T> void counter(String name, String description, T owner, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, owner, value).description(description).register(registry);
    }

    /**
     * The scrape in the format {@code accept} asks for: OpenMetrics when the scraper says
     * {@code application/openmetrics-text}, else the Prometheus text format.
     */
    public Scrape scrape(String accept) {
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT
                : PROMETHEUS_TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            registry.scrape(out, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return new Scrape(contentType, out.toByteArray());
    }

    /** The sum of the counters named {@code name} (Micrometer's dotted name) with these tags (key, value, ...). */
    public double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private void bindNettyMemory() {
        Gauge.builder("scim.router.netty.direct.memory.used", () -> Math.max(0, PlatformDependent.usedDirectMemory()))
                .description("Direct memory Netty counts as reserved (0 when it does not count)").baseUnit("bytes")
                .register(registry);
        Gauge.builder("scim.router.netty.direct.memory.max", PlatformDependent::maxDirectMemory)
                .description("The direct memory limit Netty counts against (-XX:MaxDirectMemorySize or "
                        + "io.netty.maxDirectMemory)").baseUnit("bytes").register(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            Gauge.builder("scim.router.netty.allocator.memory.used", provider,
                            p -> p.metric().usedDirectMemory())
                    .description("Memory held by Netty's buffer allocator").tag("kind", "direct").baseUnit("bytes")
                    .register(registry);
            Gauge.builder("scim.router.netty.allocator.memory.used", provider, p -> p.metric().usedHeapMemory())
                    .description("Memory held by Netty's buffer allocator").tag("kind", "heap").baseUnit("bytes")
                    .register(registry);
        }
    }

    private <T> void functionCounter(String name, String description, T owner, String tag, String value,
                                     ToDoubleFunction<T> read) {
        FunctionCounter.builder(name, owner, read).description(description).tag(tag, value).register(registry);
    }
}
