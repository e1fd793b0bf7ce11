package io.scimrouter.testing;

import net.jqwik.api.lifecycle.AroundContainerHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * {@link LeakDetectionExtension} for the jqwik engine, which runs no JUnit Jupiter extensions: registered for every
 * jqwik container and property through the ServiceLoader
 * ({@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}), it fails what leaves a ByteBuf unreleased, from
 * the same register ({@link CountingLeakDetector}) and with the same report (Netty's records of where each buffer was
 * created and used).
 *
 * <ul>
 *   <li>Each try: a buffer it allocated and has not released when it returns falsifies it, so jqwik shrinks a leak to
 *       its smallest sample like any other failure. A try runs on the test thread and the properties here are
 *       synchronous, so no patience: what is still out when the try returns was leaked by it.</li>
 *   <li>Each property, around its {@code @BeforeProperty}/{@code @AfterProperty} methods, and each container (class
 *       or group), around its {@code @BeforeContainer}/{@code @AfterContainer} methods: what they allocated outside
 *       the tries, with the Jupiter extension's patience ({@link LeakDetectionExtension#PATIENCE}).</li>
 * </ul>
 */
public final class JqwikLeakCheck implements AroundContainerHook, AroundPropertyHook, AroundTryHook {
    /** How long a property or container waits for its buffers; the hook's own tests shorten it. */
    static volatile Duration patience = LeakDetectionExtension.PATIENCE;
    /** Open containers' marks, innermost first: jqwik runs containers one inside the other, on one thread. */
    private final Deque<Long> containerMarks = new ConcurrentLinkedDeque<>();

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public void beforeContainer(ContainerLifecycleContext context) {
        LeakDetectionExtension.requireCountingDetector();
        containerMarks.push(CountingLeakDetector.mark());
    }

    @Override
    public void afterContainer(ContainerLifecycleContext context) {
        Long mark = containerMarks.pollFirst();
        if (mark == null) {
            return; // beforeContainer failed before it took a mark: its own error is the one to report
        }
        Duration wait = patience;
        List<String> leaks;
        try {
            leaks = CountingLeakDetector.awaitRelease(mark, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the container's buffers", e);
        }
        if (!leaks.isEmpty()) {
            throw LeakDetectionExtension.leakError(leaks, "this container's set-up or tear-down", wait);
        }
    }

    /** Outside jqwik's own hook for {@code @BeforeProperty}/{@code @AfterProperty} methods (proximity -10). */
    @Override
    public int aroundPropertyProximity() {
        return -20;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
            throws InterruptedException {
        long mark = CountingLeakDetector.mark();
        PropertyExecutionResult result = property.execute();
        Duration wait = patience;
        List<String> leaks = CountingLeakDetector.awaitRelease(mark, wait);
        if (leaks.isEmpty()) {
            return result;
        }
        AssertionError leaked = LeakDetectionExtension.leakError(leaks, "this property", wait);
        if (result.status() == PropertyExecutionResult.Status.FAILED && result.throwable().isPresent()) {
            result.throwable().get().addSuppressed(leaked); // the property's own failure comes first
            return result;
        }
        return result.mapToFailed(leaked);
    }

    /** Outside jqwik's own hook for {@code @BeforeTry}/{@code @AfterTry} methods (proximity -10). */
    @Override
    public int aroundTryProximity() {
        return -20;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters)
            throws InterruptedException {
        long mark = CountingLeakDetector.mark();
        TryExecutionResult result = aTry.execute(parameters);
        List<String> leaks = CountingLeakDetector.awaitRelease(mark, Duration.ZERO);
        if (leaks.isEmpty()) {
            return result;
        }
        AssertionError leaked = LeakDetectionExtension.leakError(leaks, "this try", Duration.ZERO);
        if (result.isFalsified() && result.throwable().isPresent()) {
            result.throwable().get().addSuppressed(leaked);
            return result;
        }
        return TryExecutionResult.falsified(leaked);
    }
}
