package io.scimrouter.bench.jmh;

import com.github.benmanes.caffeine.cache.Ticker;
import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import io.scimrouter.tenant.StaticTenantDirectory;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.tenant.TenantQuery;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The path every explicit-tenant request takes: a tenant cache hit. Target: under 200 ns, no allocation beyond the
 * lookup key. Run:
 * {@code java -cp benchmarks/target/scim-router-bench.jar org.openjdk.jmh.Main TenantCache -f 1 -wi 3 -i 5 -w 1s
 * -r 1s -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TenantCacheBenchmark {
    private static final int TENANTS = 1024; // a realistic working set, so the hit is not one hot cache line

    private TenantCache cache;
    private TenantQuery[] queries;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            tenants.add("tenant-" + i);
        }
        cache = new TenantCache(
                new StaticTenantDirectory(List.of(new StaticTenants("p1", "e1", tenants)), null, Duration.ofHours(1)),
                new TenantCache.Settings(Duration.ofHours(1), Duration.ofHours(2), Duration.ofMinutes(1), 100_000,
                        false, Duration.ofSeconds(5)),
                Ticker.systemTicker(), Runnable::run); // maintenance on the caller, as in production
        queries = new TenantQuery[TENANTS];
        for (int i = 0; i < TENANTS; i++) {
            queries[i] = new TenantQuery("p1", "e1", tenants.get(i), null);
            if (!(cache.resolve(queries[i]).join() instanceof TenantDecision.Known)) {
                throw new IllegalStateException("warm-up lookup failed for " + tenants.get(i));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
    }

    @Benchmark
    public CompletableFuture<TenantDecision> hit() {
        TenantQuery query = queries[next];
        next = (next + 1) & (TENANTS - 1);
        return cache.resolve(query);
    }
}
