package io.scimrouter.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs small fixture tests through the JUnit engine, with the leak check wired as in the suite (autodetected), and
 * asserts which of them fail. The leaked buffers stay strongly reachable from {@link #HELD}, so no garbage collection
 * can be what finds them.
 */
class LeakDetectionExtensionTest {
    private static final String FIXTURES = "scimrouter.leakCheck.fixtures";
    private static final Queue<ByteBuf> HELD = new ConcurrentLinkedQueue<>();

    @AfterEach
    void releaseWhatTheFixturesHeld() {
        ByteBuf buf;
        while ((buf = HELD.poll()) != null) {
            buf.release(buf.refCnt());
        }
    }

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(LeakDetectionExtension.PATIENCE_PARAMETER, "500")
                .configurationParameter(FIXTURES, "true")
                .selectors(selectClass(fixture))
                .execute();
    }

    private static String failureOf(EngineExecutionResults results) {
        List<Throwable> failures = results.allEvents().failed().stream()
                .map(event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .orElseThrow().getThrowable().orElseThrow())
                .toList();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).isInstanceOf(AssertionError.class);
        return failures.get(0).getMessage();
    }

    @Test
    void aPooledBufferNeverReleased_failsItsTest_withWhereItWasCreated() {
        EngineExecutionResults results = run(LeaksAPooledBuffer.class);
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        assertThat(failureOf(results))
                .startsWith("1 ByteBuf(s) allocated by this test still unreleased 500 ms after it ended")
                .contains("allocated on thread '" + Thread.currentThread().getName() + "'")
                .contains("Created at:")
                .contains("LeaksAPooledBuffer.leaks");
    }

    @Test
    void aRetainedSliceNeverReleased_keepsItsParentOut_andFails() {
        EngineExecutionResults results = run(LeaksARetainedSlice.class);
        results.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(0));
        assertThat(failureOf(results)).contains("LeaksARetainedSlice.leaks");
    }

    @Test
    void aBufferLeakedOnAnEventLoop_failsTheTestThatStartedIt() {
        EngineExecutionResults results = run(LeaksOnAnEventLoop.class);
        results.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(0));
        assertThat(failureOf(results)).contains("allocated on thread 'fixture-loop");
    }

    @Test
    void aLeakInBeforeAll_failsTheClass() {
        EngineExecutionResults results = run(LeaksInBeforeAll.class);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failureOf(results))
                .startsWith("1 ByteBuf(s) allocated by this class's set-up or tear-down still unreleased");
    }

    @Test
    void releasedBuffers_cachedPoolMemory_andStaticConstants_areNoLeaks() {
        EngineExecutionResults results = run(ReleasesEverything.class);
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
    }

    @Test
    void aBufferReleasedOnAnotherThreadJustAfterTheTest_isNoLeak() {
        EngineExecutionResults results = run(ReleasesLate.class);
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    }

    @Test
    void aLeakIsReportedOnce_byTheTestThatMadeIt() {
        run(LeaksAPooledBuffer.class).testEvents().assertStatistics(stats -> stats.failed(1));
        // the leaked buffer is still held (HELD) and unreleased, yet the next test is not blamed for it
        run(ReleasesEverything.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(HELD).hasSize(1).allSatisfy(buf -> assertThat(buf.refCnt()).isEqualTo(1));
    }

    /** The fixtures run only through {@link #run}: they are meant to fail. */
    static final class OnlyThroughTheTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURES).isPresent()
                    ? ConditionEvaluationResult.enabled("run by LeakDetectionExtensionTest")
                    : ConditionEvaluationResult.disabled("a fixture of LeakDetectionExtensionTest");
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    static class LeaksAPooledBuffer {
        @Test
        void leaks() {
            HELD.add(PooledByteBufAllocator.DEFAULT.directBuffer(16).writeInt(42));
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    static class LeaksARetainedSlice {
        @Test
        void leaks() {
            ByteBuf parent = PooledByteBufAllocator.DEFAULT.heapBuffer(8).writeLong(7);
            HELD.add(parent.retainedSlice(0, 4));
            parent.release();
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    static class LeaksOnAnEventLoop {
        @Test
        void leaks() throws Exception {
            EventLoop loop = new DefaultEventLoop((ThreadFactory) runnable -> new Thread(runnable, "fixture-loop"));
            try {
                HELD.add(loop.submit(() -> ByteBufAllocator.DEFAULT.buffer(8).writeLong(1)).get());
            } finally {
                loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
            }
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    static class LeaksInBeforeAll {
        @BeforeAll
        static void leak() {
            HELD.add(ByteBufAllocator.DEFAULT.directBuffer(8).writeLong(1));
        }

        @Test
        void passes() {
            assertThat(HELD).hasSize(1);
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    static class ReleasesEverything {
        // shared for the JVM's life, never released: allocated in a static initialiser, so not counted
        private static final ByteBuf CONSTANT = Unpooled.unreleasableBuffer(
                ByteBufAllocator.DEFAULT.directBuffer(2).writeByte('\r').writeByte('\n'));

        @Test
        void releases() throws Exception {
            EventLoop loop = new DefaultEventLoop();
            try {
                // pooled memory goes back to the loop thread's cache, which outlives the buffers
                loop.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(1024).writeZero(1024);
                        buf.retainedSlice().release();
                        buf.release();
                    }
                }).sync();
                ByteBuf copy = Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII);
                assertThat(copy.release()).isTrue();
                assertThat(CONSTANT.readableBytes()).isEqualTo(2);
            } finally {
                loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
            }
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    static class ReleasesLate {
        private static final CountDownLatch TEST_ENDED = new CountDownLatch(1);

        @Test
        void handsItsBufferToAThreadThatReleasesItAfterTheTest() {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(8).writeLong(3);
            // as an event loop finishing an exchange after the client already has the answer
            Thread releaser = new Thread(() -> {
                try {
                    TEST_ENDED.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                buf.release();
            }, "fixture-releaser");
            releaser.start();
        }

        @AfterEach
        void endTest() {
            TEST_ENDED.countDown(); // before the leak check, which runs after every @AfterEach
        }
    }
}
