package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.scimrouter.rewrite.RewriteHarness.OUTPUT_ALLOC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the proxy's rewriter holds between chunks ({@link ScanningUrlRewriter#heldBytes()}): never more than
 * {@link RewriteHarness#maxHeldBytes}, and that bound is reached, so it is the true worst case and not a guess. The
 * differential properties check the bound after every chunk of every generated body; these tests pin its edges.
 */
class ScanningUrlRewriterBoundTest {
    /** A URL field whose name (4 bytes) is within every limit used here. */
    private static final String URL_FIELD = "{\"$ref\":\"";
    /** One char in six bytes, the widest form a char can take. */
    private static final String SIX_BYTE_CHAR = "\\u0041";

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 10, 100})
    void limitPlusThreeEscapes_thenACutEscape_holdTheBoundExactly_andTheNextChunkFails(int limit) {
        RewriteLimits limits = new RewriteLimits(limit, 4);
        ScanningUrlRewriter rewriter = new ScanningUrlRewriter(RewriteHarness.MAPPING, limits);
        // the shrink counts the cut escape's 5 bytes ahead, so the chunk end sees limit chars, not limit + 3
        String first = URL_FIELD + SIX_BYTE_CHAR.repeat(limit + 3) + "\\u";
        ByteBuf out = rewriter.feed(text(first), OUTPUT_ALLOC);
        assertThat(out.readableBytes()).isEqualTo(URL_FIELD.length() - 1); // all but the value, from its quote
        out.release();
        assertThat(rewriter.heldBytes()).isEqualTo(RewriteHarness.maxHeldBytes(limits))
                .isEqualTo(6L * limit + 21);
        assertThat(rewriter.retainedBytes()).isLessThanOrEqualTo(RewriteHarness.maxRetainedBytes(limits));
        assertThatThrownBy(() -> rewriter.feed(text("0041\"}"), OUTPUT_ALLOC))
                .isInstanceOf(RewriteLimitExceededException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 10, 100})
    void oneEscapeMore_failsThatChunk_insteadOfHoldingMoreThanTheBound(int limit) {
        RewriteLimits limits = new RewriteLimits(limit, 4);
        ScanningUrlRewriter rewriter = new ScanningUrlRewriter(RewriteHarness.MAPPING, limits);
        String first = URL_FIELD + SIX_BYTE_CHAR.repeat(limit + 4) + "\\u";
        assertThatThrownBy(() -> rewriter.feed(text(first), OUTPUT_ALLOC))
                .isInstanceOf(RewriteLimitExceededException.class);
        assertThat(rewriter.heldBytes()).isZero();
    }

    /**
     * Overlong URL values of every char width, cut in two at every byte and in even pieces of every small size: the
     * harness checks the bound after every chunk; the most held over all cuts is the bound itself.
     */
    @Test
    void everyCutOfOverlongValues_staysWithinTheBound_andTheWorstReachesIt() {
        List<String> chars = List.of("x", "\\n", "é", "日", "😀", SIX_BYTE_CHAR, "\\uD83D\\uDE00");
        for (int limit = 4; limit <= 9; limit++) {
            RewriteLimits limits = new RewriteLimits(limit, 4);
            long most = 0;
            for (String c : chars) {
                byte[] body = (URL_FIELD + c.repeat(limit + 5) + "\"}").getBytes(StandardCharsets.UTF_8);
                for (int cut = 1; cut < body.length; cut++) {
                    most = Math.max(most, run(body, new int[] {cut}, limits).maxHeldBytes());
                }
                for (int size = 1; size <= 7; size++) {
                    most = Math.max(most, run(body, RewriteHarness.evenCuts(body.length, size), limits)
                            .maxHeldBytes());
                }
            }
            assertThat(most).as("limit %d", limit).isEqualTo(RewriteHarness.maxHeldBytes(limits));
        }
    }

    @Test
    void nothingIsHeld_outsideAPossibleUrlValue_afterAnError_orAfterTheEnd() {
        RewriteLimits limits = new RewriteLimits(100, 4);
        ScanningUrlRewriter rewriter = new ScanningUrlRewriter(RewriteHarness.MAPPING, limits);
        rewriter.feed(text("{\"display\":\"http://10.0.0.5:8080/scim/v2/p1"), OUTPUT_ALLOC).release();
        assertThat(rewriter.heldBytes()).isZero();
        rewriter.feed(text("/e1\",\"location\":\"http://10.0.0.5:8080/scim"), OUTPUT_ALLOC).release();
        assertThat(rewriter.heldBytes()).isEqualTo("\"http://10.0.0.5:8080/scim".length());
        rewriter.feed(text("/v2\u0001"), OUTPUT_ALLOC).release(); // a control character: malformed from here
        assertThat(rewriter.malformed()).isTrue();
        assertThat(rewriter.heldBytes()).isZero();
        rewriter.finish(OUTPUT_ALLOC).release();
        assertThat(rewriter.heldBytes()).isZero();

        ScanningUrlRewriter finished = new ScanningUrlRewriter(RewriteHarness.MAPPING, limits);
        finished.feed(text("{\"location\":\"http://10.0.0.5"), OUTPUT_ALLOC).release();
        assertThat(finished.heldBytes()).isPositive();
        finished.finish(OUTPUT_ALLOC).release(); // a truncated body: what was held goes out
        assertThat(finished.heldBytes()).isZero();
    }

    private static Run run(byte[] body, int[] cuts, RewriteLimits limits) {
        return RewriteHarness.run(RewriterKind.SCANNING, body, cuts, ChunkKind.WRAPPED_ARRAY, RewriteHarness.MAPPING,
                limits);
    }
}
