package io.scimrouter.testing;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A Caffeine {@link Ticker} whose time moves only when a test says so. */
public final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    public ManualTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
