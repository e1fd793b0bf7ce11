package io.scimrouter.rewrite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Every escape class of the replacement strings the rewriter writes: bytes exact, and valid JSON by jackson. */
class JsonStringEscaperTest {
    private static final JsonFactory JSON = new JsonFactory();

    private static byte[] escape(String text) {
        char[] chars = text.toCharArray();
        byte[] dest = new byte[chars.length * JsonStringEscaper.MAX_BYTES_PER_CHAR];
        int end = JsonStringEscaper.escape(chars, 0, chars.length, dest, 0);
        return Arrays.copyOf(dest, end);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    private static String parsedBack(byte[] inside) throws IOException {
        byte[] document = new byte[inside.length + 2];
        document[0] = '"';
        System.arraycopy(inside, 0, document, 1, inside.length);
        document[document.length - 1] = '"';
        try (JsonParser parser = JSON.createParser(document)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            String text = parser.getText();
            assertThat(parser.nextToken()).isNull();
            return text;
        }
    }

    @Test
    void printableAscii_isWrittenAsItself_exceptQuoteAndBackslash() {
        for (char c = 0x20; c < 0x80; c++) {
            String expected = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.valueOf(c);
            assertThat(new String(escape(String.valueOf(c)), StandardCharsets.US_ASCII))
                    .as("U+%04X", (int) c).isEqualTo(expected);
        }
        // the characters a URL is made of, space and '/' included, come out unchanged
        assertThat(escape("https://h/a b?q=\"x\"&y=\\z")).asString(StandardCharsets.US_ASCII)
                .isEqualTo("https://h/a b?q=\\\"x\\\"&y=\\\\z");
    }

    @Test
    void everyControlCharacter_isEscaped_shortFormsWhereJsonHasThem() {
        for (char c = 0; c < 0x20; c++) {
            String expected = switch (c) {
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> String.format("\\u%04x", (int) c);
            };
            assertThat(new String(escape(String.valueOf(c)), StandardCharsets.US_ASCII))
                    .as("U+%04X", (int) c).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({
        // two-byte UTF-8: the first and last of its range
        "0080, c2 80",
        "00e9, c3 a9",
        "07ff, df bf",
        // three-byte UTF-8, not surrogates: around the surrogate block and at the ends
        "0800, e0 a0 80",
        "20ac, e2 82 ac",
        "d7ff, ed 9f bf",
        "e000, ee 80 80",
        "fffd, ef bf bd",
        "ffff, ef bf bf",
    })
    void nonAscii_isWrittenAsUtf8(String codeUnit, String utf8) {
        String text = String.valueOf((char) Integer.parseInt(codeUnit, 16));
        assertThat(hex(escape(text))).isEqualTo(utf8);
        assertThat(escape(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({
        "10000, f0 90 80 80",
        "1f600, f0 9f 98 80",
        "10ffff, f4 8f bf bf",
    })
    void surrogatePairs_areOneFourByteSequence(String codePoint, String utf8) {
        String text = Character.toString(Integer.parseInt(codePoint, 16));
        assertThat(text).hasSize(2);
        assertThat(hex(escape(text))).isEqualTo(utf8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // a lone surrogate cannot be UTF-8: it becomes a \\u escape, and the character after it is kept
        "d83d           | \\ud83d",
        "de00           | \\ude00",
        "dbff           | \\udbff",
        "dc00           | \\udc00",
        "d83d 0041      | \\ud83dA",
        "de00 d83d      | \\ude00\\ud83d",
        "d83d d83d de00 | \\ud83d\ud83d\ude00",
    })
    void loneSurrogates_becomeUnicodeEscapes(String codeUnits, String expected) {
        StringBuilder text = new StringBuilder();
        for (String unit : codeUnits.split(" ")) {
            text.append((char) Integer.parseInt(unit, 16));
        }
        assertThat(new String(escape(text.toString()), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void aHighSurrogateAtTheEndOfTheRange_isLone_evenWhenItsPairFollowsOutsideTheRange() {
        char[] chars = "a\ud83d\ude00".toCharArray();
        byte[] dest = new byte[16];
        int end = JsonStringEscaper.escape(chars, 0, 2, dest, 0);
        assertThat(new String(dest, 0, end, StandardCharsets.US_ASCII)).isEqualTo("a\\ud83d");
    }

    @Test
    void writesOnlyTheRangeAtThePosition_andReturnsTheEnd() {
        char[] chars = "xx\u00e9\"yy".toCharArray();
        byte[] dest = new byte[20];
        Arrays.fill(dest, (byte) '.');
        int end = JsonStringEscaper.escape(chars, 2, 4, dest, 3);
        assertThat(end).isEqualTo(7);
        assertThat(hex(dest)).startsWith("2e 2e 2e c3 a9 5c 22 2e");
    }

    @Test
    void emptyRange_writesNothing() {
        byte[] dest = new byte[4];
        assertThat(JsonStringEscaper.escape("abc".toCharArray(), 1, 1, dest, 2)).isEqualTo(2);
        assertThat(dest).containsOnly(0);
    }

    @Test
    void everyUtf16CodeUnit_isValidJson_thatReadsBackAsItself_withinTheByteBound() throws IOException {
        for (int c = 0; c <= 0xFFFF; c++) {
            String text = String.valueOf((char) c);
            byte[] bytes = escape(text);
            assertThat(bytes.length).as("U+%04X", c).isLessThanOrEqualTo(JsonStringEscaper.MAX_BYTES_PER_CHAR);
            assertThat(parsedBack(bytes)).as("U+%04X", c).isEqualTo(text);
        }
        String mixed = "\u0000\u001f \"\\/\u007f\u0080\u07ff\u0800\ud7ff\ud83d\ude00\ud83d\ude00\uffff";
        assertThat(parsedBack(escape(mixed))).isEqualTo(mixed);
    }
}
