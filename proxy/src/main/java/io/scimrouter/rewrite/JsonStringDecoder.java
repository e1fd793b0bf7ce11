package io.scimrouter.rewrite;

/**
 * Decodes the inside of a JSON string (UTF-8 bytes, escapes) into chars as jackson-core's parser does. The bytes must
 * have passed {@link JsonStructureScanner}'s validation (well-formed UTF-8, valid escapes); then the chars equal what
 * the reference rewriter compares and writes. Escaped surrogates of values come out as they were written, lone ones
 * included.
 */
final class JsonStringDecoder {
    private JsonStringDecoder() {
    }

    /** Decodes {@code bytes[from, to)} into {@code dest} (at least {@code to - from} long); returns the char count. */
    static int decode(byte[] bytes, int from, int to, char[] dest) {
        int n = 0;
        int i = from;
        while (i < to) {
            int c = bytes[i++];
            if (c >= 0) {
                if (c != '\\') {
                    dest[n++] = (char) c;
                    continue;
                }
                int e = bytes[i++];
                dest[n++] = switch (e) {
                    case 'b' -> '\b';
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'f' -> '\f';
                    case 'r' -> '\r';
                    case 'u' -> {
                        int value = (hex(bytes[i]) << 12) | (hex(bytes[i + 1]) << 8) | (hex(bytes[i + 2]) << 4)
                                | hex(bytes[i + 3]);
                        i += 4;
                        yield (char) value;
                    }
                    default -> (char) e; // '"', '\\' and '/'
                };
                continue;
            }
            c &= 0xFF;
            if ((c & 0xE0) == 0xC0) {
                dest[n++] = (char) (((c & 0x1F) << 6) | (bytes[i++] & 0x3F));
            } else if ((c & 0xF0) == 0xE0) {
                dest[n++] = (char) (((c & 0x0F) << 12) | ((bytes[i] & 0x3F) << 6) | (bytes[i + 1] & 0x3F));
                i += 2;
            } else {
                int cp = (((c & 0x07) << 18) | ((bytes[i] & 0x3F) << 12) | ((bytes[i + 1] & 0x3F) << 6)
                        | (bytes[i + 2] & 0x3F)) - 0x10000;
                i += 3;
                dest[n++] = (char) (0xD800 | (cp >> 10));
                dest[n++] = (char) (0xDC00 | (cp & 0x3FF));
            }
        }
        return n;
    }

    /** The value of a hex digit, or -1. */
    static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
