package io.scimrouter.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs small jqwik fixtures through the jqwik engine, with {@link JqwikLeakCheck} registered as in the suite (by the
 * ServiceLoader, not by the fixtures), and asserts which of them fail. As in {@link LeakDetectionExtensionTest}, the
 * leaked buffers stay strongly reachable from {@link #HELD}, so no garbage collection can be what finds them.
 */
class JqwikLeakCheckTest {
    private static final Queue<ByteBuf> HELD = new ConcurrentLinkedQueue<>();
    private static volatile boolean runningFixtures;

    @AfterEach
    void releaseWhatTheFixturesHeld() {
        ByteBuf buf;
        while ((buf = HELD.poll()) != null) {
            buf.release(buf.refCnt());
        }
    }

    private static EngineExecutionResults run(Class<?> fixture) {
        Duration patience = JqwikLeakCheck.patience;
        runningFixtures = true;
        JqwikLeakCheck.patience = Duration.ofMillis(500);
        try {
            return EngineTestKit.engine("jqwik")
                    .enableImplicitConfigurationParameters(false)
                    .configurationParameter("jqwik.database", "target/jqwik-fixtures-database")
                    .configurationParameter("jqwik.failures.runfirst", "false")
                    .selectors(selectClass(fixture))
                    .execute();
        } finally {
            JqwikLeakCheck.patience = patience;
            runningFixtures = false;
        }
    }

    private static Throwable failureOf(EngineExecutionResults results) {
        List<Throwable> failures = results.allEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .toList();
        assertThat(failures).hasSize(1);
        return failures.get(0);
    }

    @Test
    void aTryThatLeaks_falsifiesTheProperty_andShrinksToTheSmallestLeakingSample() {
        EngineExecutionResults results = run(LeaksFromFifty.class);
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        Throwable failure = failureOf(results);
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(failure.getMessage())
                .startsWith("1 ByteBuf(s) allocated by this try still unreleased 0 ms after it ended")
                .contains("Created at:")
                .contains("LeaksFromFifty.leaks");
        // every falsified try leaked one buffer holding its sample; shrinking went down to the edge
        assertThat(HELD).extracting(buf -> buf.getInt(0)).contains(50).allMatch(n -> n >= 50);
    }

    @Test
    void aLeakOutsideTheTries_failsTheProperty() {
        EngineExecutionResults results = run(LeaksBeforeProperty.class);
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        assertThat(failureOf(results).getMessage())
                .startsWith("1 ByteBuf(s) allocated by this property still unreleased 500 ms after it ended")
                .contains("LeaksBeforeProperty.leak");
    }

    @Test
    void aLeakInBeforeContainer_failsTheContainer() {
        EngineExecutionResults results = run(LeaksBeforeContainer.class);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failureOf(results).getMessage())
                .startsWith("1 ByteBuf(s) allocated by this container's set-up or tear-down still unreleased");
    }

    @Test
    void aTryThatFailsAndLeaks_keepsItsOwnFailure_withTheLeakBeside() {
        EngineExecutionResults results = run(FailsAndLeaks.class);
        results.testEvents().assertStatistics(stats -> stats.failed(1));
        Throwable failure = failureOf(results);
        assertThat(failure).hasMessage("the property's own failure");
        assertThat(failure.getSuppressed()).singleElement()
                .satisfies(leak -> assertThat(leak.getMessage()).contains("allocated by this try"));
    }

    @Test
    void releasedBuffers_areNoLeaks() {
        EngineExecutionResults results = run(ReleasesEverything.class);
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
    }

    /** The fixtures run only through {@link #run}: they are meant to fail. */
    public static final class OnlyThroughTheTestKit implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return runningFixtures ? SkipResult.doNotSkip() : SkipResult.skip("a fixture of JqwikLeakCheckTest");
        }
    }

    @AddLifecycleHook(OnlyThroughTheTestKit.class)
    static class LeaksFromFifty {
        @Property(tries = 100, seed = "42", edgeCases = EdgeCasesMode.NONE)
        void leaks(@ForAll @IntRange(min = 0, max = 1000) int n) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(4).writeInt(n);
            if (n < 50) {
                buf.release();
            } else {
                HELD.add(buf);
            }
        }
    }

    @AddLifecycleHook(OnlyThroughTheTestKit.class)
    static class LeaksBeforeProperty {
        @BeforeProperty
        void leak() {
            HELD.add(PooledByteBufAllocator.DEFAULT.heapBuffer(8).writeLong(1));
        }

        @Property(tries = 5)
        void passes(@ForAll int n) {
            assertThat(HELD).hasSize(1);
        }
    }

    @AddLifecycleHook(OnlyThroughTheTestKit.class)
    static class LeaksBeforeContainer {
        @BeforeContainer
        static void leak() {
            HELD.add(PooledByteBufAllocator.DEFAULT.directBuffer(8).writeLong(1));
        }

        @Property(tries = 5)
        void passes(@ForAll int n) {
            assertThat(HELD).hasSize(1);
        }
    }

    @AddLifecycleHook(OnlyThroughTheTestKit.class)
    static class FailsAndLeaks {
        @Property(tries = 5)
        void fails(@ForAll int n) {
            HELD.add(PooledByteBufAllocator.DEFAULT.directBuffer(4).writeInt(n));
            throw new AssertionError("the property's own failure");
        }
    }

    @AddLifecycleHook(OnlyThroughTheTestKit.class)
    static class ReleasesEverything {
        @Property(tries = 20)
        void releases(@ForAll @IntRange(min = 1, max = 4096) int size) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeZero(size);
            buf.retainedSlice().release();
            assertThat(buf.release()).isTrue();
        }
    }
}
