package io.scimrouter.rewrite;

import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Maps absolute URLs from one set of base URLs to another base: legacy to tenant form in answers, tenant to legacy form
 * in requests. A base is an absolute URL prefix without a trailing slash, e.g. {@code https://h/scim/v2/p1/e1}.
 *
 * <p>A base matches only when the value continues with '/' or ends right after it, so {@code .../p1/e10/Users} and
 * {@code .../p1/e1x} are not mapped. Scheme and host compare without regard to case, the path exactly. When bases
 * overlap the longest wins. A value already under the target base is left alone, so an answer that echoes a URL
 * in the client's own form is not prefixed twice. Default ports are not normalised: list {@code https://h} and
 * {@code https://h:443} separately if a backend writes both.
 */
public final class UrlMapping {
    private static final Pattern BASE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s]+(/[^?#\\s]*)?");

    private final Base[] fromBases;
    private final Base toBase;
    private final String toBaseText;
    private final byte[] toBaseJson;
    private final byte[] quotedToBaseJson;

    private UrlMapping(Base[] fromBases, String toBaseText) {
        this.fromBases = fromBases;
        this.toBase = Base.parse(toBaseText);
        this.toBaseText = toBaseText;
        char[] chars = toBaseText.toCharArray();
        byte[] json = new byte[chars.length * JsonStringEscaper.MAX_BYTES_PER_CHAR];
        this.toBaseJson = Arrays.copyOf(json, JsonStringEscaper.escape(chars, 0, chars.length, json, 0));
        this.quotedToBaseJson = new byte[toBaseJson.length + 1];
        quotedToBaseJson[0] = '"';
        System.arraycopy(toBaseJson, 0, quotedToBaseJson, 1, toBaseJson.length);
    }

    /**
     * @param fromBases the bases to replace, at least one
     * @param toBase the base that replaces them
     * @throws IllegalArgumentException when a base is not an absolute URL or ends with '/'
     */
    public static UrlMapping of(List<String> fromBases, String toBase) {
        Objects.requireNonNull(fromBases, "fromBases");
        if (fromBases.isEmpty()) {
            throw new IllegalArgumentException("at least one base to map from is required");
        }
        validate(toBase);
        List<Base> bases = new ArrayList<>();
        for (String base : fromBases) {
            validate(base);
            bases.add(Base.parse(base));
        }
        bases.sort(Comparator.comparingInt((Base b) -> b.text().length()).reversed());
        return new UrlMapping(bases.toArray(Base[]::new), toBase);
    }

    /** Returns the mapped value, or null when the value does not start with one of the bases. */
    public String map(String value) {
        char[] chars = value.toCharArray();
        int baseLength = matchedBaseLength(chars, 0, chars.length);
        return baseLength < 0 ? null : toBaseText + value.substring(baseLength);
    }

    /** The base URLs that are replaced, longest first, scheme and host in lower case. */
    public List<String> fromBases() {
        return Arrays.stream(fromBases).map(Base::text).toList();
    }

    public String toBase() {
        return toBaseText;
    }

    /**
     * Length of the base that {@code text[offset, offset + length)} starts with, or -1 when none matches. Works on
     * the parser's own char buffer, so values that are not mapped cost no allocation.
     */
    int matchedBaseLength(char[] text, int offset, int length) {
        for (Base base : fromBases) {
            if (base.isPrefixOf(text, offset, length)) {
                // a target that extends the matched base (legacy -> /v2/acme) already covers this value
                if (toBase.text().length() > base.text().length() && toBase.isPrefixOf(text, offset, length)) {
                    return -1;
                }
                return base.text().length();
            }
        }
        return -1;
    }

    /**
     * The same for a value whose bytes are its text: plain ASCII, no escapes (the fast rewriter's common case, so
     * that it need not decode the value to chars).
     */
    int matchedBaseLength(byte[] ascii, int offset, int length) {
        for (Base base : fromBases) {
            if (base.isPrefixOf(ascii, offset, length)) {
                if (toBase.text().length() > base.text().length() && toBase.isPrefixOf(ascii, offset, length)) {
                    return -1;
                }
                return base.text().length();
            }
        }
        return -1;
    }

    /** The target base as the inside of a JSON string, UTF-8. */
    byte[] toBaseJson() {
        return toBaseJson;
    }

    /** The same after an opening quote: the start of a replaced JSON string. */
    byte[] quotedToBaseJson() {
        return quotedToBaseJson;
    }

    private static void validate(String base) {
        Objects.requireNonNull(base, "base URL");
        if (!BASE.matcher(base).matches()) {
            throw new IllegalArgumentException("not an absolute base URL: " + base);
        }
        if (base.endsWith("/")) {
            throw new IllegalArgumentException("base URL must not end with '/': " + base);
        }
    }

    /** A base with its scheme and authority in lower case; {@code authorityEnd} is where the path starts. */
    private record Base(String text, int authorityEnd, byte[] ascii) {
        static Base parse(String url) {
            int pathStart = url.indexOf('/', url.indexOf("://") + 3);
            int authorityEnd = pathStart < 0 ? url.length() : pathStart;
            String text = url.substring(0, authorityEnd).toLowerCase(Locale.ROOT) + url.substring(authorityEnd);
            boolean isAscii = text.chars().allMatch(c -> c < 0x80);
            // a base with non-ASCII characters never matches a plain ASCII value: no bytes to compare with
            return new Base(text, authorityEnd, isAscii ? text.getBytes(StandardCharsets.US_ASCII) : null);
        }

        boolean isPrefixOf(char[] value, int offset, int length) {
            int n = text.length();
            if (length < n || (length > n && value[offset + n] != '/')) {
                return false;
            }
            // the path first, from its end: near misses (e1 against e10) differ there
            for (int i = n - 1; i >= authorityEnd; i--) {
                if (value[offset + i] != text.charAt(i)) {
                    return false;
                }
            }
            for (int i = 0; i < authorityEnd; i++) {
                char c = value[offset + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != text.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        boolean isPrefixOf(byte[] value, int offset, int length) {
            int n = text.length();
            if (ascii == null || length < n || (length > n && value[offset + n] != '/')) {
                return false;
            }
            if (!Arrays.equals(value, offset + authorityEnd, offset + n, ascii, authorityEnd, n)) {
                return false;
            }
            if (Arrays.equals(value, offset, offset + authorityEnd, ascii, 0, authorityEnd)) {
                return true; // scheme and host already in lower case, as nearly always
            }
            for (int i = 0; i < authorityEnd; i++) {
                int c = value[offset + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != ascii[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
