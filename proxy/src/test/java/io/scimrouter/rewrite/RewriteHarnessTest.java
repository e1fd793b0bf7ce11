package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness's checks can fail: rewriters broken on purpose (each keeps what it breaks, so this test leaks nothing
 * itself) are caught, on success and on the failure path, and so is a held-back count beyond the bound.
 */
class RewriteHarnessTest {
    private static final byte[] BODY = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
    private static final RewriteLimits LIMITS = new RewriteLimits(10, 4);

    private final List<ByteBuf> kept = new ArrayList<>();

    @AfterEach
    void releaseWhatTheBrokenRewritersKept() {
        for (ByteBuf buf : kept) {
            if (buf.refCnt() > 0) {
                buf.release(buf.refCnt());
            }
        }
    }

    private RewriteHarness.Run run(Flaw flaw, ChunkKind kind) {
        return RewriteHarness.run(new Broken(flaw, kept), BODY, new int[] {4}, kind, LIMITS,
                RewriteHarness.maxHeldBytes(LIMITS));
    }

    @ParameterizedTest
    @EnumSource(ChunkKind.class)
    void aRewriterThatKeepsABufferItAllocated_fails(ChunkKind kind) {
        assertThatThrownBy(() -> run(Flaw.KEEPS_A_BUFFER, kind))
                .isInstanceOf(AssertionError.class)
                .hasMessage("after a feed, still unreleased: [a buffer the rewriter allocated (refCnt 1)]");
    }

    @ParameterizedTest
    @EnumSource(ChunkKind.class)
    void aRewriterThatDropsTheChunkWhenItFails_fails(ChunkKind kind) {
        assertThatThrownBy(() -> run(Flaw.KEEPS_THE_CHUNK_WHEN_FAILING, kind))
                .isInstanceOf(AssertionError.class)
                .hasMessage("after a failed feed, still unreleased: [the chunk fed (refCnt 1)]")
                .hasCauseInstanceOf(RewriteLimitExceededException.class);
    }

    @Test
    void aRewriterThatKeepsItsPartialOutputWhenItFails_fails() {
        assertThatThrownBy(() -> run(Flaw.KEEPS_ITS_OUTPUT_WHEN_FAILING, ChunkKind.POOLED_DIRECT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("after a failed feed, still unreleased: [a buffer the rewriter allocated (refCnt 1)]");
    }

    @Test
    void aRewriterThatTakesInputAfterItFailed_fails() {
        assertThatThrownBy(() -> run(Flaw.TAKES_INPUT_AFTER_FAILING, ChunkKind.POOLED_DIRECT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("a feed after the failure was not refused: null");
    }

    @Test
    void aRewriterThatReleasesTheChunkItReturns_fails() {
        assertThatThrownBy(() -> run(Flaw.RELEASES_WHAT_IT_RETURNS, ChunkKind.POOLED_HEAP_WITH_OFFSET))
                .isInstanceOf(IllegalReferenceCountException.class);
    }

    @Test
    void holdingBackOneByteMoreThanTheBound_fails() {
        // the worst case of ScanningUrlRewriterBoundTest, checked against a bound one byte short of it
        byte[] body = ("{\"$ref\":\"" + "\\u0041".repeat(13) + "\\u0041\"}").getBytes(StandardCharsets.UTF_8);
        int cut = body.length - "0041\"}".length();
        long bound = RewriteHarness.maxHeldBytes(LIMITS);
        assertThat(RewriteHarness.run(new ScanningUrlRewriter(RewriteHarness.MAPPING, LIMITS), body,
                new int[] {cut}, ChunkKind.WRAPPED_ARRAY, LIMITS, bound).maxHeldBytes()).isEqualTo(bound);
        assertThatThrownBy(() -> RewriteHarness.run(new ScanningUrlRewriter(RewriteHarness.MAPPING, LIMITS), body,
                new int[] {cut}, ChunkKind.WRAPPED_ARRAY, LIMITS, bound - 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("held back " + bound + " bytes, the bound is " + (bound - 1));
    }

    enum Flaw {
        KEEPS_A_BUFFER,
        KEEPS_THE_CHUNK_WHEN_FAILING,
        KEEPS_ITS_OUTPUT_WHEN_FAILING,
        TAKES_INPUT_AFTER_FAILING,
        RELEASES_WHAT_IT_RETURNS
    }

    /** Passes chunks through unchanged, broken in one way; what it should have released goes to {@code kept}. */
    private static final class Broken implements JsonUrlRewriter {
        private final Flaw flaw;
        private final List<ByteBuf> kept;
        private boolean failed;

        Broken(Flaw flaw, List<ByteBuf> kept) {
            this.flaw = flaw;
            this.kept = kept;
        }

        @Override
        public ByteBuf feed(ByteBuf chunk, ByteBufAllocator alloc) {
            if (failed) {
                kept.add(chunk); // handed back as if the body went on
                return chunk;
            }
            switch (flaw) {
                case KEEPS_A_BUFFER -> kept.add(alloc.buffer(16).writeLong(1));
                case KEEPS_THE_CHUNK_WHEN_FAILING -> {
                    kept.add(chunk);
                    throw fail();
                }
                case KEEPS_ITS_OUTPUT_WHEN_FAILING -> {
                    kept.add(alloc.buffer(16).writeBytes(chunk));
                    chunk.release();
                    throw fail();
                }
                case TAKES_INPUT_AFTER_FAILING -> {
                    chunk.release();
                    throw fail();
                }
                case RELEASES_WHAT_IT_RETURNS -> chunk.release();
                default -> throw new IllegalStateException(flaw.name());
            }
            return chunk;
        }

        private RewriteLimitExceededException fail() {
            failed = true;
            return new RewriteLimitExceededException("broken on purpose");
        }

        @Override
        public ByteBuf finish(ByteBufAllocator alloc) {
            return alloc.buffer(0);
        }

        @Override
        public boolean malformed() {
            return false;
        }

        @Override
        public long rewrittenCount() {
            return 0;
        }
    }
}
