package io.scimrouter.bench.jmh;

import io.scimrouter.route.RouteDecision;
import io.scimrouter.route.RouteParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * URL routing, the first thing every request pays for. Run:
 * {@code java -jar benchmarks/target/scim-router-bench.jar jmh RouteParser -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteParserBenchmark {
    private final RouteParser parser = new RouteParser("/scim/v2", "default",
            Pattern.compile("[A-Za-z0-9_-]{1,64}"), List.of("Users", "Groups", "Me", "Bulk", ".search",
            "ServiceProviderConfig", "ResourceTypes", "Schemas"));

    @Param({
        "/scim/v2/p1/e1/Users/2819c223-7f76-453a-919d-413861904646",
        "/scim/v2/p1/e1/v2/acme/Users?filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=100",
        "/scim/v2/p1/e1/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
    })
    public String target;

    @Benchmark
    public RouteDecision parse() {
        return parser.parse(target);
    }
}
