package io.scimrouter.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registered for every test through the ServiceLoader (junit.jupiter.extensions.autodetection.enabled): turns a
 * Netty leak report into a test failure instead of a log line. Leaks surface when a buffer is collected, so after
 * each test the collector runs and fresh tracked buffers make the detector poll its reference queue.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterEachCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + "\n" + records));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // the static initialiser has run; nothing else to do
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertNoLeaks();
    }

    /**
     * Fails when Netty reported a leak since the last check; collects first, so that leaked buffers are found. For
     * tests that check between their own steps (a fuzzer, every so many cases).
     */
    public static void assertNoLeaks() {
        for (int round = 0; round < 2; round++) {
            System.gc();
            for (int i = 0; i < 8; i++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                probe.release();
                ByteBuf heapProbe = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                heapProbe.release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String report = String.join("\n----\n", LEAKS);
            LEAKS.clear();
            throw new AssertionError("Netty reported a ByteBuf leak:\n" + report);
        }
    }
}
