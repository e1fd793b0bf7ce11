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

import static org.assertj.core.api.Assertions.assertThat;

/** Feeds a body to a {@link JsonUrlRewriter} in given pieces and collects what comes out, releasing every buffer. */
final class RewriteHarness {
    static final UrlMapping MAPPING = UrlMapping.of(
            List.of("http://10.0.0.5:8080/scim/v2/p1/e1", "https://public.example.com/scim/v2/p1/e1"),
            "https://public.example.com/scim/v2/p1/e1/v2/acme");
    static final ByteBufAllocator OUTPUT_ALLOC = PooledByteBufAllocator.DEFAULT;

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

    private RewriteHarness() {
    }

    static Result rewrite(RewriterKind rewriterKind, byte[] body, int[] cuts, ChunkKind kind) {
        return rewrite(rewriterKind, body, cuts, kind, MAPPING, RewriteLimits.DEFAULT);
    }

    /** {@code cuts} are ascending offsets inside the body where one chunk ends and the next begins. */
    static Result rewrite(RewriterKind rewriterKind, byte[] body, int[] cuts, ChunkKind kind, UrlMapping mapping,
                          RewriteLimits limits) {
        JsonUrlRewriter rewriter = rewriterKind.create(mapping, limits);
        ByteArrayOutputStream collected = new ByteArrayOutputStream(body.length + 1024);
        List<ByteBuf> fed = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : body.length;
            ByteBuf chunk = chunk(body, from, to, kind);
            fed.add(chunk);
            drain(rewriter.feed(chunk, OUTPUT_ALLOC), collected);
            from = to;
        }
        drain(rewriter.finish(OUTPUT_ALLOC), collected);
        for (ByteBuf chunk : fed) {
            assertThat(chunk.refCnt()).as("every fed chunk released").isZero();
        }
        return new Result(collected.toByteArray(), rewriter.malformed(), rewriter.rewrittenCount());
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
