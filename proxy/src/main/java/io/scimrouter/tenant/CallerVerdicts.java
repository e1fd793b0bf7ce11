package io.scimrouter.tenant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The backend's verdicts on callers' credentials, remembered for a short time per project/environment and SHA-256
 * fingerprint of the {@code Authorization} value (the credential itself is never kept). Single flight: callers with
 * the same credential who ask at once share one check. A check that failed (backend unreachable) is not remembered:
 * Caffeine drops a future that completes exceptionally.
 */
public final class CallerVerdicts {
    private static final String NO_CREDENTIAL = "";

    private final AsyncCache<Key, CallerVerdict> cache;

    private record Key(String project, String environment, String fingerprint) {
    }

    /**
     * @param ttl     how long a verdict is kept after it was given
     * @param maxSize verdicts kept at most
     */
    public CallerVerdicts(Duration ttl, long maxSize, Ticker ticker) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxSize).ticker(ticker)
                .executor(Runnable::run).buildAsync();
    }

    /**
     * The verdict on {@code authorization} (null when the caller sent none) in this project and environment: the
     * remembered one, or the one {@code check} gets, started only when none is remembered or under way.
     */
    public CompletableFuture<CallerVerdict> verdict(String project, String environment, String authorization,
                                                    Supplier<CompletableFuture<CallerVerdict>> check) {
        String fingerprint = authorization == null ? NO_CREDENTIAL : TenantCacheKey.fingerprint(authorization);
        return cache.get(new Key(project, environment, fingerprint), (key, executor) -> check.get());
    }

    /** Verdicts kept now (for tests). */
    public long size() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }
}
