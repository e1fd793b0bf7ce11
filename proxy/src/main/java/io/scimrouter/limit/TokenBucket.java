package io.scimrouter.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code ratePerSecond} tokens a second holding at most {@code burst}, kept as the generic cell
 * rate algorithm (GCRA) keeps it: one number, the theoretical arrival time (TAT) of the next request if the bucket
 * were drained at exactly the rate. A request at {@code now} is admitted when that time is at most
 * {@code (burst - 1)} intervals ahead of {@code now}, and moves it one interval on. So the whole state is one
 * {@link AtomicLong} updated with compare-and-set: no lock, no refill thread, and the wait until the next token is
 * a subtraction.
 *
 * <pre>
 *   interval T = 1 s / rate          tolerance = (burst - 1) * T
 *   tat' = max(tat, now)
 *   tat' - now &lt;= tolerance  ->  admit, tat = tat' + T
 *   otherwise                ->  refuse, the next token comes at tat' - tolerance
 * </pre>
 *
 * Times are nanoseconds of one monotonic clock ({@link System#nanoTime} in production), compared by subtraction so
 * that the clock's wrap-around is harmless.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final AtomicLong tat;

    /**
     * @param ratePerSecond tokens per second, at least 1
     * @param burst         tokens a full bucket holds, at least 1
     * @param nowNanos      the clock's time now: the bucket starts full
     */
    public TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be at least 1");
        }
        this.intervalNanos = NANOS_PER_SECOND / ratePerSecond;
        this.toleranceNanos = (burst - 1) * intervalNanos;
        this.tat = new AtomicLong(nowNanos);
    }

    /**
     * Takes a token at {@code nowNanos}.
     *
     * @return 0 when a token was taken; otherwise the nanoseconds until one will be there (at least 1)
     */
    public long tryAcquire(long nowNanos) {
        while (true) {
            long current = tat.get();
            long base = current - nowNanos > 0 ? current : nowNanos;
            long ahead = base - nowNanos;
            if (ahead > toleranceNanos) {
                return ahead - toleranceNanos;
            }
            if (tat.compareAndSet(current, base + intervalNanos)) {
                return 0;
            }
        }
    }

    /**
     * Gives back a token taken by {@link #tryAcquire} for a request that another limit refused after all, so that the
     * refusal costs this bucket nothing. Never fills the bucket above what it held before that token was taken.
     */
    public void refund() {
        tat.addAndGet(-intervalNanos);
    }

    /** Nanoseconds between two tokens. */
    public long intervalNanos() {
        return intervalNanos;
    }
}
