package io.scimrouter.tenant;

import io.scimrouter.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a cached answer stops being usable, at the edges of the ticker's range: a ticker (like System.nanoTime) may be
 * negative or close to overflow, and a configured duration may not fit in nanoseconds.
 */
class TenantCacheExpiryTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration MAX_STALE = Duration.ofSeconds(60);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

    private final ScriptedDirectory directory = new ScriptedDirectory()
            .answer("acme", new DirectoryAnswer.Found("acme", null));

    private TenantCache cache(ManualTicker ticker, Duration negativeTtl) {
        return new TenantCache(directory,
                new TenantCache.Settings(TTL, MAX_STALE, negativeTtl, 100, false, Duration.ofSeconds(1)),
                ticker, Runnable::run);
    }

    private static TenantDecision resolve(TenantCache cache, String tenant) {
        return cache.resolve(new TenantQuery("p1", "e1", tenant, null)).join();
    }

    @Test
    void negativeTicker_unknownTenantExpiresAfterTheNegativeTtl() {
        ManualTicker ticker = new ManualTicker(-100_000_000_000L);
        TenantCache cache = cache(ticker, NEGATIVE_TTL);

        assertThat(resolve(cache, "ghost")).isInstanceOf(TenantDecision.Unknown.class);
        ticker.advance(NEGATIVE_TTL.minusMillis(1));
        resolve(cache, "ghost");
        assertThat(directory.askedFor("ghost")).isEqualTo(1);

        ticker.advance(Duration.ofMillis(2));
        resolve(cache, "ghost");
        assertThat(directory.askedFor("ghost")).isEqualTo(2);
    }

    @Test
    void zeroNegativeTtl_atTickerZero_isNotCachedAtAll() {
        TenantCache cache = cache(new ManualTicker(0), Duration.ZERO);

        resolve(cache, "ghost");
        resolve(cache, "ghost");

        assertThat(directory.askedFor("ghost")).isEqualTo(2);
    }

    @Test
    void tickerCloseToOverflow_knownTenantLivesUntilTheLargestTime_notPastIt() {
        ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - Duration.ofSeconds(3).toNanos());
        TenantCache cache = cache(ticker, NEGATIVE_TTL);

        assertThat(resolve(cache, "acme")).isInstanceOf(TenantDecision.Known.class);
        ticker.advance(Duration.ofSeconds(3).minusMillis(1));
        resolve(cache, "acme");
        assertThat(directory.askedFor("acme")).isEqualTo(1);

        ticker.advance(Duration.ofMillis(1)); // at Long.MAX_VALUE: saturated, so expired rather than wrapped round
        resolve(cache, "acme");
        assertThat(directory.askedFor("acme")).isEqualTo(2);
    }

    @Test
    void durationTooLongForNanoseconds_keepsTheAnswer_insteadOfExpiringIt() {
        TenantCache cache = cache(new ManualTicker(), Duration.ofDays(365L * 1000));

        resolve(cache, "ghost");
        resolve(cache, "ghost");

        assertThat(directory.askedFor("ghost")).isEqualTo(1);
    }
}
