package io.scimrouter.tenant;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The tenant directory behind a Caffeine cache; what the request pipeline asks for every explicit-tenant request.
 *
 * <ul>
 *   <li>single flight: concurrent misses on one key share one directory call;</li>
 *   <li>after {@code ttl} an entry is refreshed in the background while the old answer keeps serving;</li>
 *   <li>a failed refresh keeps a known tenant working until {@code max(ttl, maxStale)} after its last successful
 *       load (the entry then expires, and the next failure on the now uncached key answers Unavailable);</li>
 *   <li>unknown tenants live for {@code negativeTtl}; rejected callers are not cached at all;</li>
 *   <li>a failure on an uncached key is Unavailable (503), never Unknown, and is not cached.</li>
 * </ul>
 * A hit allocates only the key: the cached entry holds an already completed future to hand out.
 */
public final class TenantCache implements TenantResolver {
    private static final Logger LOG = LoggerFactory.getLogger(TenantCache.class);

    /**
     * @param keyedByCallerAuthorization the directory is asked with the caller's credential
     *                                   (tenants.http.forwardCallerAuthorization), so it is part of the key
     * @param retryAfter                 Retry-After sent with Unavailable
     */
    public record Settings(
            Duration ttl,
            Duration maxStale,
            Duration negativeTtl,
            long maxSize,
            boolean keyedByCallerAuthorization,
            Duration retryAfter) {

        public Settings {
            requirePositive(ttl, "ttl");
            requireNonNegative(maxStale, "maxStale");
            requireNonNegative(negativeTtl, "negativeTtl");
            requireNonNegative(retryAfter, "retryAfter");
            if (maxSize < 0) {
                throw new IllegalArgumentException("maxSize must not be negative");
            }
        }

        private static void requirePositive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }

