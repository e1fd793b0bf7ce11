package io.scimrouter.bench.jmh;

import io.scimrouter.config.RouterConfig.Limits;
import io.scimrouter.limit.LimitDecision;
import io.scimrouter.limit.Limiter;
import io.scimrouter.limit.TokenBucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the overload limits cost per request, alone and with two threads on the same state (the router's event loops
 * share it): one token taken from a bucket (a compare-and-set on one long), and the whole admission of a request
 * as the frontend does it (the scopes' state from Caffeine, a place in the tenant's and the project's counters, a
 * tenant token, the permit given back at the end). Run:
 * {@code java -jar benchmarks/target/scim-router-bench.jar jmh Limiter -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LimiterBenchmark {
    private static final int TENANTS = 1024;

    /** 10 million tokens a second: a thread's clock below advances 1 µs per call, so every acquire is granted. */
    private final TokenBucket bucket = new TokenBucket(10_000_000, 10_000_000, 0);
    private Limiter limiter;
    private String[] tenants;

    /** Each thread's own clock and position in the tenant list. */
    @State(Scope.Thread)
    public static class Caller {
        long now;
        int next;
    }

    @Setup(Level.Trial)
    public void setUp() {
        // a tenant's rate is far above what one tenant gets here, so the benchmark measures granted requests
        limiter = Limiter.of(new Limits(new Limits.Rate(new Limits.Bucket(0, 0), new Limits.Bucket(1_000_000, 0)),
                new Limits.Concurrency(1_000_000, 1_000), new Limits.PerUpstream(0, 100, Duration.ofSeconds(1)),
                new Limits.Cache(100_000, Duration.ofMinutes(10))));
        tenants = new String[TENANTS];
        for (int i = 0; i < TENANTS; i++) {
            tenants[i] = "tenant-" + i;
        }
    }

    @Benchmark
    @Threads(1)
    public long bucketAcquire(Caller caller) {
        caller.now += 1_000;
        return bucket.tryAcquire(caller.now);
    }

    @Benchmark
    @Threads(2)
    public long bucketAcquireContended(Caller caller) {
        caller.now += 1_000;
        return bucket.tryAcquire(caller.now);
    }

    @Benchmark
    @Threads(1)
    public boolean admitAndRelease(Caller caller) {
        return admit(caller);
    }

    @Benchmark
    @Threads(2)
    public boolean admitAndReleaseContended(Caller caller) {
        return admit(caller);
    }

    private boolean admit(Caller caller) {
        String tenant = tenants[caller.next++ & (TENANTS - 1)];
        LimitDecision decision = limiter.admit("p1", "e1", tenant);
        if (decision instanceof LimitDecision.Granted granted) {
            granted.permit().release();
            return true;
        }
        return false;
    }
}
