package io.scimrouter.rewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Validates one JSON body as it streams, chunk by chunk, and finds the string values of {@code location} and
 * {@code $ref} fields, without decoding anything else. Pure: bytes in, positions out. One instance per body.
 *
 * <p>It accepts and rejects what jackson-core 2.23's non-blocking parser does with default features (a UTF-8 BOM,
 * several root values, whitespace after a root number, no comments, no leading zeros, well-formed UTF-8 only,
 * escaped surrogates in names only in pairs), so that the rewriters agree on where a malformed body stops being
 * rewritten; limits are checked as
 * {@link RewriteLimits} describes them (string values in chars, field names in UTF-8 bytes as jackson counts them).
 *
 * <p>Inside strings it looks at 8 bytes at a time: one little-endian {@code long} read and a few arithmetic steps give
 * an exact mask of the bytes that need attention ({@code "}, {@code \}, control characters and non-ASCII bytes), so a
 * run of plain ASCII costs about two operations per byte. Escapes and multi-byte characters take a slower path that
 * only validates and counts them. Every state survives a chunk boundary anywhere.
 */
final class JsonStructureScanner {
    /** {@link #scan} consumed everything it was given. */
    static final int NEED_INPUT = 0;
    /** {@link #scan} stopped right after the closing quote of a possible URL value: {@link #urlValueStart()}. */
    static final int URL_VALUE = 1;
    /** {@link #scan} found the body is not JSON; it stays so. */
    static final int MALFORMED = 2;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ADD_0X60 = 0x6060606060606060L;
    private static final long LOCATION_LE = (long) LONGS.get("location".getBytes(StandardCharsets.US_ASCII), 0);
    private static final int REF_LE = (int) INTS.get("$ref".getBytes(StandardCharsets.US_ASCII), 0);
    private static final char[] LOCATION_CHARS = "location".toCharArray();
    private static final char[] REF_CHARS = "$ref".toCharArray();
    /** A field name that decodes to 8 chars takes at most 48 bytes ({@code \}{@code u0061} per char). */
    static final int MAX_URL_NAME_BYTES = 48;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final int TRUE_LE = (int) INTS.get(TRUE, 0);
    private static final int FALS_LE = (int) INTS.get(FALSE, 0);
    private static final int NULL_LE = (int) INTS.get(NULL, 0);

    // where the scanner is; between tokens, the state says what may come next
    private static final int DOC_START = 0;
    private static final int BOM = 1;
    /** A value must come: at the root (where several may follow each other) and after a colon. */
    private static final int VALUE = 2;
    private static final int ARRAY_FIRST = 3;
    private static final int ARRAY_NEXT = 4;
    private static final int ARRAY_AFTER_COMMA = 5;
    private static final int OBJECT_FIRST = 6;
    private static final int OBJECT_NEXT = 7;
    private static final int OBJECT_AFTER_COMMA = 8;
    private static final int COLON = 9;
    private static final int STRING = 10;
    private static final int ESCAPE = 11;
    private static final int UNICODE_ESCAPE = 12;
    /** Names only: an escaped high surrogate must be followed by the escape of a low one (jackson 2.23's rule). */
    private static final int LOW_SURROGATE = 13;
    private static final int UTF8_CONTINUATION = 14;
    private static final int NUMBER_MINUS = 15;
    private static final int NUMBER_ZERO = 16;
    private static final int NUMBER_INT = 17;
    private static final int NUMBER_FRACTION_START = 18;
    private static final int NUMBER_FRACTION = 19;
    private static final int NUMBER_EXPONENT_START = 20;
    private static final int NUMBER_EXPONENT_SIGN = 21;
    private static final int NUMBER_EXPONENT = 22;
    private static final int KEYWORD = 23;
    private static final int FAILED = 24;

    private final int maxStringLength;
    private final int maxNestingDepth;

    private int state = DOC_START;
    private int event;
    private int bomMatched;
    /** Open containers, one bit each (1 = object), innermost at bit {@code depth - 1}. */
    private long[] containers = new long[1];
    private int depth;
    /** The innermost open container is an object. */
    private boolean inObject;
    /** The last field name was location or $ref and its value has not started yet. */
    private boolean urlField;

    // the current string (field name or value)
    /** Body offset of its opening quote. */
    private long stringStart;
    private boolean inName;
    private boolean urlValue;
    /** An escape or a non-ASCII byte was seen: the raw bytes are not the text. */
    private boolean escapedOrWide;
    /** Raw bytes minus chars (values) or minus jackson's UTF-8 bytes (names) so far. */
    private long shrink;
    /** Continuation bytes still expected of a multi-byte character, and the range the next one must be in. */
    private int continuations;
    private int continuationMin;
    private int continuationMax;
    /** Names only: jackson finds bad UTF-8 in a name after its length check, so the error waits for the quote. */
    private boolean nameUtf8Error;
    private int hexDigits;
    private int hexValue;
    private boolean highSurrogate;
    /** The start of a field name that began in an earlier chunk, as long as it may still be location or $ref. */
    private byte[] nameStart;
    private int nameStartLength;
    /** Decoded chars of a name that may be location or $ref; allocated by the rare body that needs them. */
    private char[] nameChars;

    private byte[] keyword;
    private int keywordMatched;

    JsonStructureScanner(RewriteLimits limits) {
        this.maxStringLength = limits.maxStringLength();
        this.maxNestingDepth = limits.maxNestingDepth();
    }

    /** What stopped the last {@link #scan}: {@link #NEED_INPUT}, {@link #URL_VALUE} or {@link #MALFORMED}. */
    int event() {
        return event;
    }

    /** True while inside a string value that may be replaced: its bytes from {@link #urlValueStart()} are needed. */
    boolean inUrlValue() {
        return urlValue && state >= STRING && state <= UTF8_CONTINUATION;
    }

    /** Body offset of the opening quote of the current (or just closed) possible URL value. */
    long urlValueStart() {
        return stringStart;
    }

    /** True when the possible URL value just closed holds plain ASCII without escapes: its bytes are its text. */
    boolean urlValuePlain() {
        return !escapedOrWide;
    }

    /**
     * The bytes of the arrays this scanner keeps between chunks: the start of a field name that crosses a chunk
     * boundary ({@value #MAX_URL_NAME_BYTES} bytes, a name that may still be location or $ref), its decoded chars
     * (as many chars), and one bit per nesting level ({@code containers}, doubled when full: at most
     * {@code 16 * ceil(maxNestingDepth / 64)} bytes). None grows with the body.
     */
    long retainedBytes() {
        return (nameStart == null ? 0 : nameStart.length) + (nameChars == null ? 0 : 2L * nameChars.length)
                + 8L * containers.length;
    }

    /**
     * Scans {@code buf[from, end)} of the chunk {@code buf[chunkStart, end)}, whose byte at index {@code i} is at body
     * offset {@code i + offsetOfIndexZero}. Returns the index where it stopped; {@link #event()} says why.
     *
     * @throws RewriteLimitExceededException when a string, a name or the nesting is beyond the limits
     */
    int scan(byte[] buf, int chunkStart, int from, int end, long offsetOfIndexZero) {
        int p = from;
        int s = state;
        loop:
        while (true) {
            int c;
            switch (s) {
                case STRING -> {
                    string:
                    while (true) {
                        // plain text 8 bytes at a time, up to the first byte that needs a look
                        while (true) {
                            if (p <= end - 8) {
                                long mask = attention((long) LONGS.get(buf, p));
                                if (mask == 0) {
                                    p += 8;
                                    continue;
                                }
                                p += Long.numberOfTrailingZeros(mask) >>> 3;
                                break;
                            }
                            if (p >= end) {
                                break loop;
                            }
                            c = buf[p];
                            if (c < 0x20 || c == '"' || c == '\\') {
                                break; // negative: a non-ASCII byte
                            }
                            p++;
                        }
                        c = buf[p++];
                        if (c != '"') {
                            if (c == '\\') {
                                escapedOrWide = true;
                                shrink++; // two bytes, one char; a unicode escape adds to it
                                s = ESCAPE;
                            } else if (c < 0) {
                                s = leadByte(c & 0xFF);
                            } else {
                                s = FAILED; // an unescaped control character
                            }
                            continue loop;
                        }
                        s = closeString(buf, chunkStart, p - 1, offsetOfIndexZero);
                        if (s == FAILED) {
                            break loop;
                        }
                        if (urlValue) {
                            state = s;
                            event = URL_VALUE;
                            return p;
                        }
                        // compact JSON between tokens without a round through the switch: each step below is the
                        // one its state's case would take; anything else (whitespace, numbers, the chunk's last
                        // byte) goes back to the switch with the byte not consumed
                        tokens:
                        while (true) {
                            if (p >= end - 1) {
                                continue loop;
                            }
                            c = buf[p];
                            if (s == COLON) {
                                if (c != ':') {
                                    continue loop;
                                }
                                s = VALUE;
                            } else if (c == ',' && s != VALUE) {
                                if (s == OBJECT_NEXT) {
                                    if (buf[p + 1] != '"') {
                                        p++;
                                        s = OBJECT_AFTER_COMMA;
                                        continue loop;
                                    }
                                    p += 2;
                                    startString(p - 1 + offsetOfIndexZero, true);
                                    s = STRING;
                                    continue string;
                                }
                                s = ARRAY_AFTER_COMMA;
                            } else if (c == '}' || c == ']') {
                                p++; // at the root (VALUE) close fails, as the switch would
                                if ((s = close(c == '}')) == FAILED) {
                                    break loop;
                                }
                                continue;
                            } else {
                                continue loop;
                            }
                            // a value must start at the byte after the ':' or ','
                            c = buf[++p];
                            while (true) {
                                if (c == '"') {
                                    p++;
                                    startValueString(p - 1 + offsetOfIndexZero);
                                    s = STRING;
                                    continue string;
                                }
                                if (c == '{') {
                                    p++;
                                    urlField = false;
                                    s = open(true);
                                    if (p < end && buf[p] == '"') {
                                        p++;
                                        startString(p - 1 + offsetOfIndexZero, true);
                                        s = STRING;
                                        continue string;
                                    }
                                    continue loop;
                                }
                                if (c == '[') {
                                    p++;
                                    urlField = false;
                                    s = open(false);
                                    if (p == end) {
                                        continue loop;
                                    }
                                    c = buf[p];
                                    continue;
                                }
                                int length = keywordLength(buf, p, end);
                                if (length == 0) {
                                    continue loop;
                                }
                                p += length;
                                urlField = false;
                                s = afterValue();
                                continue tokens;
                            }
                        }
                    }
                }
                case OBJECT_NEXT -> {
                    if ((p = skipWhitespace(buf, p, end)) == end) {
                        break loop;
                    }
                    c = buf[p++];
                    if (c == ',') {
                        s = OBJECT_AFTER_COMMA;
                    } else if (c == '}') {
                        s = close(true);
                    } else {
                        s = FAILED;
                    }
                }
                case OBJECT_AFTER_COMMA, OBJECT_FIRST -> {
                    if ((p = skipWhitespace(buf, p, end)) == end) {
                        break loop;
                    }
                    c = buf[p++];
                    if (c == '"') {
                        startString(p - 1 + offsetOfIndexZero, true);
                        s = STRING;
                    } else if (c == '}' && s == OBJECT_FIRST) {
                        s = close(true);
                    } else {
                        s = FAILED;
                    }
                }
                case COLON -> {
                    if ((p = skipWhitespace(buf, p, end)) == end) {
                        break loop;
                    }
                    s = buf[p++] == ':' ? VALUE : FAILED;
                }
                case ARRAY_NEXT -> {
                    if ((p = skipWhitespace(buf, p, end)) == end) {
                        break loop;
                    }
                    c = buf[p++];
                    if (c == ',') {
                        s = ARRAY_AFTER_COMMA;
                    } else if (c == ']') {
                        s = close(false);
                    } else {
                        s = FAILED;
                    }
                }
                case VALUE, ARRAY_FIRST, ARRAY_AFTER_COMMA -> {
                    if ((p = skipWhitespace(buf, p, end)) == end) {
                        break loop;
                    }
                    c = buf[p++];
                    if (c == ']' && s == ARRAY_FIRST) {
                        s = close(false);
                    } else {
                        s = startValue(c, p - 1 + offsetOfIndexZero);
                    }
                }
                case ESCAPE -> {
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p++];
                    if (highSurrogate && c != 'u') {
                        s = FAILED;
                    } else if (c == 'u') {
                        shrink += 4;
                        hexDigits = 0;
                        hexValue = 0;
                        s = UNICODE_ESCAPE;
                    } else if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r'
                            || c == 't') {
                        s = STRING;
                    } else {
                        s = FAILED;
                    }
                }
                case UNICODE_ESCAPE -> {
                    while (hexDigits < 4) {
                        if (p == end) {
                            break loop;
                        }
                        int digit = JsonStringDecoder.hex(buf[p++]);
                        if (digit < 0) {
                            s = FAILED;
                            continue loop;
                        }
                        hexValue = (hexValue << 4) | digit;
                        hexDigits++;
                    }
                    s = inName ? nameEscapeDone() : STRING;
                }
                case LOW_SURROGATE -> {
                    if (p == end) {
                        break loop;
                    }
                    if (buf[p++] == '\\') {
                        shrink++;
                        s = ESCAPE;
                    } else {
                        s = FAILED;
                    }
                }
                case UTF8_CONTINUATION -> {
                    while (continuations > 0) {
                        if (p == end) {
                            break loop;
                        }
                        int next = buf[p] & 0xFF;
                        if (next < continuationMin || next > continuationMax) {
                            break;
                        }
                        p++;
                        continuations--;
                        continuationMin = 0x80;
                        continuationMax = 0xBF;
                    }
                    if (continuations == 0) {
                        s = STRING;
                    } else if (inName) {
                        nameUtf8Error = true; // the byte is looked at again as part of the name
                        continuations = 0;
                        s = STRING;
                    } else {
                        s = FAILED;
                    }
                }
                case NUMBER_INT, NUMBER_FRACTION, NUMBER_EXPONENT -> {
                    while (p < end && (c = buf[p]) >= '0' && c <= '9') {
                        p++;
                    }
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p];
                    if (c == '.' && s == NUMBER_INT) {
                        p++;
                        s = NUMBER_FRACTION_START;
                    } else if ((c | 0x20) == 'e' && s != NUMBER_EXPONENT) {
                        p++;
                        s = NUMBER_EXPONENT_START;
                    } else {
                        s = endNumber(c); // the byte is looked at again
                    }
                }
                case NUMBER_ZERO -> {
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p] & 0xFF;
                    if (c == '.') {
                        p++;
                        s = NUMBER_FRACTION_START;
                    } else if ((c | 0x20) == 'e') {
                        p++;
                        s = NUMBER_EXPONENT_START;
                    } else if (c >= '0' && c <= '9' || c > '9' && c != ']' && c != '}') {
                        s = FAILED; // a leading zero, or a letter glued to the number
                    } else {
                        s = endNumber(c);
                    }
                }
                case NUMBER_MINUS -> {
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p++];
                    s = c == '0' ? NUMBER_ZERO : c >= '1' && c <= '9' ? NUMBER_INT : FAILED;
                }
                case NUMBER_FRACTION_START -> {
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p++];
                    s = c >= '0' && c <= '9' ? NUMBER_FRACTION : FAILED;
                }
                case NUMBER_EXPONENT_START -> {
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p++];
                    s = c >= '0' && c <= '9' ? NUMBER_EXPONENT : c == '+' || c == '-' ? NUMBER_EXPONENT_SIGN : FAILED;
                }
                case NUMBER_EXPONENT_SIGN -> {
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p++];
                    s = c >= '0' && c <= '9' ? NUMBER_EXPONENT : FAILED;
                }
                case KEYWORD -> {
                    while (keywordMatched < keyword.length) {
                        if (p == end) {
                            break loop;
                        }
                        if (buf[p++] != keyword[keywordMatched++]) {
                            s = FAILED;
                            continue loop;
                        }
                    }
                    if (p == end) {
                        break loop;
                    }
                    c = buf[p] & 0xFF;
                    // jackson's rule for what may follow true, false and null
                    s = c < '0' || c == ']' || c == '}' ? afterValue() : FAILED;
                }
                case DOC_START -> {
                    if (p == end) {
                        break loop;
                    }
                    if ((buf[p] & 0xFF) == 0xEF) {
                        p++;
                        bomMatched = 1;
                        s = BOM;
                    } else {
                        s = VALUE;
                    }
                }
                case BOM -> {
                    while (bomMatched < 3) {
                        if (p == end) {
                            break loop;
                        }
                        int expected = bomMatched == 1 ? 0xBB : 0xBF;
                        if ((buf[p++] & 0xFF) != expected) {
                            s = FAILED;
                            continue loop;
                        }
                        bomMatched++;
                    }
                    s = VALUE;
                }
                case FAILED -> {
                    state = FAILED;
                    event = MALFORMED;
                    return p;
                }
                default -> throw new IllegalStateException("scanner state " + s);
            }
        }
        state = s;
        if (s == FAILED) {
            event = MALFORMED;
            return p;
        }
        if (s >= STRING && s <= UTF8_CONTINUATION) {
            stringContinues(buf, chunkStart, end, offsetOfIndexZero);
        }
        event = NEED_INPUT;
        return p;
    }

    /**
     * The body ended: true when what came is complete JSON (a complete root number or keyword may end the body; an
     * unfinished string, number, keyword or container may not).
     */
    boolean endOfInput() {
        if (depth != 0) {
            return false;
        }
        return switch (state) {
            case DOC_START, VALUE, NUMBER_ZERO, NUMBER_INT, NUMBER_FRACTION, NUMBER_EXPONENT -> true;
            case KEYWORD -> keywordMatched == keyword.length;
            default -> false;
        };
    }

    /**
     * An exact mask (high bit of each byte) of the bytes of {@code w} that end plain string text: '"', '\', control
     * characters and non-ASCII bytes. No carry crosses bytes: each sum stays below 0x100.
     */
    private static long attention(long w) {
        long low = w & LOW7;
        long notQuote = (low ^ QUOTES) + LOW7;          // high bit clear only for '"' (and 0xA2, non-ASCII anyway)
        long notBackslash = (low ^ BACKSLASHES) + LOW7;
        long notControl = low + ADD_0X60;               // high bit clear for low 7 bits below 0x20
        return (~(notQuote & notBackslash & notControl) | w) & HIGHS;
    }

    /**
     * The length of the {@code true}, {@code false} or {@code null} at {@code p} when the chunk holds all of it, else 0
     * (the states look again). Only for values inside a container: the state after the value checks the byte that
     * follows, and it accepts nothing that jackson refuses after a keyword.
     */
    private static int keywordLength(byte[] buf, int p, int end) {
        int word = p + 4 <= end ? (int) INTS.get(buf, p) : 0;
        if (word == TRUE_LE || word == NULL_LE) {
            return 4;
        }
        return word == FALS_LE && p + 4 < end && buf[p + 4] == 'e' ? 5 : 0;
    }

    private static int skipWhitespace(byte[] buf, int p, int end) {
        while (p < end) {
            byte b = buf[p];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            p++;
        }
        return p;
    }

    private int startValue(int c, long offset) {
        boolean url = urlField;
        urlField = false;
        switch (c) {
            case '"':
                startString(offset, false);
                urlValue = url;
                return STRING;
            case '{':
                return open(true);
            case '[':
                return open(false);
            case '-':
                return NUMBER_MINUS;
            case '0':
                return NUMBER_ZERO;
            case 't':
                return keyword(TRUE);
            case 'f':
                return keyword(FALSE);
            case 'n':
                return keyword(NULL);
            default:
                return c >= '1' && c <= '9' ? NUMBER_INT : FAILED;
        }
    }

    /** A number ends before {@code next}; at the root jackson wants whitespace there (or the end of the body). */
    private int endNumber(int next) {
        if (depth == 0 && next != ' ' && next != '\n' && next != '\r' && next != '\t') {
            return FAILED;
        }
        return afterValue();
    }

    private void startValueString(long offset) {
        startString(offset, false);
        urlValue = urlField;
        urlField = false;
    }

    private int keyword(byte[] word) {
        keyword = word;
        keywordMatched = 1;
        return KEYWORD;
    }

    /**
     * A string begins. Continuations, surrogate and UTF-8 error flags need no reset: a string only closes without
     * failing when they are back at rest.
     */
    private void startString(long offset, boolean name) {
        stringStart = offset;
        inName = name;
        urlValue = false;
        escapedOrWide = false;
        shrink = 0;
    }

    /**
     * An escaped char of a name: jackson counts it as UTF-8 bytes (an escaped surrogate pair as four) and accepts
     * surrogates only as a pair of escapes.
     */
    private int nameEscapeDone() {
        boolean high = hexValue >= 0xD800 && hexValue <= 0xDBFF;
        boolean low = hexValue >= 0xDC00 && hexValue <= 0xDFFF;
        if (highSurrogate != low) {
            return FAILED; // a low surrogate without a high one before it, or a high one without a low one after it
        }
        highSurrogate = high;
        shrink -= high || low ? 1 : hexValue < 0x80 ? 0 : hexValue < 0x800 ? 1 : 2;
        return high ? LOW_SURROGATE : STRING;
    }

    /**
     * A non-ASCII byte in a string: the lead byte of a well-formed UTF-8 sequence (jackson 2.23 rejects overlong
     * forms, encoded surrogates and code points beyond U+10FFFF, as RFC 3629 does), else an error: at once in a
     * value, at the closing quote in a name, after its length check, where jackson finds it.
     */
    private int leadByte(int b) {
        escapedOrWide = true;
        int following;
        continuationMin = 0x80;
        continuationMax = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            following = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            following = 2;
            if (b == 0xE0) {
                continuationMin = 0xA0; // shorter forms are overlong
            } else if (b == 0xED) {
                continuationMax = 0x9F; // beyond are surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            following = 3;
            if (b == 0xF0) {
                continuationMin = 0x90;
            } else if (b == 0xF4) {
                continuationMax = 0x8F; // beyond U+10FFFF
            }
        } else if (inName) {
            nameUtf8Error = true;
            return STRING;
        } else {
            return FAILED;
        }
        if (!inName) {
            shrink += following == 3 ? 2 : following; // a four-byte character is two chars
        }
        continuations = following;
        return UTF8_CONTINUATION;
    }

    /** The closing quote at {@code quote}: checks the limits, and for a name whether it is location or $ref. */
    private int closeString(byte[] buf, int chunkStart, int quote, long offsetOfIndexZero) {
        long raw = quote + offsetOfIndexZero - stringStart - 1;
        if (inName) {
            if (raw > maxStringLength && raw - shrink > maxStringLength) {
                throw new RewriteLimitExceededException("JSON field name longer than " + maxStringLength
                        + " bytes");
            }
            if (nameUtf8Error || continuations > 0) {
                return FAILED;
            }
            urlField = isUrlName(buf, chunkStart, quote, raw, offsetOfIndexZero);
            return COLON;
        }
        if (raw > maxStringLength && raw - shrink > maxStringLength) {
            throw stringTooLong();
        }
        return afterValue();
    }

    private boolean isUrlName(byte[] buf, int chunkStart, int quote, long raw, long offsetOfIndexZero) {
        if (raw != 8 && raw != 4 && (!escapedOrWide || raw > MAX_URL_NAME_BYTES)) {
            return false;
        }
        long first = stringStart + 1 - offsetOfIndexZero;
        if (first >= chunkStart) {
            int from = (int) first;
            if (!escapedOrWide) {
                return raw == 8 ? (long) LONGS.get(buf, from) == LOCATION_LE : (int) INTS.get(buf, from) == REF_LE;
            }
            return decodesToUrlName(buf, from, quote);
        }
        int length = quote - chunkStart;
        System.arraycopy(buf, chunkStart, nameStart, nameStartLength, length);
        return decodesToUrlName(nameStart, 0, nameStartLength + length);
    }

    private boolean decodesToUrlName(byte[] bytes, int from, int to) {
        if (nameChars == null) {
            nameChars = new char[MAX_URL_NAME_BYTES];
        }
        int n = JsonStringDecoder.decode(bytes, from, to, nameChars);
        return n == 8 && Arrays.equals(nameChars, 0, 8, LOCATION_CHARS, 0, 8)
                || n == 4 && Arrays.equals(nameChars, 0, 4, REF_CHARS, 0, 4);
    }

    /** The chunk ends inside a string: an overlong value fails now; the start of a short name is kept. */
    private void stringContinues(byte[] buf, int chunkStart, int end, long offsetOfIndexZero) {
        long raw = end + offsetOfIndexZero - stringStart - 1;
        if (!inName) {
            if (raw > maxStringLength && raw - shrink > maxStringLength) {
                throw stringTooLong();
            }
            return;
        }
        if (raw > MAX_URL_NAME_BYTES) {
            return; // cannot be location or $ref any more
        }
        long first = stringStart + 1 - offsetOfIndexZero;
        if (first >= chunkStart) {
            nameStartLength = 0; // the name began in this chunk
        }
        if (nameStart == null) {
            nameStart = new byte[MAX_URL_NAME_BYTES];
        }
        int from = (int) Math.max(chunkStart, first);
        System.arraycopy(buf, from, nameStart, nameStartLength, end - from);
        nameStartLength += end - from;
    }

    private RewriteLimitExceededException stringTooLong() {
        return new RewriteLimitExceededException("JSON string longer than " + maxStringLength + " characters");
    }

    private int open(boolean object) {
        if (depth >= maxNestingDepth) {
            throw new RewriteLimitExceededException("JSON nesting deeper than " + maxNestingDepth + " levels");
        }
        int word = depth >>> 6;
        if (word == containers.length) {
            containers = Arrays.copyOf(containers, word * 2);
        }
        long bit = 1L << (depth & 63);
        containers[word] = object ? containers[word] | bit : containers[word] & ~bit;
        depth++;
        inObject = object;
        return object ? OBJECT_FIRST : ARRAY_FIRST;
    }

    private int close(boolean object) {
        if (depth == 0 || inObject != object) {
            return FAILED;
        }
        depth--;
        inObject = depth > 0 && isObject(depth - 1);
        return afterValue();
    }

    private boolean isObject(int level) {
        return (containers[level >>> 6] & (1L << (level & 63))) != 0;
    }

    private int afterValue() {
        if (depth == 0) {
            return VALUE;
        }
        return inObject ? OBJECT_NEXT : ARRAY_NEXT;
    }
}
