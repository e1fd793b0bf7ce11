package io.scimrouter.tenant.it;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The tenant cache's clock: it moves only when a test says so. */
final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    ManualTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
