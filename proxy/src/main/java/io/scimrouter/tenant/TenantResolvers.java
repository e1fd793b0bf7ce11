package io.scimrouter.tenant;

import com.github.benmanes.caffeine.cache.Ticker;
import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Tenants;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/** Builds the tenant resolver from configuration: the static or HTTP directory, wrapped in the {@link TenantCache}. */
public final class TenantResolvers {
    /** How often a tenants file is checked for changes. */
    public static final Duration DEFAULT_FILE_POLL_INTERVAL = Duration.ofSeconds(2);
    /** Retry-After for a 503 when the directory cannot be asked. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private TenantResolvers() {
    }

    /**
     * Production wiring: system clock, real environment variables, and Caffeine's maintenance run by the thread that
     * triggers it. That is an event loop, and the work is small and amortised (a few buffered reads per drain); handed
     * to a pool instead, it cost the event loops a thread wake-up every few dozen cache hits, more than the work.
     */
    public static TenantCache create(Tenants config) {
        return create(config, Ticker.systemTicker(), Runnable::run, System::getenv, DEFAULT_FILE_POLL_INTERVAL);
    }

    /**
     * @param executor    runs Caffeine's maintenance and refresh bookkeeping; it must not block
     * @param environment environment variable lookup for {@code tenants.http.credentialEnv}
     */
    public static TenantCache create(Tenants config, Ticker ticker, Executor executor,
                                     UnaryOperator<String> environment, Duration filePollInterval) {
        Objects.requireNonNull(config, "tenants");
        Tenants.Cache cache = Objects.requireNonNull(config.cache(), "tenants.cache");
        TenantDirectory directory = directory(config, environment, filePollInterval);
        boolean keyedByCaller = config.http() != null && config.http().forwardCallerAuthorization();
        TenantCache.Settings settings = new TenantCache.Settings(cache.ttl(), cache.maxStale(), cache.negativeTtl(),
                cache.maxSize(), keyedByCaller, DEFAULT_RETRY_AFTER);
        return new TenantCache(directory, settings, ticker, executor);
    }

    private static TenantDirectory directory(Tenants config, UnaryOperator<String> environment,
                                             Duration filePollInterval) {
        List<Tenants.StaticTenants> listed = config.staticTenants() == null ? List.of() : config.staticTenants();
        if (config.http() != null) {
            if (!listed.isEmpty() || config.file() != null) {
                throw new ConfigException("tenants", "configure either static (list and/or file) or http, not both");
            }
            return new HttpTenantDirectory(config.http(), environment);
        }
        return new StaticTenantDirectory(listed, config.file(), filePollInterval);
    }
}
