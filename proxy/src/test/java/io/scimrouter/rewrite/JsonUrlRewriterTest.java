package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.scimrouter.rewrite.RewriteHarness.OUTPUT_ALLOC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every case runs against both rewriters: the proxy's scanner and the jackson-core reference. */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class JsonUrlRewriterTest {
    @Parameter
    RewriterKind rewriter;

    private static final String LEGACY = "http://10.0.0.5:8080/scim/v2/p1/e1";
    private static final String PUBLIC_LEGACY = "https://public.example.com/scim/v2/p1/e1";
    private static final String TENANT = "https://public.example.com/scim/v2/p1/e1/v2/acme";

    private String rewrite(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Result whole = RewriteHarness.rewrite(rewriter, bytes, new int[0], ChunkKind.UNPOOLED_HEAP);
        Result bytewise = RewriteHarness.rewriteInPiecesOf(rewriter, bytes, 1, ChunkKind.POOLED_DIRECT);
        assertThat(bytewise.output()).as("fed byte by byte").isEqualTo(whole.output());
        return new String(whole.output(), StandardCharsets.UTF_8);
    }

    private void assertUnchanged(String body) {
        assertThat(rewrite(body)).isEqualTo(body);
    }

    @Test
    void metaLocation_isRewrittenAndEverythingElseKept() {
        String body = "{ \"id\" : \"7\",\n  \"meta\": {\"resourceType\":\"User\",\"location\" :\t\""
                + LEGACY + "/Users/7\" , \"version\":\"W/\\\"a\\\"\"}, \"n\": 1.10 }";
        assertThat(rewrite(body)).isEqualTo(body.replace(LEGACY, TENANT));
    }

    @Test
    void refsAtAnyDepth_andPublicLegacyBase_areRewritten() {
        String body = "{\"members\":[{\"value\":\"1\",\"$ref\":\"" + LEGACY + "/Users/1\"},{\"$ref\":\""
                + PUBLIC_LEGACY + "/Groups/2\"}],\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                + "{\"manager\":{\"$ref\":\"" + LEGACY + "/Users/9\"}},\"Operations\":[{\"location\":\""
                + LEGACY + "\"}]}";
        String expected = body.replace(LEGACY, TENANT).replace(PUBLIC_LEGACY + "/Groups", TENANT + "/Groups");
        assertThat(rewrite(body)).isEqualTo(expected);
    }

    @Test
    void escapedValue_isComparedUnescaped_andWrittenNormally() {
        String body = "{\"location\":\"http:\\/\\/10.0.0.5:8080\\/scim\\/v2\\/p1\\/e1\\/Users\\/\\u00e9\\\"x\"}";
        assertThat(rewrite(body)).isEqualTo("{\"location\":\"" + TENANT + "/Users/é\\\"x\"}");
    }

    @Test
    void hostAndSchemeCompareWithoutCase() {
        assertThat(rewrite("{\"$ref\":\"HTTP://10.0.0.5:8080/scim/v2/p1/e1/Users/1\"}"))
                .isEqualTo("{\"$ref\":\"" + TENANT + "/Users/1\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"$ref\":\"../Users/7\"}",
        "{\"location\":\"/scim/v2/p1/e1/Users/7\"}",
        "{\"$ref\":null}",
        "{\"$ref\":\"bulkId:qwerty\"}",
        "{\"$ref\":\"https://other.example.com/scim/v2/p1/e1/Users/7\"}",
        "{\"$ref\":\"http://10.0.0.5:8080/scim/v2/p1/e10/Users/7\"}",
        "{\"$ref\":\"http://10.0.0.5:8080/scim/v2/p1/e1x\"}",
        "{\"$ref\":\"http://10.0.0.5:8080/SCIM/v2/p1/e1/Users/7\"}",
        "{\"$ref\":\"https://public.example.com/scim/v2/p1/e1/v2/acme/Users/7\"}",
        "{\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"}",
        "{\"Operations\":[{\"op\":\"add\",\"path\":\"members[value eq \\\"http://10.0.0.5:8080/scim/v2/p1/e1\\\"]\","
                + "\"value\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"}]}",
        "{\"location\":{\"href\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"}}",
        "{\"location\":[\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"]}",
        "{\"Location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"}",
        "{\"location\":12,\"x\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"}",
        "[\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"]",
        "\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/7\"",
    })
    void nonUrlFieldsAndNearMisses_areLeftAlone(String body) {
        assertUnchanged(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t \r\n", "1.10 -0 1e400", "{} [] \"a\"", "null"})
    void emptyWhitespaceAndScalarBodies_passUnchanged(String body) {
        assertUnchanged(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C1A1", "E081A1", "C080", "EDA0BD", "F0808080", "F4908080", "F5808080", "80", "C3"})
    void utf8ThatIsNotWellFormed_inNameOrValue_isMalformedFromThere(String hex) {
        // overlong forms ("\xC1\xA1" would be 'a'), encoded surrogates, beyond U+10FFFF, stray or missing bytes
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        for (String template : new String[] {"{\"loc%stion\":\"" + LEGACY + "/Users/1\"}",
            "{\"location\":\"" + LEGACY + "/Users/%s\"}", "[\"%s\",{\"$ref\":\"" + LEGACY + "\"}]"}) {
            String[] parts = template.split("%s");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(parts[0].getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(bad);
            body.writeBytes(parts[1].getBytes(StandardCharsets.US_ASCII));
            byte[] input = body.toByteArray();
            for (int size : new int[] {1, 3, input.length}) {
                Result result = RewriteHarness.rewriteInPiecesOf(rewriter, input, size, ChunkKind.WRAPPED_ARRAY);
                assertThat(result.malformed()).as("%s in %s, pieces of %d", hex, template, size).isTrue();
                assertThat(result.output()).as("%s in %s, pieces of %d", hex, template, size).isEqualTo(input);
            }
        }
    }

    @Test
    void wellFormedUtf8AtTheEdges_isText() {
        // U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF: the first and last of each range are accepted
        String edges = "\u0800\uD7FF\uE000\uFFFF\uD800\uDC00\uDBFF\uDFFF";
        String body = "{\"name\":\"" + edges + "\",\"location\":\"" + LEGACY + "/Users/" + edges + "\"}";
        assertThat(rewrite(body)).isEqualTo(body.replace(LEGACY, TENANT));
    }

    @Test
    void byteOrderMark_isKeptAndTheBodyRewritten() {
        // jackson counts its offsets from after the mark: the reference used to splice three bytes off
        String body = "\uFEFF{\"id\":\"1\",\"location\":\"" + LEGACY + "/Users/1\"}";
        assertThat(rewrite(body)).isEqualTo(body.replace(LEGACY, TENANT));
    }

    @Test
    void severalTopLevelValues_areEachRewritten() {
        String body = "{\"location\":\"" + LEGACY + "\"}\n{\"location\":\"" + LEGACY + "/x\"} 12";
        assertThat(rewrite(body)).isEqualTo(body.replace(LEGACY, TENANT));
    }

    @Test
    void numbersEscapesAndEmoji_keepTheirOriginalBytes() {
        assertUnchanged("{\"n\":[1.10,1e400,-0,0.000,12345678901234567890123],\"s\":\"\\u00e9\\/\\uD83D\\uDE00😀日本\"}");
    }

    @Test
    void rewrittenCount_countsReplacedValues() {
        byte[] body = ("[{\"location\":\"" + LEGACY + "/a\"},{\"$ref\":\"" + LEGACY + "/b\"},{\"$ref\":\"../c\"}]")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(RewriteHarness.rewrite(rewriter, body, new int[0], ChunkKind.POOLED_HEAP_WITH_OFFSET)
                .rewrittenCount()).isEqualTo(2);
    }

    @Test
    void chunkWithoutUrls_isReturnedItselfWithoutCopy() {
        JsonUrlRewriter subject = rewriter.create(RewriteHarness.MAPPING, RewriteLimits.DEFAULT);
        ByteBuf chunk = Unpooled.copiedBuffer("{\"id\":\"1\",\"a\":[1,2]", StandardCharsets.UTF_8);
        ByteBuf out = subject.feed(chunk, OUTPUT_ALLOC);
        try {
            assertThat(out).isSameAs(chunk);
        } finally {
            out.release();
        }
        ByteBuf rest = subject.finish(OUTPUT_ALLOC);
        assertThat(rest.readableBytes()).isZero();
        rest.release();
    }

    @Test
    void onlyTheUnfinishedUrlValueIsHeldBack() {
        JsonUrlRewriter subject = rewriter.create(RewriteHarness.MAPPING, RewriteLimits.DEFAULT);
        String first = "{\"id\":\"1\",\"location\" :  \"http://10.0.0.5:80";
        String second = "80/scim/v2/p1/e1/Users/1\",\"x\":1}";
        ByteBuf out1 = subject.feed(Unpooled.copiedBuffer(first, StandardCharsets.UTF_8), OUTPUT_ALLOC);
        ByteBuf out2 = subject.feed(Unpooled.copiedBuffer(second, StandardCharsets.UTF_8), OUTPUT_ALLOC);
        ByteBuf out3 = subject.finish(OUTPUT_ALLOC);
        try {
            assertThat(out1.toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"1\",\"location\" :  ");
            assertThat(out2.toString(StandardCharsets.UTF_8)).isEqualTo("\"" + TENANT + "/Users/1\",\"x\":1}");
            assertThat(out3.readableBytes()).isZero();
        } finally {
            out1.release();
            out2.release();
            out3.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":tru,\"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/1\"}",
        "{\"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/1\" \"b\":2, \"$ref\":\"http://10.0.0.5:8080/x\"}",
        "{\"a\":1}}{\"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/1\"}",
        "{\"a\":\"bad escape \\q\", \"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1\"}",
        "{\"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/1",
        "{\"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/1\"",
        "<html><body>502 Bad Gateway</body></html>",
        "{\"a\":[1}",
        "{\"a\":01}",
    })
    void malformedJson_passesThroughFromTheFirstError(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int size : new int[] {1, 3, 7, 100}) {
            Result result = RewriteHarness.rewriteInPiecesOf(rewriter, bytes, size, ChunkKind.POOLED_DIRECT);
            assertThat(result.malformed()).as("malformed, pieces of %d", size).isTrue();
            String output = new String(result.output(), StandardCharsets.UTF_8);
            // a URL before the error may be rewritten, nothing is lost or added otherwise
            assertThat(output.replace(TENANT, LEGACY)).as("pieces of %d", size).isEqualTo(body);
        }
    }

    @Test
    void malformedAfterARewrite_keepsTheRewriteAndPassesTheRest() {
        String body = "{\"location\":\"" + LEGACY + "/Users/1\", \"x\": nope, \"$ref\":\"" + LEGACY + "/Users/2\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Result result = RewriteHarness.rewrite(rewriter, bytes, new int[0], ChunkKind.UNPOOLED_HEAP);
        assertThat(result.malformed()).isTrue();
        assertThat(result.rewrittenCount()).isEqualTo(1);
        assertThat(new String(result.output(), StandardCharsets.UTF_8))
                .isEqualTo(body.replaceFirst(LEGACY, TENANT));
    }

    @Test
    void invalidUtf8_isMalformedAndPassesThrough() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Result result = RewriteHarness.rewriteInPiecesOf(rewriter, body, 2, ChunkKind.POOLED_HEAP_WITH_OFFSET);
        assertThat(result.malformed()).isTrue();
        assertThat(result.output()).isEqualTo(body);
    }

    @ParameterizedTest
    @EnumSource(ChunkKind.class)
    void stringLongerThanLimit_throws(ChunkKind kind) {
        RewriteLimits limits = new RewriteLimits(20, 10);
        byte[] body = ("{\"a\":\"" + "x".repeat(21) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RewriteHarness.rewrite(rewriter, body, new int[] {3}, kind, RewriteHarness.MAPPING,
                limits))
                .isInstanceOf(RewriteLimitExceededException.class);
    }

    @Test
    void hugeStringBeyondLimit_throwsBeforeItIsWhole() {
        RewriteLimits limits = new RewriteLimits(1000, 10);
        JsonUrlRewriter subject = rewriter.create(RewriteHarness.MAPPING, limits);
        ByteBuf first = subject.feed(Unpooled.copiedBuffer("{\"location\":\"", StandardCharsets.UTF_8),
                OUTPUT_ALLOC);
        first.release();
        byte[] run = "y".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        ByteBuf chunk = UnpooledByteBufAllocator.DEFAULT.heapBuffer(run.length).writeBytes(run);
        assertThatThrownBy(() -> subject.feed(chunk, OUTPUT_ALLOC))
                .isInstanceOf(RewriteLimitExceededException.class)
                .hasMessageContaining("1000");
        assertThat(chunk.refCnt()).isZero();
        ByteBuf next = Unpooled.copiedBuffer("\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> subject.feed(next, OUTPUT_ALLOC)).isInstanceOf(IllegalStateException.class);
        assertThat(next.refCnt()).isZero();
    }

    @Test
    void fieldNameLongerThanLimit_throws() {
        RewriteLimits limits = new RewriteLimits(20, 10);
        byte[] body = ("{\"" + "n".repeat(21) + "\":1}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RewriteHarness.rewrite(rewriter, body, new int[0], ChunkKind.UNPOOLED_HEAP,
                RewriteHarness.MAPPING, limits)).isInstanceOf(RewriteLimitExceededException.class);
    }

    @Test
    void nestingDeeperThanLimit_throws_andWithinLimitPasses() {
        RewriteLimits limits = new RewriteLimits(100, 4);
        byte[] deep = "[[{\"a\":[[1]]}]]".getBytes(StandardCharsets.UTF_8);
        byte[] within = "[[{\"a\":[1]}]]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RewriteHarness.rewrite(rewriter, deep, new int[] {4}, ChunkKind.POOLED_DIRECT,
                RewriteHarness.MAPPING, limits)).isInstanceOf(RewriteLimitExceededException.class);
        assertThat(RewriteHarness.rewrite(rewriter, within, new int[] {4}, ChunkKind.POOLED_DIRECT,
                RewriteHarness.MAPPING, limits).output()).isEqualTo(within);
    }

    @Test
    void requestDirection_mapsTenantUrlsBackToLegacy() {
        UrlMapping reverse = UrlMapping.of(List.of(TENANT), LEGACY);
        byte[] body = ("{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"7\",\"$ref\":\""
                + TENANT + "/Users/7\"}]}]}").getBytes(StandardCharsets.UTF_8);
        Result result = RewriteHarness.rewrite(rewriter, body, new int[] {50}, ChunkKind.POOLED_DIRECT, reverse,
                RewriteLimits.DEFAULT);
        assertThat(new String(result.output(), StandardCharsets.UTF_8))
                .isEqualTo(new String(body, StandardCharsets.UTF_8).replace(TENANT, LEGACY));
    }

    @Test
    void feedAfterFinish_releasesTheChunkAndFails() {
        JsonUrlRewriter subject = rewriter.create(RewriteHarness.MAPPING, RewriteLimits.DEFAULT);
        subject.finish(OUTPUT_ALLOC).release();
        ByteBuf late = Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> subject.feed(late, OUTPUT_ALLOC)).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void rewritersInterleavedOnOneThread_eachRewriteTheirOwnBody() {
        // they share the thread's scratch arrays (chunk copies, replacements): nothing may cross from one to the other
        String longId = "x".repeat(600);
        String a = "{\"meta\":{\"location\":\"" + LEGACY + "/Users/a-" + longId + "\"},\"n\":1}";
        String b = "{\"members\":[{\"$ref\":\"" + LEGACY + "/Users/b1\"},{\"$ref\":\"" + LEGACY + "/Groups/b2\"}]}";
        byte[] bodyA = a.getBytes(StandardCharsets.UTF_8);
        byte[] bodyB = b.getBytes(StandardCharsets.UTF_8);
        JsonUrlRewriter rewriterA = rewriter.create(RewriteHarness.MAPPING, RewriteLimits.DEFAULT);
        JsonUrlRewriter rewriterB = rewriter.create(RewriteHarness.MAPPING, RewriteLimits.DEFAULT);
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        for (int from = 0; from < Math.max(bodyA.length, bodyB.length); from += 7) {
            if (from < bodyA.length) {
                ByteBuf chunk = RewriteHarness.chunk(bodyA, from, Math.min(from + 7, bodyA.length),
                        ChunkKind.POOLED_DIRECT);
                RewriteHarness.drain(rewriterA.feed(chunk, OUTPUT_ALLOC), outA);
            }
            if (from < bodyB.length) {
                ByteBuf chunk = RewriteHarness.chunk(bodyB, from, Math.min(from + 7, bodyB.length),
                        ChunkKind.POOLED_DIRECT);
                RewriteHarness.drain(rewriterB.feed(chunk, OUTPUT_ALLOC), outB);
            }
        }
        RewriteHarness.drain(rewriterA.finish(OUTPUT_ALLOC), outA);
        RewriteHarness.drain(rewriterB.finish(OUTPUT_ALLOC), outB);
        assertThat(outA.toString(StandardCharsets.UTF_8)).isEqualTo(a.replace(LEGACY, TENANT));
        assertThat(outB.toString(StandardCharsets.UTF_8)).isEqualTo(b.replace(LEGACY, TENANT));
    }
}
