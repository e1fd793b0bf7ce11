package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Feeds a body to a {@link JsonUrlRewriter} in given pieces and collects what comes out, releasing every buffer, and
 * checks after every call, on success and on failure alike, what a rewriter promises about buffers and memory:
 * <ul>
 *   <li>the chunk it was given and every buffer it allocated in the call are released once the harness has released
 *       what the call returned (so the rewriter holds no buffer between calls, and abandoning it leaks nothing); a
 *       second release would have thrown {@code IllegalReferenceCountException}, so released means released once;</li>
 *   <li>after a failure it stays failed: a further chunk is released and refused, and so is {@code finish};</li>
 *   <li>the proxy's rewriter ({@link ScanningUrlRewriter}) holds back at most {@link #maxHeldBytes} body bytes and
 *       keeps arrays of at most {@link #maxRetainedBytes} bytes between calls.</li>
 * </ul>
 */
final class RewriteHarness {
    static final UrlMapping MAPPING = UrlMapping.of(
            List.of("http://10.0.0.5:8080/scim/v2/p1/e1", "https://public.example.com/scim/v2/p1/e1"),
            "https://public.example.com/scim/v2/p1/e1/v2/acme");
    static final ByteBufAllocator OUTPUT_ALLOC = PooledByteBufAllocator.DEFAULT;
    /** The start of a field name that crosses chunks, and its decoded chars: the scanner's fixed arrays. */
    private static final int NAME_ARRAYS_BYTES =
            JsonStructureScanner.MAX_URL_NAME_BYTES + 2 * JsonStructureScanner.MAX_URL_NAME_BYTES;

    /** How the chunks are backed: the rewriter reads arrays directly and copies from the others. */
    enum ChunkKind {
        UNPOOLED_HEAP,
        POOLED_HEAP_WITH_OFFSET,
        POOLED_DIRECT,
        /** Not tracked by the leak detector: cheap enough for bodies fed a byte at a time (refCnt is still checked). */
        WRAPPED_ARRAY
    }

    record Result(byte[] output, boolean malformed, long rewrittenCount) {
    }

    /**
     * What a rewriter made of a body: the bytes it emitted (all of them, or those before it failed), and the limit it
     * broke, if it did; {@code maxHeldBytes} is the most the proxy's rewriter held back after a call (0 for the
     * reference).
     */
    record Run(byte[] output, boolean malformed, long rewrittenCount, RewriteLimitExceededException limitExceeded,
               long maxHeldBytes) {
    }

    private RewriteHarness() {
    }

    /**
     * The most body bytes {@link ScanningUrlRewriter} may hold back between calls: a value of
     * {@code maxStringLength + 3} six-byte escapes followed by a cut escape's {@code \}{@code u}, and its opening
     * quote (see {@link ScanningUrlRewriter#heldBytes()} for the derivation).
     */
    static long maxHeldBytes(RewriteLimits limits) {
        return 6L * (limits.maxStringLength() + 3) + 2 + 1;
    }

    /**
     * The most array bytes {@link ScanningUrlRewriter} may keep between calls: the held-back array, grown by doubling
     * (below twice the most it held), the scanner's name arrays, and its bits of nesting (a power-of-two count of
     * longs, below twice the words that {@code maxNestingDepth} bits need).
     */
    static long maxRetainedBytes(RewriteLimits limits) {
        long nestingWords = (limits.maxNestingDepth() + 63) / 64;
        return 2 * maxHeldBytes(limits) + NAME_ARRAYS_BYTES + 2 * 8 * nestingWords;
    }

    static Result rewrite(RewriterKind rewriterKind, byte[] body, int[] cuts, ChunkKind kind) {
        return rewrite(rewriterKind, body, cuts, kind, MAPPING, RewriteLimits.DEFAULT);
    }

    /** {@code cuts} are ascending offsets inside the body where one chunk ends and the next begins. */
    static Result rewrite(RewriterKind rewriterKind, byte[] body, int[] cuts, ChunkKind kind, UrlMapping mapping,
                          RewriteLimits limits) {
        Run run = run(rewriterKind, body, cuts, kind, mapping, limits);
        if (run.limitExceeded() != null) {
            throw run.limitExceeded();
        }
        return new Result(run.output(), run.malformed(), run.rewrittenCount());
    }

    /** As {@link #rewrite}, but a broken limit ends the run with what was emitted before it instead of throwing. */
    static Run run(RewriterKind rewriterKind, byte[] body, int[] cuts, ChunkKind kind, UrlMapping mapping,
                   RewriteLimits limits) {
        return run(rewriterKind.create(mapping, limits), body, cuts, kind, limits, maxHeldBytes(limits));
    }

    /** As above, for a given rewriter and bound on held-back bytes (the harness's own tests pass broken ones). */
    static Run run(JsonUrlRewriter rewriter, byte[] body, int[] cuts, ChunkKind kind, RewriteLimits limits,
                   long maxHeld) {
        RecordingAllocator alloc = new RecordingAllocator(OUTPUT_ALLOC);
        ByteArrayOutputStream collected = new ByteArrayOutputStream(body.length + 1024);
        long mostHeld = 0;
        int from = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : body.length;
                ByteBuf chunk = chunk(body, from, to, kind);
                ByteBuf out;
                try {
                    out = rewriter.feed(chunk, alloc);
                } catch (RuntimeException | Error e) {
                    assertReleased("a failed feed", chunk, alloc, e);
                    throw e;
                }
                drain(out, collected);
                assertReleased("a feed", chunk, alloc, null);
                mostHeld = Math.max(mostHeld, assertWithinBounds(rewriter, limits, maxHeld));
                from = to;
            }
            ByteBuf out;
            try {
                out = rewriter.finish(alloc);
            } catch (RuntimeException | Error e) {
                assertReleased("a failed finish", null, alloc, e);
                throw e;
            }
            drain(out, collected);
            assertReleased("finish", null, alloc, null);
        } catch (RewriteLimitExceededException e) {
            assertWithinBounds(rewriter, limits, maxHeld);
            assertRefusedAfterFailure(rewriter, alloc);
            return new Run(collected.toByteArray(), rewriter.malformed(), rewriter.rewrittenCount(), e, mostHeld);
        }
        assertWithinBounds(rewriter, limits, maxHeld);
        return new Run(collected.toByteArray(), rewriter.malformed(), rewriter.rewrittenCount(), null, mostHeld);
    }

    /**
     * After the harness released what a call returned, the call's chunk and every buffer it allocated must be
     * released: checked at once, before any allocation could hand a released buffer's object out again.
     */
    private static void assertReleased(String call, ByteBuf chunk, RecordingAllocator alloc, Throwable failure) {
        List<String> unreleased = new ArrayList<>();
        if (chunk != null && chunk.refCnt() != 0) {
            unreleased.add("the chunk fed (refCnt " + chunk.refCnt() + ")");
        }
        for (ByteBuf buf : alloc.takeAllocated()) {
            if (buf.refCnt() != 0) {
                unreleased.add("a buffer the rewriter allocated (refCnt " + buf.refCnt() + ")");
            }
        }
        if (!unreleased.isEmpty()) {
            throw new AssertionError("after " + call + ", still unreleased: " + unreleased, failure);
        }
    }

    /** A failed rewriter refuses more: a further chunk is released and refused, and so is finish. */
    private static void assertRefusedAfterFailure(JsonUrlRewriter rewriter, RecordingAllocator alloc) {
        ByteBuf more = PooledByteBufAllocator.DEFAULT.heapBuffer(1).writeByte('}');
        Throwable refused = catchThrowable(() -> rewriter.feed(more, alloc));
        if (!(refused instanceof IllegalStateException)) {
            throw new AssertionError("a feed after the failure was not refused: " + refused, refused);
        }
        assertReleased("a feed after the failure", more, alloc, null);
        refused = catchThrowable(() -> rewriter.finish(alloc));
        if (!(refused instanceof IllegalStateException)) {
            throw new AssertionError("finish after the failure was not refused: " + refused, refused);
        }
        assertReleased("finish after the failure", null, alloc, null);
    }

    /** The proxy's rewriter within its bounds between calls; returns what it holds back (0 for the reference). */
    private static long assertWithinBounds(JsonUrlRewriter rewriter, RewriteLimits limits, long maxHeld) {
        if (!(rewriter instanceof ScanningUrlRewriter scanning)) {
            return 0; // the reference buffers what jackson does; only the proxy's rewriter promises a bound
        }
        long held = scanning.heldBytes();
        if (held < 0 || held > maxHeld) {
            throw new AssertionError("held back " + held + " bytes, the bound is " + maxHeld + " (" + limits + ")");
        }
        long retained = scanning.retainedBytes();
        if (retained > maxRetainedBytes(limits)) {
            throw new AssertionError("keeps arrays of " + retained + " bytes, the bound for " + limits + " is "
                    + maxRetainedBytes(limits));
        }
        return held;
    }

    static Result rewriteInPiecesOf(RewriterKind rewriterKind, byte[] body, int size, ChunkKind kind) {
        return rewrite(rewriterKind, body, evenCuts(body.length, size), kind);
    }

    static int[] evenCuts(int length, int size) {
        int count = Math.max(0, (length - 1) / size);
        int[] cuts = new int[count];
        for (int i = 0; i < count; i++) {
            cuts[i] = (i + 1) * size;
        }
        return cuts;
    }

    /** Cuts at seeded random distances drawn from {@code sizes}. */
    static int[] randomCuts(int length, Random random, int... sizes) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        while (true) {
            int size = sizes[random.nextInt(sizes.length)];
            at += 1 + random.nextInt(size);
            if (at >= length) {
                break;
            }
            cuts.add(at);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    static ByteBuf chunk(byte[] body, int from, int to, ChunkKind kind) {
        int length = to - from;
        return switch (kind) {
            case UNPOOLED_HEAP -> UnpooledByteBufAllocator.DEFAULT.heapBuffer(length).writeBytes(body, from, length);
            case POOLED_HEAP_WITH_OFFSET -> {
                // a few bytes of junk before the readable part, so array offsets other than zero are exercised
                ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(length + 3);
                buf.writeBytes(new byte[] {'x', '"', '\\'}).writeBytes(body, from, length);
                yield buf.skipBytes(3);
            }
            case POOLED_DIRECT -> PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(body, from, length);
            // an empty wrap would be the shared EMPTY_BUFFER, whose release does nothing
            case WRAPPED_ARRAY -> length == 0
                    ? UnpooledByteBufAllocator.DEFAULT.heapBuffer(0) : Unpooled.wrappedBuffer(body, from, length);
        };
    }

    static void drain(ByteBuf out, ByteArrayOutputStream collected) {
        try {
            byte[] bytes = new byte[out.readableBytes()];
            out.getBytes(out.readerIndex(), bytes);
            collected.writeBytes(bytes);
        } finally {
            out.release();
        }
    }
}
