package io.scimrouter.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.scimrouter.config.RouterConfig.Limits;

import java.util.function.LongSupplier;

/**
 * Every limit of one configuration and its state: token buckets and counters of requests in progress per
 * project/environment and per tenant, and the gates per backend origin. Built once from the {@code limits} record;
 * a reloaded configuration builds a new one and swaps it in one step.
 *
 * <p>The state of each scope lives in a bounded Caffeine cache (maximum size, expiry after access): a flood of
 * made-up tenant names evicts idle scopes, it cannot grow the heap. A scope evicted while requests of it are in
 * progress starts afresh; those requests release into the state they took their place in, so no count goes wrong,
 * the cap is only loose for that moment. With every limit at 0, {@link #active} is false and the request path looks
 * nothing up.
 *
 * <p>Order of the checks, so that a refusal costs the other limits nothing: places in progress (project/environment,
 * then tenant), then tokens (tenant, then project/environment); whatever was taken before a refusal is given back.
 */
public final class Limiter {
    private static final Limiter OFF = new Limiter(Limits.OFF, System::nanoTime, Ticker.systemTicker());

    private final Limits limits;
    private final LongSupplier clock;
    private final boolean active;
    private final boolean gated;
    private final Cache<ScopeKey, ScopeState> scopes;
    private final Cache<Object, UpstreamGate> gates;

    private record ScopeKey(String project, String environment, String tenant) {
    }

    /** One scope's state; either part may be null when its limit is off. */
    private record ScopeState(TokenBucket bucket, InFlightCounter inFlight) {
    }

    private Limiter(Limits limits, LongSupplier clock, Ticker ticker) {
        this.limits = limits;
        this.clock = clock;
        this.active = on(limits.rate().perProjectEnvironment()) || on(limits.rate().perTenant())
                || limits.concurrency().perProjectEnvironment() > 0 || limits.concurrency().perTenant() > 0;
        this.gated = limits.upstream().maxInFlight() > 0;
        // maintenance on the calling thread, as the tenant cache does: handing it to a pool costs more than the work
        this.scopes = Caffeine.newBuilder().maximumSize(limits.cache().maxSize())
                .expireAfterAccess(limits.cache().expireAfterAccess()).ticker(ticker).executor(Runnable::run).build();
        this.gates = Caffeine.newBuilder().maximumSize(limits.cache().maxSize())
                .expireAfterAccess(limits.cache().expireAfterAccess()).ticker(ticker).executor(Runnable::run).build();
    }

    /** The limiter of {@code limits}, on the system clock. */
    public static Limiter of(Limits limits) {
        return of(limits, System::nanoTime, Ticker.systemTicker());
    }

    /**
     * @param clock  nanoseconds of a monotonic clock, for the token buckets
     * @param ticker the same time for Caffeine's expiry
     */
    public static Limiter of(Limits limits, LongSupplier clock, Ticker ticker) {
        return limits.equals(Limits.OFF) ? OFF : new Limiter(limits, clock, ticker);
    }

    /** No limit at all: nothing to check, nothing to hold. */
    public static Limiter off() {
        return OFF;
    }

    /** Some rate or concurrency limit applies: every request must go through {@link #admit}. */
    public boolean active() {
        return active;
    }

    /** The configuration this limiter was built from. */
    public Limits limits() {
        return limits;
    }

    /**
     * Admits one request of {@code project}/{@code environment} for {@code tenant}, or says which limit refuses it.
     * Call only when {@link #active}.
     */
    public LimitDecision admit(String project, String environment, String tenant) {
        ScopeState pe = state(new ScopeKey(project, environment, null), limits.rate().perProjectEnvironment(),
                limits.concurrency().perProjectEnvironment());
        ScopeState te = state(new ScopeKey(project, environment, tenant), limits.rate().perTenant(),
                limits.concurrency().perTenant());
        InFlightCounter peInFlight = pe == null ? null : pe.inFlight();
        InFlightCounter teInFlight = te == null ? null : te.inFlight();
        if (peInFlight != null && !peInFlight.tryAcquire()) {
            return new LimitDecision.ConcurrencyLimited(LimitDecision.Scope.PROJECT_ENVIRONMENT);
        }
        if (teInFlight != null && !teInFlight.tryAcquire()) {
            release(peInFlight);
            return new LimitDecision.ConcurrencyLimited(LimitDecision.Scope.TENANT);
        }
        long now = clock.getAsLong();
        TokenBucket teBucket = te == null ? null : te.bucket();
        long wait = teBucket == null ? 0 : teBucket.tryAcquire(now);
        if (wait > 0) {
            release(peInFlight);
            release(teInFlight);
            return new LimitDecision.RateLimited(LimitDecision.Scope.TENANT, wait);
        }
        TokenBucket peBucket = pe == null ? null : pe.bucket();
        wait = peBucket == null ? 0 : peBucket.tryAcquire(now);
        if (wait > 0) {
            if (teBucket != null) {
                teBucket.refund();
            }
            release(peInFlight);
            release(teInFlight);
            return new LimitDecision.RateLimited(LimitDecision.Scope.PROJECT_ENVIRONMENT, wait);
        }
        return new LimitDecision.Granted(peInFlight == null && teInFlight == null
                ? Permit.NONE : new Permit(peInFlight, teInFlight));
    }

    /** The gate of the backend origin {@code upstream} (any key with equals), or null when that limit is off. */
    public UpstreamGate gate(Object upstream) {
        if (!gated) {
            return null;
        }
        return gates.get(upstream, key -> new UpstreamGate(limits.upstream().maxInFlight(),
                limits.upstream().maxQueue()));
    }

    /** Scopes whose state is kept now (for tests and the admin side). */
    public long scopeCount() {
        scopes.cleanUp();
        return scopes.estimatedSize();
    }

    private ScopeState state(ScopeKey key, Limits.Bucket rate, int maxInFlight) {
        if (!on(rate) && maxInFlight <= 0) {
            return null;
        }
        return scopes.get(key, k -> new ScopeState(
                on(rate) ? new TokenBucket(rate.requestsPerSecond(), burst(rate), clock.getAsLong()) : null,
                maxInFlight > 0 ? new InFlightCounter(maxInFlight) : null));
    }

    private static boolean on(Limits.Bucket rate) {
        return rate.requestsPerSecond() > 0;
    }

    private static int burst(Limits.Bucket rate) {
        return rate.burst() > 0 ? rate.burst() : rate.requestsPerSecond();
    }

    private static void release(InFlightCounter counter) {
        if (counter != null) {
            counter.release();
        }
    }
}
