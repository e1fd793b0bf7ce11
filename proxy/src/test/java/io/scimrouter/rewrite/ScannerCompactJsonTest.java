package io.scimrouter.rewrite;

import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scanner takes compact JSON's steps between tokens ({@code ":"}, {@code ","}, closing brackets, the first byte
 * of the next value, {@code true}/{@code false}/{@code null}) without a round through its states, and hands anything
 * else back to them with the byte not consumed. Each step and each way out of it, right and wrong, with the body cut
 * at every offset (so that the chunk ends on every byte of the step): the jackson reference must agree on the bytes,
 * the verdict and the count.
 */
class ScannerCompactJsonTest {
    private static final String URL = "http://10.0.0.5:8080/scim/v2/p1/e1/Users/1";

    private static void assertSameAsReferenceAtEveryCut(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        Result whole = RewriteHarness.rewrite(RewriterKind.JACKSON, body, new int[0], ChunkKind.WRAPPED_ARRAY);
        for (int cut = 0; cut <= body.length; cut++) {
            int[] cuts = cut == 0 || cut == body.length ? new int[0] : new int[] {cut};
            Result reference = RewriteHarness.rewrite(RewriterKind.JACKSON, body, cuts, ChunkKind.WRAPPED_ARRAY);
            // arrays of the chunk's own length: a look past the chunk's end would fail, not read the next chunk
            Result scanning = RewriteHarness.rewrite(RewriterKind.SCANNING, body, cuts, ChunkKind.UNPOOLED_HEAP);
            assertThat(scanning.output()).as("%s cut at %d", text, cut).isEqualTo(reference.output());
            assertThat(scanning.malformed()).as("%s cut at %d: malformed", text, cut).isEqualTo(reference.malformed());
            assertThat(scanning.rewrittenCount()).as("%s cut at %d: count", text, cut)
                    .isEqualTo(reference.rewrittenCount());
            assertThat(reference.malformed()).as("%s: the reference's verdict does not depend on the cut", text)
                    .isEqualTo(whole.malformed());
        }
        Result bytewise = RewriteHarness.rewriteInPiecesOf(RewriterKind.SCANNING, body, 1, ChunkKind.WRAPPED_ARRAY);
        assertThat(bytewise.output()).as("%s byte by byte", text).isEqualTo(whole.output());
        assertThat(bytewise.malformed()).as("%s byte by byte: malformed", text).isEqualTo(whole.malformed());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // after a name: ':' then a string, an object, an array, each keyword, a number, whitespace
        "{\"a\":\"b\",\"o\":{\"c\":\"d\"},\"r\":[\"e\",\"f\"],\"t\":true,\"f\":false,\"n\":null,\"i\":12,\"w\": \"x\"}",
        // after a value: ',' then a name or (in arrays) any value; runs of closing brackets
        "[\"a\",{\"b\":[[\"c\"],[{\"d\":\"e\"}]]},[true,false,null],\"f\",1,{},[]]",
        "{\"a\":{\"b\":{\"c\":[[[\"d\"]]]}},\"e\":\"f\"}",
        // keywords followed by each byte jackson lets follow them, and the bytes of the chunk's end
        "[true,false,null,true]",
        "{\"a\":true}",
        "{\"a\":false}",
        "{\"a\":null}",
        "{\"a\":[null]}",
        "[true ,false\t,null\n]",
        // empty containers and whitespace right after an opening bracket
        "{\"a\":{},\"b\":[],\"c\":[ \"d\"],\"e\":{ \"f\":\"g\"}}",
        // URL values right after each shortcut
        "{\"location\":\"" + URL + "\",\"$ref\":\"" + URL + "\"}",
        "[{\"$ref\":\"" + URL + "\"},{\"location\":\"" + URL + "\"}]",
        // a URL name whose value is not a string: the next string is not a URL value
        "{\"location\":{\"a\":\"" + URL + "\"},\"$ref\":[\"" + URL + "\"],\"location\":true,\"x\":\"" + URL + "\"}",
        "{\"$ref\":false,\"y\":\"" + URL + "\",\"$ref\":null,\"z\":\"" + URL + "\"}",
        // several root values after a string or a closed container
        "\"a\" \"b\"{\"c\":\"d\"}[\"e\"]",
        // whitespace where the shortcuts expect a byte: before ':', after ',' in an object
        "{\"a\" :\"b\", \"c\":\"d\",\n\"e\":[\"f\", \"g\"]}",
        // URL names right after a plain value's ',' and after '{' (in a later chunk too, when cut before them)
        "{\"a\":\"b\",\"location\":\"" + URL + "\",\"c\":{\"$ref\":\"" + URL + "\"}}",
        // a number whose first four bytes and the 'e' after them look like the start of false to a careless check
        "[\"a\",1234e5,\"b\",0]",
    })
    void wellFormedCompactJson_sameAsReference(String text) {
        assertSameAsReferenceAtEveryCut(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // a wrong byte after a name, after a value, after ',' and after an opening bracket
        "{\"a\"\"b\"}", "{\"a\":\"b\"\"c\":1}", "{\"a\":\"b\",,\"c\":1}", "[\"a\",]",
        "[\"a\",,\"b\"]", "{\"a\":,\"b\":1}", "{\"a\":{,}}", "{\"a\":[,]}", "{\"a\":x}",
        // brackets that do not match, or close what was never opened
        "{\"a\":\"b\"]", "[\"a\"}", "{\"a\":[\"b\"}}", "{\"a\":{\"b\":\"c\"]]", "\"a\"}", "\"a\"]", "\"a\",\"b\"",
        "{\"a\":\"b\"}}", "[\"a\"]]",
        // ':' where a value ended, a value right after a name, and a URL value after a bracket that does not match
        "{\"a\":\"b\":\"c\"}", "[\"a\":1]", "{\"a\" \"b\"}",
        "[\"a\"}{\"location\":\"" + URL + "\"}", "{\"a\":[\"b\"}]{\"$ref\":\"" + URL + "\"}",
        // keywords cut short, misspelt or followed by a byte jackson refuses
        "{\"a\":tru}", "{\"a\":trux}", "{\"a\":true1}", "{\"a\":truea}", "{\"a\":fals}", "{\"a\":falsy}",
        "{\"a\":false0}", "{\"a\":nul}", "{\"a\":nulll}", "[true\"b\"]", "[null{}]", "[tRue]", "[fAlse]",
        "[t]", "[f]", "[n]", "{\"a\":true",
    })
    void malformedCompactJson_sameVerdictAsReference(String text) {
        assertSameAsReferenceAtEveryCut(text);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertThat(RewriteHarness.rewrite(RewriterKind.SCANNING, body, new int[0], ChunkKind.UNPOOLED_HEAP)
                .malformed()).as("%s is not JSON", text).isTrue();
    }

    /**
     * jackson 2.23's non-blocking parser lets these pass when the chunk ends right before the closing bracket (a quirk
     * of its resumption after ',' and ':'); the scanner calls them malformed wherever the body is cut.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"b\",}", "{\"a\":}"})
    void commaOrColonBeforeAClosingBracket_isMalformedAtEveryCut(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertThat(RewriteHarness.rewrite(RewriterKind.JACKSON, body, new int[0], ChunkKind.WRAPPED_ARRAY).malformed())
                .as("the reference, whole").isTrue();
        for (int cut = 0; cut <= body.length; cut++) {
            int[] cuts = cut == 0 || cut == body.length ? new int[0] : new int[] {cut};
            Result scanning = RewriteHarness.rewrite(RewriterKind.SCANNING, body, cuts, ChunkKind.UNPOOLED_HEAP);
            assertThat(scanning.malformed()).as("%s cut at %d", text, cut).isTrue();
            assertThat(scanning.output()).as("%s cut at %d", text, cut).isEqualTo(body);
        }
    }

    @Test
    void nestingLimit_holdsForBracketsOpenedRightAfterAToken() {
        RewriteLimits limits = new RewriteLimits(100, 3);
        for (String text : new String[] {"{\"a\":{\"b\":{\"c\":{}}}}", "[\"a\",[\"b\",[\"c\",[\"d\"]]]]",
            "{\"a\":[[[\"b\"]]]}"}) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            for (int cut = 1; cut < body.length; cut++) {
                int[] cuts = {cut};
                assertThatThrownBy(() -> RewriteHarness.rewrite(RewriterKind.SCANNING, body, cuts,
                        ChunkKind.WRAPPED_ARRAY, RewriteHarness.MAPPING, limits))
                        .as("%s cut at %d", text, cut).isInstanceOf(RewriteLimitExceededException.class);
            }
        }
    }
}
