package io.scimrouter.rewrite;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * jqwik generator of bodies that are both over a limit and broken: a string value, a URL value or a field name longer
 * than {@code maxStringLength}, or nesting deeper than {@code maxNestingDepth}, in a small SCIM-like object with URLs
 * the rewriters replace; and one break (a control character, a byte that is never UTF-8, or the end of the body) at a
 * distance before the point where the token crosses the limit, or after it, inside the token or after its end.
 */
final class OverlongDocumentArbitraries {
    /** What is over the limit. */
    enum Overlong { VALUE, URL_VALUE, NAME, NESTING }

    /** Where the break is, against the overlong token. */
    enum Where {
        /** Before the piece whose characters (bytes for a name, the opener for nesting) cross the limit. */
        BEFORE_CROSSING,
        /** Inside or after that piece, before the token ends (its closing quote). */
        IN_TOKEN_AFTER_CROSSING,
        /** After the token ended: its closing quote, or for nesting the opener one level too deep. */
        AFTER_TOKEN
    }

    /** A body, its limits, what in it is over them and where it is broken. */
    record OverlongCase(byte[] body, RewriteLimits limits, Overlong overlong, Where where) {
        @Override
        public String toString() {
            return overlong + " broken " + where + " with " + limits + ": "
                    + new String(body, StandardCharsets.UTF_8) + "\nbytes " + Arrays.toString(body);
        }
    }

    /** Members around the overlong one, all within the limits used here; two are URLs both rewriters replace. */
    private static final String[] MEMBERS = {
        "\"id\":\"2819c223-7f76\"",
        "\"location\":\"http://10.0.0.5:8080/scim/v2/p1/e1/Users/1\"",
        "\"$ref\":\"https://public.example.com/scim/v2/p1/e1/Groups/9\"",
        "\"n\":[1,-2.5e3,true,null,{\"k\":\"v\\u00e9\"}]",
        "\"emails\":[{\"value\":\"b@example.com\",\"primary\":true}]",
        "\"d\u00e9j\u00e0\":\"\ud83d\ude00\""};
    /** Pieces of a value: text, and how many chars it adds once unescaped (UTF-16 units, as jackson counts). */
    private static final Object[][] VALUE_PIECES = {{"x", 1}, {"\\n", 1}, {"\\/", 1}, {"\\u0041", 1}, {"é", 1},
        {"日", 1}, {"😀", 2}, {"\\uD83D\\uDE00", 2}, {"abcdefgh", 8}};
    /** Pieces of a name: text, and how many UTF-8 bytes it adds once unescaped (as jackson counts names). */
    private static final Object[][] NAME_PIECES = {{"x", 1}, {"\\n", 1}, {"\\u0041", 1}, {"\\u00e9", 2}, {"é", 2},
        {"日", 3}, {"😀", 4}, {"\\uD83D\\uDE00", 4}, {"abcdefgh", 8}};
    /** Bytes that break a body wherever they are (in a name, bad UTF-8 counts only after the length check); -1: cut. */
    private static final int[] BREAKS = {0x01, 0x1F, 0xFF, 0xF5, -1};

    private OverlongDocumentArbitraries() {
    }

    static Arbitrary<OverlongCase> overlongAndBroken() {
        Arbitrary<Integer> distance = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 8)),
                Tuple.of(1, Arbitraries.integers().between(0, 1000)),
                Tuple.of(1, Arbitraries.integers().between(500, 3000)));
        return Combinators.combine(Arbitraries.of(Overlong.values()), Arbitraries.integers().between(50, 90),
                        Arbitraries.integers().between(3, 7), Arbitraries.of(true, false), distance,
                        Arbitraries.of(Arrays.stream(BREAKS).boxed().toList()), Arbitraries.longs())
                .as(OverlongDocumentArbitraries::build);
    }

    private static OverlongCase build(Overlong overlong, int maxStringLength, int maxNestingDepth, boolean before,
                                      int distance, int breakByte, long seed) {
        Random random = new Random(seed);
        Body doc = new Body();
        doc.text("{");
        for (int i = random.nextInt(4); i > 0; i--) {
            doc.text(MEMBERS[random.nextInt(MEMBERS.length)]).text(",");
        }
        // how far beyond the limit the token goes: mostly a little, sometimes past the 500 chars of jackson's first
        // text segment, where it checks a value's length before the closing quote
        int over = random.nextInt(4) == 0 ? 400 + random.nextInt(2000) : 1 + random.nextInt(30);
        int crossStart;
        int crossEnd;
        int tokenEnd;
        if (overlong == Overlong.NESTING) {
            doc.text("\"deep\":");
            // the outer object is level 1, so opener number maxNestingDepth is one level too deep
            int openers = maxNestingDepth + random.nextInt(3);
            crossStart = -1;
            StringBuilder closers = new StringBuilder();
            for (int opener = 1; opener <= openers; opener++) {
                if (opener == maxNestingDepth) {
                    crossStart = doc.size();
                }
                boolean object = random.nextBoolean();
                doc.text(object ? "{\"k\":" : "[");
                closers.insert(0, object ? "}" : "]");
            }
            doc.text("0").text(closers.toString());
            crossEnd = crossStart + 1;
            tokenEnd = crossEnd;
        } else {
            boolean name = overlong == Overlong.NAME;
            if (overlong == Overlong.VALUE) {
                doc.text(random.nextBoolean() ? "\"displayName\":\"" : "\"value\":\"");
            } else if (overlong == Overlong.URL_VALUE) {
                doc.text(random.nextBoolean() ? "\"location\":\"" : "\"$ref\":\"");
            } else {
                doc.text("\"");
            }
            int count = 0;
            if (overlong == Overlong.URL_VALUE) {
                String base = JsonDocumentArbitraries.FROM_BASES[random.nextInt(2)];
                doc.text(base);
                count = base.length();
            }
            Object[][] pieces = name ? NAME_PIECES : VALUE_PIECES;
            crossStart = -1;
            crossEnd = -1;
            while (count <= maxStringLength + over) {
                Object[] piece = pieces[random.nextInt(pieces.length)];
                int start = doc.size();
                doc.text((String) piece[0]);
                count += (Integer) piece[1];
                if (crossStart < 0 && count > maxStringLength) {
                    crossStart = start;
                    crossEnd = doc.size();
                }
            }
            doc.text("\"");
            tokenEnd = doc.size();
            doc.text(name ? ":1" : "");
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            doc.text(",").text(MEMBERS[random.nextInt(MEMBERS.length)]);
        }
        doc.text("}");
        byte[] whole = doc.toByteArray();
        int at = before ? Math.max(0, crossStart - distance) : Math.min(whole.length, crossEnd + distance);
        Where where = at <= crossStart ? Where.BEFORE_CROSSING
                : at < tokenEnd ? Where.IN_TOKEN_AFTER_CROSSING : Where.AFTER_TOKEN;
        byte[] body;
        if (breakByte < 0) {
            body = Arrays.copyOf(whole, at);
        } else {
            body = new byte[whole.length + 1];
            System.arraycopy(whole, 0, body, 0, at);
            body[at] = (byte) breakByte;
            System.arraycopy(whole, at, body, at + 1, whole.length - at);
        }
        return new OverlongCase(body, new RewriteLimits(maxStringLength, maxNestingDepth), overlong, where);
    }

    private static final class Body extends ByteArrayOutputStream {
        Body text(String s) {
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return this;
        }
    }
}
