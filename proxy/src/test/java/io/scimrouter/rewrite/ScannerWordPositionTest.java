package io.scimrouter.rewrite;

import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner reads string bytes eight at a time and the last few of a chunk one by one: every byte it must stop at
 * ({@code "}, {@code \}, control, non-ASCII) and the bytes next to them in value (which must not stop it) are put at
 * every position of a word, in names, plain values and URL values, with the body cut at every offset. The jackson
 * reference must agree on every byte, the verdict and the count.
 */
class ScannerWordPositionTest {
    private static final String LEGACY = "http://10.0.0.5:8080/scim/v2/p1/e1";
    /** Up to eight letters before the special bytes move them through every position of a word. */
    private static final int SHIFTS = 9;
    /** Cuts from this many bytes before the special bytes to as many after them (the rest is plain JSON). */
    private static final int CUT_WINDOW = 10;

    /** {@code %s} in the template is replaced by {@code shift} letters, the special bytes, more letters. */
    private static byte[] body(String template, int shift, byte[] special) {
        String[] parts = template.split("%s", -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes("abcdefghijklmnopq".substring(0, shift).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(special);
        out.writeBytes("rstuvwxyz".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static final String[] TEMPLATES = {
        // a plain value before a URL value, a URL value, a name
        "{\"a\":\"%s\",\"location\":\"" + LEGACY + "/Users/1\"}",
        "{\"meta\":{\"location\":\"" + LEGACY + "/Users/%s\"}}",
        "[{\"x%s\":1,\"$ref\":\"" + LEGACY + "/Groups/2\"}]",
    };

    /**
     * One cut at every offset in {@code [from, to]} (wrapped arrays: the scanner reads them in place, so each cut
     * moves the word grid), byte by byte, and whole from a direct buffer (read from a copy).
     */
    private static void assertSameAsReferenceAtEveryCut(byte[] body, int from, int to, String what) {
        for (int cut = Math.max(0, from); cut <= Math.min(to, body.length); cut++) {
            int[] cuts = cut == 0 || cut == body.length ? new int[0] : new int[] {cut};
            ChunkKind kind = ChunkKind.WRAPPED_ARRAY;
            Result reference = RewriteHarness.rewrite(RewriterKind.JACKSON, body, cuts, kind);
            Result scanning = RewriteHarness.rewrite(RewriterKind.SCANNING, body, cuts, kind);
            assertThat(scanning.output()).as("%s, cut at %d", what, cut).isEqualTo(reference.output());
            assertThat(scanning.malformed()).as("%s, cut at %d: malformed", what, cut)
                    .isEqualTo(reference.malformed());
            assertThat(scanning.rewrittenCount()).as("%s, cut at %d: count", what, cut)
                    .isEqualTo(reference.rewrittenCount());
        }
        Result bytewise = RewriteHarness.rewriteInPiecesOf(RewriterKind.SCANNING, body, 1, ChunkKind.WRAPPED_ARRAY);
        Result reference = RewriteHarness.rewrite(RewriterKind.JACKSON, body, new int[0], ChunkKind.WRAPPED_ARRAY);
        assertThat(bytewise.output()).as("%s, byte by byte", what).isEqualTo(reference.output());
        assertThat(bytewise.malformed()).as("%s, byte by byte: malformed", what).isEqualTo(reference.malformed());
        Result direct = RewriteHarness.rewrite(RewriterKind.SCANNING, body, new int[0], ChunkKind.POOLED_DIRECT);
        assertThat(direct.output()).as("%s, direct buffer", what).isEqualTo(reference.output());
    }

    private static void assertSameAsReferenceEverywhere(String hex) {
        byte[] special = HexFormat.of().parseHex(hex);
        for (String template : TEMPLATES) {
            int at = template.indexOf("%s");
            for (int shift = 0; shift < SHIFTS; shift++) {
                assertSameAsReferenceAtEveryCut(body(template, shift, special), at + shift - CUT_WINDOW,
                        at + shift + special.length + CUT_WINDOW, hex + " after " + shift + " letters in " + template);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5c22", "5c5c", "5c2f", "5c62", "5c66", "5c6e", "5c72", "5c74", "5c7530303431", "5c7546463231",
        "5c75443833445c7544453030", "5c5c5c22", "5c2f5c2f"})
    void escapeAtEveryWordPosition_sameAsReference(String hex) {
        // \" \\ \/ \b \f \n \r \t \u0041 \uFF21 \uD83D\uDE00 \\\" \/\/
        assertSameAsReferenceEverywhere(hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3a9", "c2a2", "dc80", "e282ac", "efbfbf", "f09f9880", "f48fbfbf", "c3a9e282acf09f9880"})
    void multiByteUtf8AtEveryWordPosition_sameAsReference(String hex) {
        // é, ¢ (0xA2 is '"' with the high bit), U+0700 (0xDC is '\' with the high bit), €, U+FFFF, emoji, U+10FFFF
        assertSameAsReferenceEverywhere(hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "01", "09", "0a", "1f", "e2", "f09f98", "80", "c0af", "ff", "5c78", "5c7530"})
    void byteThatEndsTheJson_atEveryWordPosition_sameVerdictAsReference(String hex) {
        // control bytes, a cut or stray UTF-8 sequence, an overlong '/', an unknown escape, a short \\u escape
        assertSameAsReferenceEverywhere(hex);
        byte[] body = body(TEMPLATES[0], 3, HexFormat.of().parseHex(hex));
        assertThat(RewriteHarness.rewrite(RewriterKind.SCANNING, body, new int[0], ChunkKind.UNPOOLED_HEAP).malformed())
                .as("%s is not JSON text", hex).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"20", "21", "23", "5b", "5d", "7f"})
    void neighboursOfTheSpecialBytes_areText(String hex) {
        // space (the first byte that is not a control), '!' and '#' around '"', '[' and ']' around '\', DEL
        assertSameAsReferenceEverywhere(hex);
        byte[] body = body(TEMPLATES[1], 5, HexFormat.of().parseHex(hex));
        Result result = RewriteHarness.rewrite(RewriterKind.SCANNING, body, new int[0], ChunkKind.UNPOOLED_HEAP);
        assertThat(result.malformed()).isFalse();
        assertThat(result.rewrittenCount()).isEqualTo(1);
    }

    @Test
    void stringsOfEveryLength_closeAtEveryWordPosition() {
        // names and values of 0 to 24 bytes: each closing quote lands on another position of a word
        for (int length = 0; length <= 24; length++) {
            String text = "0123456789abcdefghijklmn".substring(0, length);
            String body = "{\"" + text + "\":\"" + text + "\",\"location\":\"" + LEGACY + "/" + text + "\",\"n\":[\""
                    + text + "\"]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertSameAsReferenceAtEveryCut(bytes, 0, bytes.length, "length " + length);
        }
    }

    @Test
    void escapedUrlNames_atEveryWordPosition_sameAsReference() {
        // "\u0024ref" and "loc\u0061tion" take the slow path of names, also when cut anywhere; the longest name
        // that can decode to location is every char escaped, 48 bytes
        String allEscaped = "\\u006c\\u006f\\u0063\\u0061\\u0074\\u0069\\u006f\\u006e";
        for (String name : new String[] {"\\u0024ref", "loc\\u0061tion", "$re\\u0066", allEscaped}) {
            for (int shift = 0; shift < SHIFTS; shift++) {
                String body = "{\"" + "abcdefghijklmnopq".substring(0, shift) + "\":1,\"" + name + "\":\"" + LEGACY
                        + "\\/Users\\/1\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                assertSameAsReferenceAtEveryCut(bytes, 0, shift + name.length() + 12, name + " after " + shift);
            }
        }
    }
}
