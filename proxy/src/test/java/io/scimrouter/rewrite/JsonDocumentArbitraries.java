package io.scimrouter.rewrite;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * jqwik generators of JSON bodies for the differential tests: nested objects and arrays, every escape form, non-ASCII
 * and emoji, numbers in every notation, whitespace everywhere, field names and URLs that match the mapping or almost
 * do, written raw or escaped; the real IdP and SCIM documents of the sample tests; and broken variants of all these.
 */
final class JsonDocumentArbitraries {
    static final String[] FROM_BASES = {"http://10.0.0.5:8080/scim/v2/p1/e1",
        "https://public.example.com/scim/v2/p1/e1"};
    static final String TO_BASE = "https://public.example.com/scim/v2/p1/e1/v2/acme";
    static final UrlMapping RESPONSES = UrlMapping.of(List.of(FROM_BASES), TO_BASE);
    static final UrlMapping REQUESTS = UrlMapping.of(List.of(TO_BASE), FROM_BASES[0]);

    private static final String[] SAMPLES = {"entra-user", "okta-user", "service-provider-config", "schemas",
        "bulk-request", "bulk-response", "entra-user.expected", "bulk-request.expected"};
    private static final int MAX_DEPTH = 5;

    private JsonDocumentArbitraries() {
    }

