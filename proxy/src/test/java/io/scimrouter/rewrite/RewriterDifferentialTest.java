package io.scimrouter.rewrite;

import io.scimrouter.rewrite.JsonDocumentArbitraries.Chunking;
import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.OverlongDocumentArbitraries.Overlong;
import io.scimrouter.rewrite.OverlongDocumentArbitraries.OverlongCase;
import io.scimrouter.rewrite.OverlongDocumentArbitraries.Where;
import io.scimrouter.rewrite.RewriteHarness.Run;
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

    /**
     * Bodies both over a limit and broken, cut into chunks anywhere. The rewriters check a string's length at
     * different moments: the scanner at the end of each chunk (values) and at the closing quote (values and names);
     * jackson when its text buffer fills a segment (values; the segments come from a recycler, so their sizes depend
     * on what the thread parsed before), when its name buffer grows (names: at 32, 64, 128... bytes) and at the
     * closing quote. So the strongest statement depends on where the break is:
     * <ul>
     *   <li>before the token crosses the limit, or anywhere for nesting (both check at the opener): the same verdict
     *       and, unless a limit, the same bytes;</li>
     *   <li>after the token ended (its closing quote): both fail with the limit;</li>
     *   <li>inside a string value or a name after it crossed the limit: each fails, with the limit or as malformed;
     *       both malformed means the same bytes.</li>
     * </ul>
     * Where either fails with the limit, what it emitted before is the start of what the other emitted. In every
     * case neither throws anything else, the harness finds every buffer released and the scanner within its bound
     * after every chunk, and {@code JqwikLeakCheck} finds no leak.
     */
    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void overlongAndBrokenBody_sameUpToTheFirstFailure(@ForAll("overlongAndBroken") OverlongCase body,
                                                         @ForAll("chunkings") Chunking chunking) {
        UrlMapping mapping = JsonDocumentArbitraries.RESPONSES;
        Outcome reference = Outcome.of(RewriterKind.JACKSON, body.body(), chunking, mapping, body.limits());
        Outcome scanning = Outcome.of(RewriterKind.SCANNING, body.body(), chunking, mapping, body.limits());
        boolean brokenInsideAfterCrossing = body.where() == Where.IN_TOKEN_AFTER_CROSSING
                && body.overlong() != Overlong.NESTING;
        if (!brokenInsideAfterCrossing) {
            assertSame(body.body(), reference, scanning);
        }
        if (body.where() == Where.AFTER_TOKEN) {
            assertThat(reference.limitExceeded()).as("reference over the limit; %s", body).isTrue();
            assertThat(scanning.limitExceeded()).as("scanner over the limit; %s", body).isTrue();
        }
        if (brokenInsideAfterCrossing) {
            assertThat(reference.limitExceeded() || reference.malformed()).as("reference failed; %s", body).isTrue();
            assertThat(scanning.limitExceeded() || scanning.malformed()).as("scanner failed; %s", body).isTrue();
            if (!reference.limitExceeded() && !scanning.limitExceeded()) {
                assertSame(body.body(), reference, scanning);
            }
        }
        assertEmittedAgreeUpToTheFirstFailure(body, reference, scanning);
        Statistics.label("where").collect(body.where());
        Statistics.label("where").coverage(c -> {
            c.check(Where.BEFORE_CROSSING).percentage(p -> p > 25);
            c.check(Where.IN_TOKEN_AFTER_CROSSING).percentage(p -> p > 15);
            c.check(Where.AFTER_TOKEN).percentage(p -> p > 10);
        });
        if (brokenInsideAfterCrossing) {
            Statistics.label("broken inside after crossing: overlong, reference/scanner").collect(
                    body.overlong() + ", " + reference.verdict() + "/" + scanning.verdict());
        }
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
    Arbitrary<OverlongCase> overlongAndBroken() {
        return OverlongDocumentArbitraries.overlongAndBroken();
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

    /**
     * What a rewriter emitted before it failed with a limit is the start of what the other emitted (both rewrite the
     * same URLs in the well-formed part before the first failure; a malformed body's rest goes out unchanged).
     */
    private static void assertEmittedAgreeUpToTheFirstFailure(OverlongCase body, Outcome reference,
                                                              Outcome scanning) {
        if (!reference.limitExceeded() && !scanning.limitExceeded()) {
            return; // the same bytes in full, checked by the caller
        }
        byte[] shorter = reference.output().length <= scanning.output().length ? reference.output()
                : scanning.output();
        byte[] longer = shorter == reference.output() ? scanning.output() : reference.output();
        assertThat(Arrays.copyOf(longer, shorter.length)).as("emitted before the first failure; %s", body)
                .isEqualTo(shorter);
        if (reference.limitExceeded() != scanning.limitExceeded()) {
            Outcome failed = reference.limitExceeded() ? reference : scanning;
            assertThat(failed.output().length).as("the one over the limit emitted less; %s", body)
                    .isLessThanOrEqualTo((failed == reference ? scanning : reference).output().length);
        }
    }

    /** What one rewriter made of a body: what it emitted (all, or before it failed), and whether it broke a limit. */
    private record Outcome(byte[] output, boolean malformed, long rewritten, boolean limitExceeded) {
        static Outcome of(RewriterKind rewriter, byte[] body, Chunking chunking, UrlMapping mapping,
                          RewriteLimits limits) {
            // tiny pieces in untracked buffers: the PARANOID leak detector's records would cost minutes
            ChunkKind kind = chunking.kind() == Chunking.Kind.ONE || chunking.kind() == Chunking.Kind.THREE
                    ? ChunkKind.WRAPPED_ARRAY
                    : ChunkKind.values()[(int) Math.floorMod(chunking.seed(), (long) ChunkKind.values().length)];
            Run run = RewriteHarness.run(rewriter, body, chunking.cuts(body.length), kind, mapping, limits);
            return new Outcome(run.output(), run.malformed(), run.rewrittenCount(), run.limitExceeded() != null);
        }

        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }

        String verdict() {
            return limitExceeded ? "limit" : malformed ? "malformed" : "JSON";
        }
    }
}
