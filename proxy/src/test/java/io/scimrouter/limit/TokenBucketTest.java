package io.scimrouter.limit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token bucket on explicit clock readings: no sleeps, every figure computed by hand. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 5 * SECOND;

    @Test
    void fullBucket_admitsTheBurstAtOnce_thenRefuses() {
        TokenBucket bucket = new TokenBucket(10, 3, START);

        assertThat(bucket.tryAcquire(START)).isZero();
        assertThat(bucket.tryAcquire(START)).isZero();
        assertThat(bucket.tryAcquire(START)).isZero();
        // the next token comes one interval (100 ms) after the start
        assertThat(bucket.tryAcquire(START)).isEqualTo(SECOND / 10);
    }

    @Test
    void refusal_saysExactlyWhenTheNextTokenComes_andItComesThen() {
        TokenBucket bucket = new TokenBucket(2, 1, START);
        assertThat(bucket.tryAcquire(START)).isZero();

        long wait = bucket.tryAcquire(START + 100_000_000L);

        assertThat(wait).isEqualTo(400_000_000L);
        assertThat(bucket.tryAcquire(START + 100_000_000L + wait - 1)).isEqualTo(1);
        assertThat(bucket.tryAcquire(START + 100_000_000L + wait)).isZero();
    }

    @Test
    void refusal_takesNoToken() {
        TokenBucket bucket = new TokenBucket(1, 1, START);
        assertThat(bucket.tryAcquire(START)).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.tryAcquire(START)).isEqualTo(SECOND);
        }

        assertThat(bucket.tryAcquire(START + SECOND)).isZero();
    }

    @Test
    void idleTime_refillsUpToTheBurst_notBeyond() {
        TokenBucket bucket = new TokenBucket(10, 5, START);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryAcquire(START)).isZero();
        }

        long later = START + 60 * SECOND; // a minute idle: 600 tokens' worth, but the bucket holds 5
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryAcquire(later)).as("token %d", i).isZero();
        }
        assertThat(bucket.tryAcquire(later)).isPositive();
    }

    @Test
    void steadyRate_admitsOnePerInterval() {
        TokenBucket bucket = new TokenBucket(4, 1, START);
        long admitted = 0;
        for (long t = START; t < START + 10 * SECOND; t += SECOND / 100) {
            if (bucket.tryAcquire(t) == 0) {
                admitted++;
            }
        }

        assertThat(admitted).isEqualTo(40);
    }

    @Test
    void refund_givesTheTokenBack() {
        TokenBucket bucket = new TokenBucket(1, 1, START);
        assertThat(bucket.tryAcquire(START)).isZero();

        bucket.refund();

        assertThat(bucket.tryAcquire(START)).isZero();
        assertThat(bucket.tryAcquire(START)).isEqualTo(SECOND);
    }

    @Test
    void clockNearItsWrapAround_stillCounts() {
        long nearEnd = Long.MAX_VALUE - SECOND / 4;
        TokenBucket bucket = new TokenBucket(2, 1, nearEnd);
        assertThat(bucket.tryAcquire(nearEnd)).isZero();

        long afterWrap = nearEnd + SECOND; // overflows to a negative reading
        assertThat(afterWrap).isNegative();
        assertThat(bucket.tryAcquire(afterWrap)).isZero();
        assertThat(bucket.tryAcquire(afterWrap)).isEqualTo(SECOND / 2);
    }

    @Test
    void rateOrBurstBelowOne_isRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contendedAcquires_neverHandOutMoreThanTheBucketHolds() throws Exception {
        TokenBucket bucket = new TokenBucket(1, 1000, START);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> granted = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                granted.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    for (int k = 0; k < 2000; k++) {
                        if (bucket.tryAcquire(START) == 0) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : granted) {
                total += f.get(30, TimeUnit.SECONDS);
            }

            assertThat(total).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }
}
