package io.scimrouter.rewrite;

import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Result;
import io.scimrouter.rewrite.ScimLikeDocumentGenerator.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random SCIM-like documents (fixed seeds) split at every boundary or at seeded random points: the output must equal
 * the generator's own expectation byte for byte, however the body is cut (inside UTF-8 sequences, escapes, numbers).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class JsonUrlRewriterPropertyTest {
    @Parameter
    RewriterKind rewriter;

    private static final ChunkKind[] KINDS = ChunkKind.values();

    static LongStream smallSeeds() {
        return LongStream.range(0, 120);
    }

    static LongStream largeSeeds() {
        return LongStream.range(1000, 1006);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("smallSeeds")
    void smallDocument_splitInTwoAtEveryBoundary(long seed) {
        Document doc = ScimLikeDocumentGenerator.generate(seed, 12);
        ChunkKind kind = KINDS[(int) (seed % KINDS.length)];
        for (int cut = 0; cut <= doc.input().length; cut++) {
            // every cut once; the leak-tracked buffer kinds on every eighth, as PARANOID tracking costs minutes here
            Result result = RewriteHarness.rewrite(rewriter, doc.input(), new int[] {cut},
                    cut % 8 == 0 ? kind : ChunkKind.WRAPPED_ARRAY);
            assertRewritten(doc, result, "seed " + seed + ", cut at " + cut);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("smallSeeds")
    void smallDocument_fedOneAndThreeBytesAtATime(long seed) {
        Document doc = ScimLikeDocumentGenerator.generate(seed, 12);
        for (int size : new int[] {1, 3}) {
            Result result = RewriteHarness.rewriteInPiecesOf(rewriter, doc.input(), size, KINDS[size % KINDS.length]);
            assertRewritten(doc, result, "seed " + seed + ", pieces of " + size);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("largeSeeds")
    void largeDocument_splitAtSeededRandomPoints(long seed) {
        Document doc = ScimLikeDocumentGenerator.generate(seed, 2500);
        assertThat(doc.input().length).as("a large document").isGreaterThan(20_000);
        Random random = new Random(seed);
        int[][] sizeSets = {{1}, {3}, {100}, {1, 3, 100, 8192}};
        for (int[] sizes : sizeSets) {
            int[] cuts = RewriteHarness.randomCuts(doc.input().length, random, sizes);
            // tiny pieces in untracked buffers: the PARANOID detector's stack traces would cost minutes here
            ChunkKind kind = sizes.length == 1 && sizes[0] < 100
                    ? ChunkKind.WRAPPED_ARRAY : KINDS[random.nextInt(KINDS.length)];
            Result result = RewriteHarness.rewrite(rewriter, doc.input(), cuts, kind);
            assertRewritten(doc, result, "seed " + seed + ", sizes " + java.util.Arrays.toString(sizes));
        }
    }

    @Test
    void generator_producesMatchesNearMissesAndUntouchedDocuments() {
        int withUrls = 0;
        int withoutUrls = 0;
        for (long seed : smallSeeds().toArray()) {
            Document doc = ScimLikeDocumentGenerator.generate(seed, 12);
            if (doc.urlCount() > 0) {
                withUrls++;
                assertThat(doc.expected()).isNotEqualTo(doc.input());
            } else {
                withoutUrls++;
                assertThat(doc.expected()).isEqualTo(doc.input());
            }
        }
        // the seeds cover both kinds, so both halves of the property are exercised
        assertThat(withUrls).isGreaterThan(20);
        assertThat(withoutUrls).isGreaterThan(5);
    }

    private static void assertRewritten(Document doc, Result result, String description) {
        assertThat(result.malformed()).as(description + ": malformed").isFalse();
        assertThat(result.rewrittenCount()).as(description + ": rewritten count").isEqualTo(doc.urlCount());
        if (!java.util.Arrays.equals(result.output(), doc.expected())) {
            assertThat(new String(result.output(), java.nio.charset.StandardCharsets.UTF_8)).as(description)
                    .isEqualTo(new String(doc.expected(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(result.output()).as(description).isEqualTo(doc.expected());
        }
    }
}
