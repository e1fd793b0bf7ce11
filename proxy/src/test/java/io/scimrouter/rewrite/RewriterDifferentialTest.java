package io.scimrouter.rewrite;

import io.scimrouter.rewrite.JsonDocumentArbitraries.Chunking;
import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Result;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's rewriter against the jackson-core reference: for generated and real bodies, cut into chunks anywhere,
 * both must give the same bytes, the same count of rewritten URLs, the same verdict on malformed input and the same
 * limit failures.
 *
 * <p>CI runs a fixed seed ({@link #SEED}) with the tries of {@code jqwik.tries.default} in
 * {@code junit-platform.properties}. A longer run raises the tries from the command line (JUnit reads configuration
 * parameters from system properties too), e.g.
 * {@code mvn -B -ntp -q -pl proxy test -Dtest=RewriterDifferentialTest -Djqwik.tries.default=100000}.
 */
class RewriterDifferentialTest {
    /** The seed of every property here, so that CI runs the same cases each time. */
    static final String SEED = "20261206";

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void wellFormedBody_sameBytesFromBoth(@ForAll("wellFormed") byte[] body, @ForAll("chunkings") Chunking chunking,
                                          @ForAll boolean requestDirection) {
        UrlMapping mapping = requestDirection ? JsonDocumentArbitraries.REQUESTS : JsonDocumentArbitraries.RESPONSES;
        Outcome reference = Outcome.of(RewriterKind.JACKSON, body, chunking, mapping, RewriteLimits.DEFAULT);
        Outcome scanning = Outcome.of(RewriterKind.SCANNING, body, chunking, mapping, RewriteLimits.DEFAULT);
        assertThat(reference.malformed()).as("the generator writes JSON: %s", reference.text()).isFalse();
        assertSame(body, reference, scanning);
        Statistics.label("URLs rewritten").collect(reference.rewritten() == 0 ? "none" : "some");
        Statistics.label("URLs rewritten").coverage(c -> c.check("some").percentage(p -> p > 30));
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void malformedBody_sameBytesAndVerdictFromBoth(@ForAll("malformed") byte[] body,
                                                   @ForAll("chunkings") Chunking chunking) {
        UrlMapping mapping = JsonDocumentArbitraries.RESPONSES;
        Outcome reference = Outcome.of(RewriterKind.JACKSON, body, chunking, mapping, RewriteLimits.DEFAULT);
        Outcome scanning = Outcome.of(RewriterKind.SCANNING, body, chunking, mapping, RewriteLimits.DEFAULT);
        assertSame(body, reference, scanning);
        Statistics.label("verdict").collect(reference.malformed() ? "malformed" : "still JSON");
        Statistics.label("verdict").coverage(c -> c.check("malformed").percentage(p -> p > 50));
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void tightLimits_sameFailuresFromBoth(@ForAll("wellFormed") byte[] body, @ForAll("chunkings") Chunking chunking,
                                          @ForAll @IntRange(min = 1, max = 60) int maxStringLength,
                                          @ForAll @IntRange(min = 1, max = 5) int maxNestingDepth) {
        RewriteLimits limits = new RewriteLimits(maxStringLength, maxNestingDepth);
        UrlMapping mapping = JsonDocumentArbitraries.RESPONSES;
        Outcome reference = Outcome.of(RewriterKind.JACKSON, body, chunking, mapping, limits);
        Outcome scanning = Outcome.of(RewriterKind.SCANNING, body, chunking, mapping, limits);
        assertSame(body, reference, scanning);
        Statistics.label("limits").collect(reference.limitExceeded() ? "exceeded" : "kept");
        Statistics.label("limits").coverage(c -> {
            c.check("exceeded").percentage(p -> p > 20);
            c.check("kept").percentage(p -> p > 5);
        });
    }

    @Provide
    Arbitrary<byte[]> wellFormed() {
        return JsonDocumentArbitraries.wellFormed();
    }

    @Provide
    Arbitrary<byte[]> malformed() {
        return JsonDocumentArbitraries.malformed();
    }

    @Provide
    Arbitrary<Chunking> chunkings() {
        return JsonDocumentArbitraries.chunkings();
    }

    private static void assertSame(byte[] body, Outcome reference, Outcome scanning) {
        String description = "body " + new String(body, StandardCharsets.UTF_8) + "\nbytes " + Arrays.toString(body);
        assertThat(scanning.limitExceeded()).as("limit exceeded; %s", description)
                .isEqualTo(reference.limitExceeded());
        if (reference.limitExceeded()) {
            return;
        }
        assertThat(scanning.malformed()).as("malformed; %s", description).isEqualTo(reference.malformed());
        assertThat(scanning.text()).as(description).isEqualTo(reference.text());
        assertThat(scanning.output()).as(description).isEqualTo(reference.output());
        assertThat(scanning.rewritten()).as("rewritten count; %s", description).isEqualTo(reference.rewritten());
    }

    /** What one rewriter made of a body: its output, or the limit it broke. */
    private record Outcome(byte[] output, boolean malformed, long rewritten, boolean limitExceeded) {
        static Outcome of(RewriterKind rewriter, byte[] body, Chunking chunking, UrlMapping mapping,
                          RewriteLimits limits) {
            // tiny pieces in untracked buffers: the PARANOID leak detector's records would cost minutes
            ChunkKind kind = chunking.kind() == Chunking.Kind.ONE || chunking.kind() == Chunking.Kind.THREE
                    ? ChunkKind.WRAPPED_ARRAY
                    : ChunkKind.values()[(int) Math.floorMod(chunking.seed(), (long) ChunkKind.values().length)];
            try {
                Result result = RewriteHarness.rewrite(rewriter, body, chunking.cuts(body.length), kind, mapping,
                        limits);
                return new Outcome(result.output(), result.malformed(), result.rewrittenCount(), false);
            } catch (RewriteLimitExceededException e) {
                return new Outcome(null, false, 0, true);
            }
        }

        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }
    }
}