        private static void requireNonNegative(Duration value, String name) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
        }
    }

    /**
     * A cached answer, with the future handed out on every hit and the ticker time it stops being usable; stale when
     * its refresh failed and it is served while the directory is down.
     */
    private record Entry(CompletableFuture<TenantDecision> decision, long expiresAtNanos, boolean stale) {
        Entry(CompletableFuture<TenantDecision> decision, long expiresAtNanos) {
            this(decision, expiresAtNanos, false);
        }

        Entry asStale() {
            return stale ? this : new Entry(decision, expiresAtNanos, true);
        }
    }

    private final TenantDirectory directory;
    private final Settings settings;
    private final Ticker ticker;
    private final AsyncLoadingCache<TenantCacheKey, Entry> cache;
    private final CompletableFuture<TenantDecision> deniedWithoutCredential =
            CompletableFuture.completedFuture(new TenantDecision.Denied(401));
    private final CompletableFuture<TenantDecision> unavailable;
    private final LongAdder failedRefreshes = new LongAdder();
    private final LongAdder staleServed = new LongAdder();
    private volatile LongConsumer directoryCallNanos = nanos -> { };
    private final AtomicBoolean directoryHealthy = new AtomicBoolean(true);

    /**
     * Caffeine reports every failed asynchronous load with a stack trace (java.util.logging, WARNING); during a
     * directory outage that is one per request. The router logs the failure itself, briefly. Held in a field: JUL
     * keeps loggers weakly, and a collected one forgets its level.
     */
    private static final java.util.logging.Logger CAFFEINE_ASYNC_LOG =
            java.util.logging.Logger.getLogger("com.github.benmanes.caffeine.cache.LocalAsyncCache");

    static {
        CAFFEINE_ASYNC_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    public TenantCache(TenantDirectory directory, Settings settings, Ticker ticker, Executor executor) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        long retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
        this.unavailable = CompletableFuture.completedFuture(
                new TenantDecision.Unavailable(retryAfterSeconds, "tenant directory unavailable"));
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Objects.requireNonNull(executor, "executor"))
                .maximumSize(settings.maxSize())
                .refreshAfterWrite(settings.ttl())
                .expireAfter(new EntryExpiry())
                .recordStats()
                .buildAsync(new DirectoryLoader());
    }

    @Override
    public CompletableFuture<TenantDecision> resolve(TenantQuery query) {
        if (settings.keyedByCallerAuthorization() && query.authorization() == null) {
            // nothing to forward: the directory would refuse, so do not spend a call (or a cache entry) on it
            return deniedWithoutCredential;
        }
        CompletableFuture<Entry> entry = cache.get(TenantCacheKey.of(query, settings.keyedByCallerAuthorization()));
        if (entry.isDone() && !entry.isCompletedExceptionally()) {
            Entry hit = entry.join();
            if (hit.stale()) {
                staleServed.increment();
            }
            return hit.decision();
        }
        return entry.handle((loaded, failure) -> failure == null ? loaded.decision().join() : unavailable.join());
    }

    /** Tells {@code nanos} how long each directory call took (answered or failed); set before traffic starts. */
    public void onDirectoryCall(LongConsumer nanos) {
        this.directoryCallNanos = Objects.requireNonNull(nanos, "nanos");
    }

    /** Drops every cached answer for this tenant, whichever caller credential it was asked with. */
    public void invalidate(String project, String environment, String tenant) {
        List<TenantCacheKey> matching = cache.asMap().keySet().stream()
                .filter(key -> key.matches(project, environment, tenant))
                .toList();
        cache.synchronous().invalidateAll(matching);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    public TenantCacheStats stats() {
        CacheStats stats = cache.synchronous().stats();
        long refreshFailures = failedRefreshes.sum();
        // a failed refresh completes normally for Caffeine (it keeps the stale entry), so move it to the failures
        return new TenantCacheStats(
                cache.synchronous().estimatedSize(),
                stats.hitCount(),
                stats.missCount(),
                stats.hitRate(),
                Math.max(0, stats.loadSuccessCount() - refreshFailures),
                stats.loadFailureCount() + refreshFailures,
                stats.evictionCount(),
                staleServed.sum());
    }

    @Override
    public void close() {
        directory.close();
    }

    private Entry toEntry(DirectoryAnswer answer) {
        long now = ticker.read();
        directoryAnswered();
        if (answer instanceof DirectoryAnswer.Found found) {
            Duration usable = settings.ttl().compareTo(settings.maxStale()) >= 0 ? settings.ttl() : settings.maxStale();
            return new Entry(
                    CompletableFuture.completedFuture(new TenantDecision.Known(found.canonicalKey(), found.upstream())),
                    saturatedAdd(now, usable));
        }
        if (answer instanceof DirectoryAnswer.Rejected rejected) {
            // a credential may become valid any moment: hand the refusal to the waiting callers, do not keep it
            return new Entry(CompletableFuture.completedFuture(new TenantDecision.Denied(rejected.status())), now);
        }
        return new Entry(CompletableFuture.completedFuture(new TenantDecision.Unknown()),
                saturatedAdd(now, settings.negativeTtl()));
    }

    private void directoryAnswered() {
        if (directoryHealthy.compareAndSet(false, true)) {
            LOG.info("Tenant directory answers again");
        }
    }

    private void directoryFailed(TenantCacheKey key, Throwable failure) {
        if (directoryHealthy.compareAndSet(true, false)) {
            LOG.warn("Tenant directory failed for {}; serving cached tenants until they are too stale: {}",
                    key, failure.toString());
        } else {
            LOG.debug("Tenant directory still failing for {}: {}", key, failure.toString());
        }
    }

    private static long saturatedAdd(long nanos, Duration duration) {
        long add;
        try {
            add = duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long sum = nanos + add;
        return ((nanos ^ sum) & (add ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private final class DirectoryLoader implements AsyncCacheLoader<TenantCacheKey, Entry> {
        @Override
        public CompletableFuture<Entry> asyncLoad(TenantCacheKey key, Executor executor) {
            return lookup(key).thenApply(TenantCache.this::toEntry).whenComplete((entry, failure) -> {
                if (failure != null) {
                    directoryFailed(key, failure);
                }
            });
        }

        /**
         * A failed refresh keeps the old entry, with its original expiry, so a known tenant works until it is too
         * stale. Returning it (rather than failing) also restarts the ttl: the directory is asked again after ttl,
         * not on every request while it is down.
         */
        @Override
        public CompletableFuture<Entry> asyncReload(TenantCacheKey key, Entry oldEntry, Executor executor) {
            return lookup(key).handle((answer, failure) -> {
                if (failure == null) {
                    return toEntry(answer);
                }
                failedRefreshes.increment();
                directoryFailed(key, failure);
                return oldEntry.asStale();
            });
        }

        private CompletableFuture<DirectoryAnswer> lookup(TenantCacheKey key) {
            long start = ticker.read();
            CompletableFuture<DirectoryAnswer> answer;
            try {
                answer = directory.lookup(key.toQuery());
            } catch (RuntimeException e) { // a directory that throws instead of failing its future
                return CompletableFuture.failedFuture(e);
            }
            return answer.whenComplete((a, failure) -> directoryCallNanos.accept(ticker.read() - start));
        }
    }

    private static final class EntryExpiry implements Expiry<TenantCacheKey, Entry> {
        @Override
        public long expireAfterCreate(TenantCacheKey key, Entry entry, long currentTime) {
            return Math.max(0, entry.expiresAtNanos() - currentTime);
        }

        @Override
        public long expireAfterUpdate(TenantCacheKey key, Entry entry, long currentTime, long currentDuration) {
            return Math.max(0, entry.expiresAtNanos() - currentTime);
        }

        @Override
        public long expireAfterRead(TenantCacheKey key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