    /** Well-formed bodies: mostly generated, some real ones. */
    static Arbitrary<byte[]> wellFormed() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, generated().map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, realDocuments()));
    }

    /** Bodies broken in one place: a byte left out, added or replaced, a cut, a slice doubled. */
    static Arbitrary<byte[]> malformed() {
        Arbitrary<Integer> operation = Arbitraries.integers().between(0, 4);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Byte> what = Arbitraries.of((byte) '"', (byte) '\\', (byte) '{', (byte) '}', (byte) '[',
                (byte) ']', (byte) ',', (byte) ':', (byte) 0, (byte) 0x1F, (byte) 0x80, (byte) 0xC3, (byte) 0xE2,
                (byte) 0xF0, (byte) 0xFF, (byte) 'x', (byte) '0', (byte) '.', (byte) 'e', (byte) '-', (byte) ' ',
                (byte) 'u', (byte) 't');
        // UTF-8 that is not well-formed: overlong, surrogates, beyond U+10FFFF, bad start bytes; and edges that are
        Arbitrary<byte[]> sequence = Arbitraries.of("C080", "C1A1", "E081A1", "EDA0BD", "F0808080", "F4908080",
                "F5808080", "EFBFBF", "F48FBFBF", "E0A080", "ED9FBF", "C280").map(HexFormat.of()::parseHex);
        Arbitrary<byte[]> withSequence = Combinators.combine(wellFormed(), where, sequence)
                .as(JsonDocumentArbitraries::insert);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(wellFormed(), operation, where, what)
                        .as(JsonDocumentArbitraries::mutate)),
                Tuple.of(1, withSequence));
    }

    private static byte[] insert(byte[] doc, double where, byte[] bytes) {
        int at = (int) Math.min(doc.length, Math.floor(where * (doc.length + 1)));
        byte[] out = new byte[doc.length + bytes.length];
        System.arraycopy(doc, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(doc, at, out, at + bytes.length, doc.length - at);
        return out;
    }

    /** The real documents of the sample tests (IdP users, bulk requests and answers, discovery documents). */
    static Arbitrary<byte[]> realDocuments() {
        List<byte[]> documents = new ArrayList<>();
        for (String name : SAMPLES) {
            documents.add(resource(name + ".json"));
        }
        return Arbitraries.of(documents);
    }

    /** Where a body is cut into chunks: pieces of 1, 3 or 100 bytes, random points, or none. */
    static Arbitrary<Chunking> chunkings() {
        return Combinators.combine(Arbitraries.of(Chunking.Kind.values()), Arbitraries.longs())
                .as(Chunking::new);
    }

    record Chunking(Kind kind, long seed) {
        enum Kind { WHOLE, ONE, THREE, HUNDRED, RANDOM }

        int[] cuts(int length) {
            return switch (kind) {
                case WHOLE -> new int[0];
                case ONE -> RewriteHarness.evenCuts(length, 1);
                case THREE -> RewriteHarness.evenCuts(length, 3);
                case HUNDRED -> RewriteHarness.evenCuts(length, 100);
                case RANDOM -> RewriteHarness.randomCuts(length, new Random(seed), 1, 2, 5, 17, 64, 300);
            };
        }
    }

    private static byte[] mutate(byte[] doc, int operation, double where, byte what) {
        int at = (int) Math.min(doc.length, Math.floor(where * (doc.length + 1)));
        byte[] out;
        switch (operation) {
            case 0 -> { // leave a byte out
                if (doc.length == 0) {
                    return new byte[] {what};
                }
                int i = Math.min(at, doc.length - 1);
                out = new byte[doc.length - 1];
                System.arraycopy(doc, 0, out, 0, i);
                System.arraycopy(doc, i + 1, out, i, doc.length - i - 1);
            }
            case 1 -> { // add one
                out = new byte[doc.length + 1];
                System.arraycopy(doc, 0, out, 0, at);
                out[at] = what;
                System.arraycopy(doc, at, out, at + 1, doc.length - at);
            }
            case 2 -> { // replace one
                out = doc.clone();
                if (out.length > 0) {
                    out[Math.min(at, out.length - 1)] = what;
                }
            }
            case 3 -> out = java.util.Arrays.copyOf(doc, at); // cut short
            default -> { // a slice doubled
                int length = Math.min(doc.length - at, 1 + (what & 0x0F));
                out = new byte[doc.length + length];
                System.arraycopy(doc, 0, out, 0, at + length);
                System.arraycopy(doc, at, out, at + length, doc.length - at);
            }
        }
        return out;
    }

    /** A generated body: one root value, or a few separated by whitespace. */
    static Arbitrary<String> generated() {
        Arbitrary<String> root = Arbitraries.frequencyOf(
                Tuple.of(6, object(0)),
                Tuple.of(1, array(0)),
                Tuple.of(1, scalar()));
        Arbitrary<String> roots = root.list().ofMinSize(1).ofMaxSize(3)
                .map(values -> String.join("\n", values));
        Arbitrary<String> start = Arbitraries.frequencyOf(Tuple.of(12, whitespace()),
                Tuple.of(1, Arbitraries.of("\uFEFF"))); // a UTF-8 byte order mark
        return Combinators.combine(start, Arbitraries.frequencyOf(Tuple.of(5, root), Tuple.of(1, roots)),
                whitespace()).as((a, v, b) -> a + v + b);
    }

    private static Arbitrary<String> value(int depth) {
        if (depth >= MAX_DEPTH) {
            return scalar();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar()),
                Tuple.of(2, Arbitraries.lazy(() -> object(depth + 1))),
                Tuple.of(1, Arbitraries.lazy(() -> array(depth + 1))));
    }

    private static Arbitrary<String> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, string()),
                Tuple.of(2, urlString()),
                Tuple.of(2, number()),
                Tuple.of(1, Arbitraries.of("true", "false", "null")));
    }

    private static Arbitrary<String> object(int depth) {
        Arbitrary<String> plain = Combinators.combine(name(), whitespace(), whitespace(), value(depth))
                .as((name, ws1, ws2, value) -> name + ws1 + ":" + ws2 + value);
        Arbitrary<String> url = Combinators.combine(urlName(), whitespace(), whitespace(), urlFieldValue(depth))
                .as((name, ws1, ws2, value) -> name + ws1 + ":" + ws2 + value);
        Arbitrary<String> member = Arbitraries.frequencyOf(Tuple.of(3, plain), Tuple.of(2, url));
        return Combinators.combine(whitespace(), member.list().ofMinSize(depth == 0 ? 1 : 0).ofMaxSize(6),
                        separators())
                .as((ws, members, sep) -> "{" + ws + String.join(sep, members) + (members.isEmpty() ? "" : ws) + "}");
    }

    private static Arbitrary<String> array(int depth) {
        return Combinators.combine(whitespace(), value(depth).list().ofMaxSize(5), separators())
                .as((ws, items, sep) -> "[" + ws + String.join(sep, items) + ws + "]");
    }

    /** What a location or $ref field holds: mostly a URL, sometimes anything else (left alone). */
    private static Arbitrary<String> urlFieldValue(int depth) {
        return Arbitraries.frequencyOf(Tuple.of(5, urlString()), Tuple.of(1, value(depth)));
    }

    private static Arbitrary<String> separators() {
        return Combinators.combine(whitespace(), whitespace()).as((a, b) -> a + "," + b);
    }

    private static Arbitrary<String> whitespace() {
        return Arbitraries.of("", "", "", "", " ", "\n", "\t", "\r\n", "  \n\t ");
    }

    /** The names of URL fields, raw and escaped, and some that nearly are. */
    private static Arbitrary<String> urlName() {
        Arbitrary<String> exact = Arbitraries.of("location", "$ref", "loc\\u0061tion", "\\u0024ref",
                "\\u0024\\u0072\\u0065\\u0066", "\\u006c\\u006F\\u0063\\u0061\\u0074\\u0069\\u006f\\u006e",
                "locatio\\u006E", "\\u0024r\\u0065f");
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("location", "$ref")), Tuple.of(2, exact),
                Tuple.of(1, name().map(n -> n.substring(1, n.length() - 1)))).map(n -> "\"" + n + "\"");
    }

    /** Field names: the two that matter, written raw or escaped, and near misses. */
    private static Arbitrary<String> name() {
        Arbitrary<String> special = Arbitraries.of("location", "$ref", "loc\\u0061tion", "\\u0024ref",
                "\\u0024\\u0072\\u0065\\u0066", "\\u006c\\u006F\\u0063\\u0061\\u0074\\u0069\\u006f\\u006e",
                "locatio\\u006E", "Location", "LOCATION", "locatio", "locations", "location ", " location", "$Ref",
                "$re", "$refs", "ref", "lo\\/cation", "\\/location", "loca\\ntion", "$ref\\u0000", "l\\u00f6cation",
                "id", "meta", "value", "display", "members", "émoji😀", "", "schemas", "href");
        return Arbitraries.frequencyOf(Tuple.of(4, special), Tuple.of(1, stringContent(true)))
                .map(n -> "\"" + n + "\"");
    }

    private static Arbitrary<String> string() {
        return stringContent(false).map(s -> "\"" + s + "\"");
    }

    /** Names take escaped surrogates only in pairs (jackson 2.23); values take any escape. */
    private static Arbitrary<String> stringContent(boolean name) {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\')
                .ofMaxLength(12);
        Arbitrary<String> escape = Arbitraries.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t");
        Arbitrary<Integer> escaped = Arbitraries.integers().between(0, 0xFFFF)
                .filter(c -> !name || c < 0xD800 || c > 0xDFFF);
        Arbitrary<String> unicodeEscape = Combinators.combine(escaped, Arbitraries.of(true, false))
                .as((c, upper) -> unicodeEscape(c, upper));
        Arbitrary<String> surrogates = name ? Arbitraries.of("\\uD83D\\uDE00", "\\ud83c\\udf89")
                : Arbitraries.of("\\uD83D\\uDE00", "\\ud83d", "\\uDE00x", "\\u0000");
        Arbitrary<String> wide = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("é", "日本", "😀", "\u00a0", "ß", "\u2028", "\uFFFD", "\u07FF", "\u0800",
                        "\uD83D\uDE00\uD83C\uDF89", "\u0080")),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0080', '\uD7FF').ofMinLength(1).ofMaxLength(4)));
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, ascii), Tuple.of(2, escape), Tuple.of(2, unicodeEscape), Tuple.of(2, wide),
                Tuple.of(1, surrogates));
        return piece.list().ofMaxSize(5).map(pieces -> String.join("", pieces));
    }

    private static String unicodeEscape(int c, boolean upper) {
        String hex = String.format("%04x", c);
        return "\\u" + (upper ? hex.toUpperCase(Locale.ROOT) : hex);
    }

    /** A URL that matches a base or nearly does, with a suffix, written raw or escaped in one of several ways. */
    private static Arbitrary<String> urlString() {
        Arbitrary<String> matching = Arbitraries.of(FROM_BASES[0], FROM_BASES[1],
                "HTTP://10.0.0.5:8080/scim/v2/p1/e1", "https://PUBLIC.Example.COM/scim/v2/p1/e1");
        Arbitrary<String> nearMiss = Arbitraries.of("http://10.0.0.5:8080/scim/v2/p1/e10",
                "http://10.0.0.5:8080/scim/v2/p1/e1x",
                "http://10.0.0.5:8080/SCIM/v2/p1/e1", "https://other.example.com/scim/v2/p1/e1",
                "http://10.0.0.5:8080/scim/v2/p1", "http://10.0.0.5:808/scim/v2/p1/e1", "http://10.0.0.5:8080",
                "https://public.example.com/scim/v2/p1/e1/v2/acm", "../Users/7", "bulkId:q1", "", "http:/");
        // the target base matches in the request direction, and is a near miss in the answer direction
        Arbitrary<String> target = Arbitraries.of(TO_BASE, "HTTPS://Public.Example.com/scim/v2/p1/e1/v2/acme");
        Arbitrary<String> base = Arbitraries.frequencyOf(Tuple.of(3, matching), Tuple.of(2, target),
                Tuple.of(2, nearMiss));
        Arbitrary<String> suffix = Arbitraries.of("", "", "/", "/Users/7", "/Groups/e9e30dba-f08f-4109",
                "/Users/é😀", "/Users?filter=userName%20eq%20%22bjensen%22", "/Users/a\"b", "/Users/back\\slash",
                "/Users/line\nbreak", "/x\u0001y", "/Users/\uD83D\uDE00", "?q=1", "#frag", "/Users/\u2028");
        return Combinators.combine(base, suffix, Arbitraries.integers().between(0, 4), Arbitraries.longs())
                .as((b, s, style, seed) -> "\"" + escape(b + s, style, new Random(seed)) + "\"");
    }

    /** Writes text as the inside of a JSON string: ordinarily, or with escapes a backend might choose. */
    private static String escape(String text, int style, Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean odd = style == 4 && random.nextInt(4) == 0;
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(c == '\n' && !odd ? "\\n" : unicodeEscape(c, random.nextBoolean()));
            } else if (c == '/' && (style == 1 || odd)) {
                sb.append("\\/");
            } else if ((style == 2 && Character.isLetter(c) && c < 0x80) || (style == 3 && c >= 0x80) || odd) {
                sb.append(unicodeEscape(c, random.nextBoolean()));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("0", "-0", "1.10", "1e400", "-12.5E-3", "12345678901234567890123",
                        "0.000", "2E+2", "-1", "1E-0", "0e5", "-0.0e-0", "7", "3.14159", "1e-7", "-9007199254740993")),
                Tuple.of(1, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N")
                        && !s.contains("I"))));
    }

    static byte[] resource(String name) {
        try (InputStream in = JsonDocumentArbitraries.class.getResourceAsStream("/rewrite/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /rewrite/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
