package io.scimrouter.rewrite;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generates random SCIM-like JSON documents together with the output the rewriter must produce, computed here
 * without jackson: the generator knows which strings it wrote as mappable URLs under {@code location}/{@code $ref}.
 * Both texts are built side by side; they differ only where a URL value is replaced.
 */
final class ScimLikeDocumentGenerator {
    static final String[] FROM_BASES =
            {"http://10.0.0.5:8080/scim/v2/p1/e1", "https://public.example.com/scim/v2/p1/e1"};
    static final String TO_BASE = "https://public.example.com/scim/v2/p1/e1/v2/acme";

    record Document(byte[] input, byte[] expected, int urlCount) {
    }

    /** A field name as written in JSON and what it means after unescaping. */
    private record Name(String json, String meaning) {
    }

    private static final List<Name> NAMES = List.of(
            new Name("id", "id"), new Name("userName", "userName"), new Name("value", "value"),
            new Name("path", "path"), new Name("display", "display"), new Name("meta", "meta"),
            new Name("members", "members"), new Name("émoji😀", "émoji😀"), new Name("Location", "Location"),
            new Name("locations", "locations"), new Name("ref", "ref"), new Name("$refs", "$refs"),
            new Name("location", "location"), new Name("location", "location"), new Name("$ref", "$ref"),
            new Name("$ref", "$ref"), new Name("loc\\u0061tion", "location"), new Name("\\u0024ref", "$ref"));
    private static final String[] NUMBERS = {"0", "-0", "1.10", "1e400", "-12.5E-3", "12345678901234567890123",
        "0.000", "3", "2E+2", "-1"};
    private static final String[] WHITESPACE = {"", "", "", " ", "\n  ", "\t", "\r\n", "  "};
    private static final String[] TEXT_PIECES = {"abc", "Babs Jensen", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9",
        "\\uD83D\\uDE00", "é", "日本", "😀", "W/\\\"3694e05e\\\"", "\\t", " ", "urn:ietf:params:scim", "\\u0000"};
    private static final String[] SUFFIXES = {"", "/Users/7", "/Groups/e9e30dba-f08f-4109", "/Users/é😀",
        "/Users?filter=userName%20eq%20%22bjensen%22", "/Users/a\"b", "/Users/back\\slash", "/Users/line\nbreak",
        "/"};

    private final Random random;
    private final StringBuilder input = new StringBuilder();
    private final StringBuilder expected = new StringBuilder();
    private int urlCount;

    private ScimLikeDocumentGenerator(Random random) {
        this.random = random;
    }

    /** A document whose size grows roughly with {@code budget} (number of values). */
    static Document generate(long seed, int budget) {
        ScimLikeDocumentGenerator generator = new ScimLikeDocumentGenerator(new Random(seed));
        generator.document(budget);
        return new Document(generator.input.toString().getBytes(StandardCharsets.UTF_8),
                generator.expected.toString().getBytes(StandardCharsets.UTF_8), generator.urlCount);
    }

    private void document(int budget) {
        if (budget > 100) {
            listResponse(budget);
            return;
        }
        int roots = random.nextInt(8) == 0 ? 2 + random.nextInt(2) : 1;
        for (int i = 0; i < roots; i++) {
            both(ws());
            if (random.nextInt(10) == 0) {
                value(0, budget);
            } else {
                object(0, budget);
            }
            both(i + 1 < roots ? (random.nextBoolean() ? "\n" : " ") : ws());
        }
    }

