package io.scimrouter.testing;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A Caffeine {@link Ticker} whose time moves only when a test says so. */
public final class ManualTicker implements Ticker {
    private final AtomicLong nanos;

    public ManualTicker() {
        this(1_000_000_000L);
    }

    /** Starts at {@code nanos}: any long, as System.nanoTime may be, negative or close to overflow. */
    public ManualTicker(long nanos) {
        this.nanos = new AtomicLong(nanos);
    }

    @Override
    public long read() {
        return nanos.get();
    }

    public ManualTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
