package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static io.scimrouter.rewrite.RewriteHarness.OUTPUT_ALLOC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rewriter's life cycle: what a caller is told after a failure or the end, and the malformed flag. */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class JsonUrlRewriterStateTest {
    @Parameter
    RewriterKind rewriter;

    /** Limits never used before in this JVM: the rewriter builds their parser factory the first time. */
    private static final AtomicInteger FRESH_LIMIT = new AtomicInteger(700_000);

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void aWellFormedBody_isNotMalformed() {
        RewriteHarness.Result result = RewriteHarness.rewrite(rewriter, 
                "{\"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/1\"}".getBytes(StandardCharsets.UTF_8),
                new int[] {5}, ChunkKind.POOLED_DIRECT);
        assertThat(result.malformed()).isFalse();
        assertThat(result.rewrittenCount()).isEqualTo(1);
    }

    @Test
    void afterTheEnd_feedAndFinishSaySo_andTheChunkIsReleased() {
        JsonUrlRewriter oneBody = rewriter.create(RewriteHarness.MAPPING, RewriteLimits.DEFAULT);
        oneBody.finish(OUTPUT_ALLOC).release();
        ByteBuf late = text("{}");
        assertThatThrownBy(() -> oneBody.feed(late, OUTPUT_ALLOC))
                .isInstanceOf(IllegalStateException.class).hasMessage("body already finished");
        assertThat(late.refCnt()).isZero();
        assertThatThrownBy(() -> oneBody.finish(OUTPUT_ALLOC))
                .isInstanceOf(IllegalStateException.class).hasMessage("body already finished");
    }

    @Test
    void afterAFailure_feedAndFinishSaySo() {
        JsonUrlRewriter oneBody = rewriter.create(RewriteHarness.MAPPING, new RewriteLimits(4, 4));
        assertThatThrownBy(() -> oneBody.feed(text("{\"abcdefgh\":1}"), OUTPUT_ALLOC))
                .isInstanceOf(RewriteLimitExceededException.class);
        ByteBuf next = text("{}");
        assertThatThrownBy(() -> oneBody.feed(next, OUTPUT_ALLOC))
                .isInstanceOf(IllegalStateException.class).hasMessage("rewriter failed on an earlier chunk");
        assertThat(next.refCnt()).isZero();
        assertThatThrownBy(() -> oneBody.finish(OUTPUT_ALLOC))
                .isInstanceOf(IllegalStateException.class).hasMessage("rewriter failed on an earlier chunk");
    }

    @Test
    void limitsSeenForTheFirstTime_getTheirOwnParser() {
        int limit = FRESH_LIMIT.incrementAndGet();
        RewriteLimits limits = new RewriteLimits(limit, 2);
        String atLimit = "{\"a\":\"" + "x".repeat(limit) + "\"}";
        assertThat(RewriteHarness.rewrite(rewriter, atLimit.getBytes(StandardCharsets.UTF_8), new int[0],
                ChunkKind.WRAPPED_ARRAY, RewriteHarness.MAPPING, limits).output())
                .isEqualTo(atLimit.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RewriteHarness.rewrite(rewriter, "[[[1]]]".getBytes(StandardCharsets.UTF_8),
                new int[0],
                ChunkKind.WRAPPED_ARRAY, RewriteHarness.MAPPING, limits))
                .isInstanceOf(RewriteLimitExceededException.class);
    }
}
