package io.scimrouter.rewrite;

/**
 * Writes characters as the inside of a JSON string in UTF-8, escaped the ordinary way: quote, backslash and control
 * characters escaped, everything else (including '/' and non-ASCII) written as itself. A lone surrogate cannot be
 * UTF-8, so it becomes a {@code \\uXXXX} escape and the output stays valid JSON.
 */
final class JsonStringEscaper {
    /** The most bytes one input char can turn into ({@code \\uXXXX}). */
    static final int MAX_BYTES_PER_CHAR = 6;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonStringEscaper() {
    }

    /**
     * Encodes {@code chars[from, to)} into {@code dest} from {@code pos}; {@code dest} must have room for
     * {@link #MAX_BYTES_PER_CHAR} bytes per char. Returns the position after the last byte written.
     */
    static int escape(char[] chars, int from, int to, byte[] dest, int pos) {
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    dest[pos++] = '\\';
                }
                dest[pos++] = (byte) c;
            } else if (c < 0x20) {
                pos = escapeControl(c, dest, pos);
            } else if (c < 0x800) {
                dest[pos++] = (byte) (0xC0 | (c >> 6));
                dest[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                dest[pos++] = (byte) (0xF0 | (cp >> 18));
                dest[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dest[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dest[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                pos = unicodeEscape(c, dest, pos);
            } else {
                dest[pos++] = (byte) (0xE0 | (c >> 12));
                dest[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dest[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return pos;
    }

    private static int escapeControl(char c, byte[] dest, int pos) {
        byte shortForm = switch (c) {
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
        if (shortForm == 0) {
            return unicodeEscape(c, dest, pos);
        }
        dest[pos++] = '\\';
        dest[pos++] = shortForm;
        return pos;
    }

    private static int unicodeEscape(char c, byte[] dest, int pos) {
        dest[pos++] = '\\';
        dest[pos++] = 'u';
        dest[pos++] = HEX[(c >> 12) & 0xF];
        dest[pos++] = HEX[(c >> 8) & 0xF];
        dest[pos++] = HEX[(c >> 4) & 0xF];
        dest[pos++] = HEX[c & 0xF];
        return pos;
    }
}