    /** A large body the way a list answer comes: many modest resources in one array. */
    private void listResponse(int budget) {
        both("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"]," + ws() + "\"Resources\":[");
        for (int i = 0; i < budget / 10; i++) {
            both(i > 0 ? "," + ws() : ws());
            object(1, 30);
        }
        both("]}" + ws());
    }

    private void value(int depth, int budget) {
        int choice = depth > 6 || budget <= 1 ? 3 + random.nextInt(4) : random.nextInt(7);
        switch (choice) {
            case 0, 1 -> object(depth + 1, budget);
            case 2 -> array(depth + 1, budget);
            case 3 -> both(quoted(text()));
            case 4 -> both(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 5 -> both(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
            default -> urlLikeString(false);
        }
    }

    private void object(int depth, int budget) {
        both("{");
        int members = random.nextInt(Math.max(1, Math.min(budget, 8)));
        int share = Math.max(1, (budget - members) / Math.max(1, members));
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                both(ws() + "," + ws());
            } else {
                both(ws());
            }
            Name name = NAMES.get(random.nextInt(NAMES.size()));
            both(quoted(name.json()) + ws() + ":" + ws());
            if (name.meaning().equals("location") || name.meaning().equals("$ref")) {
                urlFieldValue(depth, share);
            } else {
                value(depth, share);
            }
        }
        both(ws() + "}");
    }

    private void array(int depth, int budget) {
        both("[" + ws());
        int items = random.nextInt(Math.max(1, Math.min(budget, 6)));
        int share = Math.max(1, (budget - items) / Math.max(1, items));
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                both(ws() + "," + ws());
            }
            if (random.nextInt(3) == 0) {
                // an array of $ref objects, like members[]
                both("{\"value\":\"" + random.nextInt(1000) + "\",\"$ref\":");
                urlFieldValue(depth, 1);
                both("}");
            } else {
                value(depth, share);
            }
        }
        both(ws() + "]");
    }

    private void urlFieldValue(int depth, int budget) {
        int choice = random.nextInt(10);
        if (choice < 7) {
            urlLikeString(true);
        } else if (choice == 7) {
            both("null");
        } else {
            // objects, arrays, numbers and plain text under a URL name are left alone
            switch (random.nextInt(4)) {
                case 0 -> object(depth + 1, budget);
                case 1 -> array(depth + 1, budget);
                case 2 -> both(NUMBERS[random.nextInt(NUMBERS.length)]);
                default -> both(quoted(text()));
            }
        }
    }

    /** A string that is, or nearly is, a mappable URL; replaced only when {@code mappable} and it really matches. */
    private void urlLikeString(boolean mappable) {
        String suffix = SUFFIXES[random.nextInt(SUFFIXES.length)];
        String base = FROM_BASES[random.nextInt(FROM_BASES.length)];
        String value;
        boolean matches;
        switch (random.nextInt(12)) {
            case 0 -> {
                value = base.replace("http", "HTTP").replace("public.example", "PUBLIC.Example");
                matches = true;
            }
            case 1 -> {
                value = base + "0" + suffix; // e10
                matches = false;
            }
            case 2 -> {
                value = base + "x";
                matches = false;
            }
            case 3 -> {
                value = base.replace("/scim/", "/SCIM/");
                matches = false;
            }
            case 4 -> {
                value = TO_BASE; // already in the client's form
                matches = false;
            }
            case 5 -> {
                value = random.nextBoolean() ? "../Users/7" : random.nextBoolean() ? "/scim/v2/p1/e1" : "bulkId:q1";
                matches = false;
            }
            case 6 -> {
                value = "https://other.example.com/scim/v2/p1/e1";
                matches = false;
            }
            default -> {
                value = base;
                matches = true;
            }
        }
        String decoded = value + suffix;
        String written = escapeOddly(decoded);
        input.append('"').append(written).append('"');
        if (mappable && matches) {
            expected.append('"').append(TO_BASE).append(escapeNormally(suffix)).append('"');
            urlCount++;
        } else {
            expected.append('"').append(written).append('"');
        }
    }

    /** How a backend might write a string: sometimes {@code \/}, sometimes a letter as {@code \\u0068}. */
    private String escapeOddly(String decoded) {
        int style = random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append(style == 3 ? "\\u000A" : "\\n");
            } else if (c == '/' && style == 1) {
                sb.append("\\/");
            } else if (c == 'h' && style == 2) {
                sb.append("\\u0068");
            } else if (c > 0x7f && style == 3) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The ordinary escaping the rewriter must write: quote, backslash and control characters only. */
    private static String escapeNormally(String decoded) {
        StringBuilder sb = new StringBuilder();
        for (char c : decoded.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private String text() {
        StringBuilder sb = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            sb.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
        }
        return sb.toString();
    }

    private String ws() {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }

    private static String quoted(String json) {
        return "\"" + json + "\"";
    }

    private void both(String text) {
        input.append(text);
        expected.append(text);
    }
}
