package io.scimrouter.testing;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty's leak detector with a register of every ByteBuf that is allocated and not yet released, so a test can ask
 * "is every buffer I allocated released?" without waiting for the garbage collector. Installed for the whole test JVM
 * with {@code -Dio.netty.customResourceLeakDetector=io.scimrouter.testing.CountingLeakDetector} (Surefire's and PIT's
 * argLine): Netty instantiates it for each resource type, before the first buffer exists.
 *
 * <p>It keeps Netty's own PARANOID tracking (every buffer tracked, every access recorded) and adds the register on
 * top: a buffer enters it when an allocator wraps it for leak detection and leaves it when its reference count reaches
 * zero. Derived buffers (slices, duplicates) share their parent's entry, so a retained slice that is never released
 * keeps its parent in the register. Pool and thread caches hold memory, not buffers: a released pooled buffer has left
 * the register before its memory goes back to a cache, so caches are never mistaken for leaks.
 *
 * <p>Not registered: buffers allocated inside a static initialiser (Netty's and others' shared constant buffers,
 * which are meant to live as long as the JVM), and what Netty does not track at any level: buffers that never pass an
 * allocator (wrapped arrays, {@code Unpooled.EMPTY_BUFFER}) and the unpooled allocator's heap buffers
 * ({@code Unpooled.buffer}, {@code copiedBuffer}), plain arrays that the garbage collector frees whatever their
 * reference count says.
 */
public final class CountingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final Set<Outstanding<?>> OUTSTANDING = ConcurrentHashMap.newKeySet();
    private static final AtomicLong ALLOCATIONS = new AtomicLong();
    private static final Object RELEASED = new Object();
    private static final StackWalker WALKER = StackWalker.getInstance();
    /** Read on every release: only when someone waits does a release take the lock to wake them. */
    private static volatile boolean waiting;
    private static volatile boolean installed;

    private final boolean counted;

    public CountingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        this.counted = ByteBuf.class.isAssignableFrom(resourceType);
        if (counted) {
            installed = true;
        }
    }

    public CountingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    public ResourceLeakTracker<T> track(T resource) {
        return register(super.track(resource));
    }

    @Override
    public ResourceLeakTracker<T> trackForcibly(T resource) {
        return register(super.trackForcibly(resource));
    }

    private ResourceLeakTracker<T> register(ResourceLeakTracker<T> tracker) {
        if (tracker == null || !counted || inStaticInitialiser()) {
            return tracker;
        }
        Outstanding<T> outstanding = new Outstanding<>(tracker, ALLOCATIONS.incrementAndGet(),
                Thread.currentThread().getName());
        OUTSTANDING.add(outstanding);
        return outstanding;
    }

    private static boolean inStaticInitialiser() {
        return WALKER.walk(frames -> frames.anyMatch(frame -> frame.getMethodName().equals("<clinit>")));
    }

    /** True once Netty created this detector for ByteBuf (class AbstractByteBuf loaded with the property set). */
    static boolean installed() {
        return installed;
    }

    /** A mark to pass to {@link #awaitRelease}: buffers allocated after it are the ones it waits for. */
    static long mark() {
        return ALLOCATIONS.get();
    }

    /**
     * Waits until every buffer allocated after {@code mark} is released, at most {@code patience}: an exchange may
     * still be releasing its last buffers on an event loop when the client already has the answer. Returns a report
     * for each buffer still unreleased then, with Netty's records of where it was created and touched, and forgets
     * those buffers, so a leak is reported once, by the test that made it.
     */
    static List<String> awaitRelease(long mark, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Outstanding<?>> left;
        synchronized (RELEASED) {
            waiting = true;
            try {
                while (!(left = allocatedAfter(mark)).isEmpty()) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(RELEASED, remaining);
                }
            } finally {
                waiting = false;
            }
        }
        List<String> reports = new ArrayList<>();
        for (Outstanding<?> leaked : left) {
            if (OUTSTANDING.remove(leaked)) {
                reports.add(leaked.report());
            }
        }
        return reports;
    }

    private static List<Outstanding<?>> allocatedAfter(long mark) {
        List<Outstanding<?>> found = new ArrayList<>();
        for (Outstanding<?> outstanding : OUTSTANDING) {
            if (outstanding.sequence > mark) {
                found.add(outstanding);
            }
        }
        found.sort(Comparator.comparingLong(o -> o.sequence));
        return found;
    }

    private static void released(Outstanding<?> outstanding) {
        if (OUTSTANDING.remove(outstanding) && waiting) {
            synchronized (RELEASED) {
                RELEASED.notifyAll();
            }
        }
    }

    /** Netty's tracker for one buffer, plus its place in the register. */
    private static final class Outstanding<T> implements ResourceLeakTracker<T> {
        private final ResourceLeakTracker<T> netty;
        private final long sequence;
        private final String thread;

        Outstanding(ResourceLeakTracker<T> netty, long sequence, String thread) {
            this.netty = netty;
            this.sequence = sequence;
            this.thread = thread;
        }

        @Override
        public void record() {
            netty.record();
        }

        @Override
        public void record(Object hint) {
            netty.record(hint);
        }

        @Override
        public boolean close(T trackedObject) {
            boolean closed = netty.close(trackedObject);
            released(this);
            return closed;
        }

        @Override
        public Throwable getCloseStackTraceIfAny() {
            return netty.getCloseStackTraceIfAny();
        }

        String report() {
            // Netty's tracker prints its records: where the buffer was created and every access since (PARANOID)
            return "ByteBuf #" + sequence + " allocated on thread '" + thread + "' was never released."
                    + System.lineSeparator() + netty;
        }
    }
}
