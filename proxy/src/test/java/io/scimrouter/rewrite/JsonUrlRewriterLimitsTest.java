package io.scimrouter.rewrite;

import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Result;
import io.scimrouter.testing.FreshThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Limits and buffer sizes at their exact edges: a name or string of exactly the limit passes and one more fails, and
 * the replacement of a long URL fits its buffer whatever ran on the thread before.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class JsonUrlRewriterLimitsTest {
    @Parameter
    RewriterKind rewriter;

    private static final String LEGACY = "http://10.0.0.5:8080/scim/v2/p1/e1";
    private static final String TENANT = "https://public.example.com/scim/v2/p1/e1/v2/acme";
    private static final RewriteLimits TWENTY = new RewriteLimits(20, 3);

    private Result rewrite(String body, RewriteLimits limits, ChunkKind kind, int... cuts) {
        return RewriteHarness.rewrite(rewriter, body.getBytes(StandardCharsets.UTF_8), cuts, kind,
                RewriteHarness.MAPPING,
                limits);
    }

    private static String output(Result result) {
        return new String(result.output(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(ChunkKind.class)
    void stringOfExactlyTheLimit_passes_andOneMoreCharacterFails(ChunkKind kind) {
        String atLimit = "{\"a\":\"" + "x".repeat(20) + "\"}";
        assertThat(output(rewrite(atLimit, TWENTY, kind))).isEqualTo(atLimit);
        assertThat(output(rewrite(atLimit, TWENTY, kind, 3, 9))).isEqualTo(atLimit);
        String overLimit = "{\"a\":\"" + "x".repeat(21) + "\"}";
        assertThatThrownBy(() -> rewrite(overLimit, TWENTY, kind))
                .isInstanceOf(RewriteLimitExceededException.class)
                .hasMessageContaining("20");
    }

    @Test
    void escapedCharactersCountOnceTheyAreUnescaped() {
        // 20 characters once unescaped, 40 bytes as sent: within the limit
        String escaped = "{\"a\":\"" + "\\n".repeat(20) + "\"}";
        assertThat(output(rewrite(escaped, TWENTY, ChunkKind.POOLED_DIRECT))).isEqualTo(escaped);
        String oneMore = "{\"a\":\"" + "\\n".repeat(21) + "\"}";
        assertThatThrownBy(() -> rewrite(oneMore, TWENTY, ChunkKind.POOLED_DIRECT))
                .isInstanceOf(RewriteLimitExceededException.class);
    }

    @Test
    void urlValueOfExactlyTheLimit_isRewritten_andOneMoreCharacterFails() {
        RewriteLimits limits = new RewriteLimits(LEGACY.length() + 10, 3);
        String atLimit = "{\"location\":\"" + LEGACY + "/" + "u".repeat(9) + "\"}";
        assertThat(output(rewrite(atLimit, limits, ChunkKind.UNPOOLED_HEAP, 20)))
                .isEqualTo(atLimit.replace(LEGACY, TENANT));
        String overLimit = "{\"location\":\"" + LEGACY + "/" + "u".repeat(10) + "\"}";
        assertThatThrownBy(() -> rewrite(overLimit, limits, ChunkKind.UNPOOLED_HEAP, 20))
                .isInstanceOf(RewriteLimitExceededException.class);
    }

    @ParameterizedTest
    @EnumSource(ChunkKind.class)
    void fieldNameOfExactlyTheLimit_passes_andOneMoreCharacterFails(ChunkKind kind) {
        String atLimit = "{\"" + "n".repeat(20) + "\":1}";
        assertThat(output(rewrite(atLimit, TWENTY, kind))).isEqualTo(atLimit);
        assertThat(output(rewrite(atLimit, TWENTY, kind, 5))).isEqualTo(atLimit);
        String overLimit = "{\"" + "n".repeat(21) + "\":1}";
        assertThatThrownBy(() -> rewrite(overLimit, TWENTY, kind))
                .isInstanceOf(RewriteLimitExceededException.class)
                .hasMessageContaining("20");
    }

    @Test
    void nestingOfExactlyTheLimit_passes_andOneLevelMoreFails() {
        String atLimit = "[{\"a\":[1]}]";
        assertThat(output(rewrite(atLimit, TWENTY, ChunkKind.POOLED_DIRECT))).isEqualTo(atLimit);
        assertThatThrownBy(() -> rewrite("[{\"a\":[[1]]}]", TWENTY, ChunkKind.POOLED_DIRECT))
                .isInstanceOf(RewriteLimitExceededException.class)
                .hasMessageContaining("3");
    }

    @Test
    void limitsOfOne_areTheSmallestAllowed() {
        RewriteLimits one = new RewriteLimits(1, 1);
        assertThat(one.maxStringLength()).isEqualTo(1);
        assertThat(one.maxNestingDepth()).isEqualTo(1);
        assertThat(output(rewrite("{\"a\":\"b\"}", one, ChunkKind.UNPOOLED_HEAP))).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void limitsBelowOne_areRefused_sayingWhich() {
        assertThatThrownBy(() -> new RewriteLimits(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxStringLength must be positive: 0");
        assertThatThrownBy(() -> new RewriteLimits(-5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxStringLength must be positive: -5");
        assertThatThrownBy(() -> new RewriteLimits(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxNestingDepth must be positive: 0");
        assertThatThrownBy(() -> new RewriteLimits(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxNestingDepth must be positive: -1");
    }

    @Test
    void defaults_areOneMebicharacterAnd64Levels() {
        assertThat(RewriteLimits.DEFAULT).isEqualTo(new RewriteLimits(1 << 20, 64));
    }

    /**
     * The replacement of a URL is written into a per-thread array sized for the worst case (every character a six-byte
     * escape). Each length runs on a new thread, where that array is still its first, smallest size, so a wrong size
     * fails here whatever ran before on the test's own thread.
     */
    @Test
    void longReplacements_fitTheirBuffer_onAThreadThatRewroteNothingBefore() throws Exception {
        // each escape as sent, and as the rewriter writes it again: only quote, backslash and controls stay escaped
        Map<String, String> escapes = Map.of("\\u0001", "\\u0001", "\\u00e9", "\u00e9", "\\u20ac", "\u20ac",
                "\\ud83d\\ude00", "\ud83d\ude00", "\\\"", "\\\"", "z", "z");
        for (Map.Entry<String, String> escape : escapes.entrySet()) {
            for (int count = 20; count <= 120; count++) {
                String body = "{\"location\":\"" + LEGACY + "/" + escape.getKey().repeat(count) + "\"}";
                String expected = "{\"location\":\"" + TENANT + "/" + escape.getValue().repeat(count) + "\"}";
                String fresh = FreshThread.call(() -> output(rewrite(body, RewriteLimits.DEFAULT,
                        ChunkKind.POOLED_DIRECT)));
                assertThat(fresh).as("%d x %s", count, escape.getKey()).isEqualTo(expected);
            }
        }
    }

    @Test
    void longTargetBases_fitTheirBuffer_withNothingAfterTheBase_onAFreshThread() throws Exception {
        for (int length = 240; length <= 270; length++) {
            String target = "https://t/" + "b".repeat(length - 10);
            UrlMapping mapping = UrlMapping.of(List.of(LEGACY), target);
            for (String suffix : List.of("", "/", "/x")) {
                String body = "{\"$ref\":\"" + LEGACY + suffix + "\"}";
                String fresh = FreshThread.call(() -> new String(RewriteHarness.rewrite(rewriter, 
                        body.getBytes(StandardCharsets.UTF_8), new int[0], ChunkKind.POOLED_DIRECT, mapping,
                        RewriteLimits.DEFAULT).output(), StandardCharsets.UTF_8));
                assertThat(fresh).as("target of %d, suffix '%s'", length, suffix)
                        .isEqualTo("{\"$ref\":\"" + target + suffix + "\"}");
            }
        }
    }

    @Test
    void replacementsWithEveryEscapeClass_areWrittenNormally_onAFreshThread() throws Exception {
        String suffix = "/\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\\\/ \\u007f\\u0080\\u07ff\\u0800\\ud7ff\\ud83d\\ude00"
                + "\\ud83d\\u0041\\ude00";
        String body = "{\"$ref\":\"" + LEGACY + suffix + "\"}";
        String expected = "{\"$ref\":\"" + TENANT + "/\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\/ \u007f\u0080\u07ff\u0800"
                + "\ud7ff\ud83d\ude00\\ud83dA\\ude00\"}";
        List<String> outputs = new ArrayList<>();
        for (ChunkKind kind : ChunkKind.values()) {
            outputs.add(FreshThread.call(() -> output(rewrite(body, RewriteLimits.DEFAULT, kind, 7, 30, 31))));
        }
        assertThat(outputs).containsOnly(expected);
    }
}
