package io.scimrouter.testing;

import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;

/**
 * Registered for every test through the ServiceLoader (junit.jupiter.extensions.autodetection.enabled): fails a test
 * that leaves a ByteBuf unreleased, without depending on the garbage collector. {@link CountingLeakDetector} registers
 * every buffer allocated (leak detection at PARANOID); after each test, and after each class for what its
 * {@code @BeforeAll}/{@code @AfterAll} allocated, every buffer allocated since its start must have been released.
 *
 * <p>The extension's callbacks run after the test's own {@code @AfterEach}/{@code @AfterAll}, so routers and backends
 * are stopped by then. Buffers an event loop is still releasing get {@link #PATIENCE} to go; a leaked buffer never
 * goes, so a leak fails its test every time, named with Netty's records of where the buffer was created and used.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    /** Paid only when a buffer is still out: a leaking test waits this long before it fails. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    /** A JUnit configuration parameter (milliseconds) that shortens the patience for the extension's own tests. */
    static final String PATIENCE_PARAMETER = "scimrouter.leakCheck.patienceMillis";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LeakDetectionExtension.class);

    static {
        // PARANOID unless the JVM was told otherwise: the mutation profile runs SIMPLE with every buffer sampled,
        // which counts every buffer as well but records no access, so mutants run many times faster
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        requireCountingDetector();
        context.getStore(NAMESPACE).put("mark", CountingLeakDetector.mark());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("mark", CountingLeakDetector.mark());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        check(context, "this test");
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        check(context, "this class's set-up or tear-down");
    }

    /** A point to check from, for tests that check between their own steps (a fuzzer, every so many cases). */
    public static long mark() {
        return CountingLeakDetector.mark();
    }

    /** Fails when a ByteBuf allocated since {@code mark} is still unreleased after the patience. */
    public static void assertReleasedSince(long mark, String who) throws InterruptedException {
        fail(CountingLeakDetector.awaitRelease(mark, PATIENCE), who, PATIENCE);
    }

    private static void check(ExtensionContext context, String who) throws InterruptedException {
        long mark = context.getStore(NAMESPACE).get("mark", Long.class);
        Duration patience = context.getConfigurationParameter(PATIENCE_PARAMETER)
                .map(millis -> Duration.ofMillis(Long.parseLong(millis)))
                .orElse(PATIENCE);
        fail(CountingLeakDetector.awaitRelease(mark, patience), who, patience);
    }

    private static void fail(List<String> leaks, String who, Duration patience) {
        if (!leaks.isEmpty()) {
            throw leakError(leaks, who, patience);
        }
    }

    /** One error naming every leak in {@code leaks}, with Netty's records of where each was created and used. */
    static AssertionError leakError(List<String> leaks, String who, Duration patience) {
        return new AssertionError(leaks.size() + " ByteBuf(s) allocated by " + who + " still unreleased "
                + patience.toMillis() + " ms after it ended:\n" + String.join("\n----\n", leaks));
    }

    static void requireCountingDetector() {
        Unpooled.buffer(1).release(); // loads AbstractByteBuf, which asks Netty's factory for its detector
        if (!CountingLeakDetector.installed()) {
            throw new IllegalStateException("Leak checks need -Dio.netty.customResourceLeakDetector="
                    + CountingLeakDetector.class.getName() + " in the test JVM's arguments (see the parent pom)");
        }
    }
}
