package io.scimrouter.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fuzz cases for the router's client side: valid requests (every URL form, bodies with a length and chunked, with
 * Expect, pipelined, HTTP/1.0, spoofed tenant headers) changed in one to three ways: bytes flipped, inserted
 * (CR, LF, NUL, space, tab, separators, high bytes), deleted or duplicated; the message cut short; header lines
 * added (duplicated and oddly cased Content-Length and Transfer-Encoding, huge and negative numbers, obsolete line
 * folding, spaces and tabs in names and values, tenant header spoofs); chunk sizes replaced; letter case flipped;
 * line endings broken. About one case in six is left valid. Deterministic for a seed.
 */
public final class HttpMutator {
    /** The tenant keys a valid request names; anything else a backend sees as a tenant is a spoof. */
    public static final List<String> ROUTER_TENANTS = List.of("acme", "globex", "default");
    /** The value every spoofed tenant header carries. */
    public static final String SPOOF = "evil";

    /** One case: the bytes to send, split into reads at {@code splits}, and what was done to the base request. */
    public record Case(int index, String base, List<String> mutations, byte[] bytes, int[] splits) {
        public String describe() {
            StringBuilder shown = new StringBuilder();
            for (byte b : bytes) {
                int c = b & 0xff;
                if (c == '\r') {
                    shown.append("\\r");
                } else if (c == '\n') {
                    shown.append("\\n");
                } else if (c < 0x20 || c >= 0x7f) {
                    shown.append(String.format("\\x%02x", c));
                } else {
                    shown.append((char) c);
                }
            }
            return "case " + index + " (" + base + ", " + mutations + "): " + shown;
        }
    }

    private static final String JSON = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + "\"userName\":\"alice\",\"groups\":[{\"$ref\":\"http://h/scim/v2/p1/e1/v2/acme/Groups/1\"}]}";

    private static final String[][] BASES = {
        {"get-legacy", "GET /scim/v2/p1/e1/Users?filter=userName%20eq%20%22a%22 HTTP/1.1\r\nHost: h\r\n"
                + "X-Tenant-Id: evil\r\n\r\n"},
        {"get-default", "GET /scim/v2/p1/e1/v2/Users/7 HTTP/1.1\r\nHost: h\r\nx_tenant_id: evil\r\n\r\n"},
        {"get-acme", "GET /scim/v2/p1/e1/v2/acme/Users/?count=2 HTTP/1.1\r\nHost: h\r\nX-TENANT-ID: evil\r\n"
                + "Accept: application/scim+json\r\nX-Forwarded-Proto: https\r\n\r\n"},
        {"post-acme", "POST /scim/v2/p1/e1/v2/acme/Users HTTP/1.1\r\nHost: h\r\nContent-Type: application/scim+json"
                + "\r\nContent-Length: " + JSON.length() + "\r\nX-Tenant-Id: evil\r\n\r\n" + JSON},
        {"post-legacy-chunked", "POST /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\nContent-Type: application/scim+json"
                + "\r\nTransfer-Encoding: chunked\r\nX_Tenant_Id: evil\r\n\r\n" + chunks(JSON, 40) + "0\r\n\r\n"},
        {"put-default-expect", "PUT /scim/v2/p1/e1/v2/Users/7 HTTP/1.1\r\nHost: h\r\n"
                + "Content-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n"
                + "X-Tenant-Id: evil\r\n\r\n" + chunks(JSON, 64) + "0\r\n\r\n"},
        {"patch-legacy", "PATCH /scim/v2/p1/e1/Users/7 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}"},
        {"delete-globex", "DELETE /scim/v2/p1/e1/v2/globex/Groups/9 HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n"
                + "X-Tenant-Id: evil\r\n\r\n"},
        {"pipelined", "GET /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\n\r\nPOST /scim/v2/p1/e1/v2/acme/Users"
                + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/scim+json\r\nContent-Length: 2\r\n"
                + "X-Tenant-Id: evil\r\n\r\n{}"},
        {"chunked-trailers", "POST /scim/v2/p1/e1/v2/acme/Bulk HTTP/1.1\r\nHost: h\r\n"
                + "Content-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks(JSON, 100)
                + "0\r\nX-Trailer: t\r\nX-Tenant-Id: evil\r\n\r\n"},
        {"http10", "GET /scim/v2/p1/e1/v2/acme/Groups HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n"
                + "X-Tenant-Id: evil\r\n\r\n"},
        {"post-close", "POST /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: 5\r\n"
                + "\r\nhello"},
    };

    private static final String[] HEADER_LINES = {
        "Content-Length: 5", "Content-Length: 0", "Content-Length: -1", "Content-Length: 99999999999999999999",
        "Content-Length: 18446744073709551617", "Content-Length: 0x10", "Content-Length: +3", "Content-Length:  7 ",
        "content-length: 3", "CONTENT-LENGTH: 1", "Content-Length: 1, 1", "Content-Length: 2\r\nContent-Length: 2",
        "Content-Length : 2", "Content_Length: 2", "Transfer-Encoding: chunked", "transfer-encoding: Chunked",
        "TRANSFER-ENCODING: CHUNKED", "Transfer-Encoding: chunked, identity", "Transfer-Encoding: gzip, chunked",
        "Transfer-Encoding: identity", "Transfer-Encoding:\tchunked", "Transfer-Encoding : chunked",
        "Transfer-Encoding: xchunked", "Transfer_Encoding: chunked", " Transfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "\tX-Tenant-Id: evil", " X-Tenant-Id: evil",
        "X-Tenant-Id: evil", "X-Tenant-Id : evil", "X_Tenant_Id: evil", "x-tenant-id:evil", "X-Tenant-Id:\tevil",
        "X-Tenant-Id: acme", "X-Tenant-Id: evil\u0000", "X-Tenant-Id\u0000: evil", "X-Tenant Id: evil",
        "Host: other.example", "Host: h", "Host: a b", "Expect: 100-continue", "Expect: 100-continueX",
        "Expect: 200-ok", "Connection: close", "Connection: keep-alive, X-Tenant-Id",
        "Connection: Transfer-Encoding", "Connection: Content-Length", "Upgrade: h2c", "Te: trailers",
        "Trailer: X-Tenant-Id", "X-Forwarded-Proto: https", "X-Forwarded-For: 6.6.6.6", "Forwarded: for=6.6.6.6",
        "X-A: a\rb", "X-A: a\nb", "X A: b", "X-A: \u007f", "X-A: \u00ff\u0080", ": empty-name", "X-Empty:",
        "X-Long: " + "a".repeat(17 * 1024),
    };

    private static final String[] CHUNK_SIZES = {"0x5", "-5", "ffffffffffffffff", "fffffffffffffffff1", "5 ",
        " 5", "5;ext=\"x\r\ny\"", "5;a=b", "00000000000000000005", "+5", "5\t", "G", ""};

    private static final byte[] INSERTS = {'\r', '\n', 0, ' ', '\t', ':', ',', ';', '"', 0x7f, (byte) 0x80,
        (byte) 0xff, '0', 'a', '/', '%', '?', '#'};

    private final Random random;
    private int index;

    public HttpMutator(long seed) {
        this.random = new Random(seed);
    }

    /** The next case. */
    public Case next() {
        String[] base = BASES[random.nextInt(BASES.length)];
        byte[] bytes = base[1].getBytes(StandardCharsets.ISO_8859_1);
        List<String> done = new ArrayList<>();
        int mutations = random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            bytes = mutate(bytes, done);
        }
        int pieces = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        int[] splits = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            splits[i] = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        }
        java.util.Arrays.sort(splits);
        return new Case(index++, base[0], done, bytes, splits);
    }

    private byte[] mutate(byte[] in, List<String> done) {
        int n = in.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(11)) {
            case 0 -> {
                if (n == 0) {
                    return in;
                }
                byte[] out = in.clone();
                out[at] = random.nextBoolean() ? (byte) (out[at] ^ (1 << random.nextInt(8)))
                        : (byte) random.nextInt(256);
                done.add("flip@" + at);
                return out;
            }
            case 1 -> {
                byte b = INSERTS[random.nextInt(INSERTS.length)];
                done.add("insert " + (b & 0xff) + "@" + at);
                return splice(in, at, 0, new byte[] {b});
            }
            case 2 -> {
                int len = Math.min(n - at, 1 + random.nextInt(4));
                done.add("delete " + len + "@" + at);
                return splice(in, at, len, new byte[0]);
            }
            case 3 -> {
                int len = Math.min(n - at, 1 + random.nextInt(32));
                byte[] copy = java.util.Arrays.copyOfRange(in, at, at + len);
                int to = random.nextInt(n + 1);
                done.add("duplicate " + len + "@" + at + "->" + to);
                return splice(in, to, 0, copy);
            }
            case 4 -> {
                done.add("truncate@" + at);
                return java.util.Arrays.copyOf(in, at);
            }
            case 5, 6 -> {
                String line = HEADER_LINES[random.nextInt(HEADER_LINES.length)];
                int where = headerBoundary(in);
                done.add("header '" + line.replace("\r\n", "|") + "'");
                return where < 0 ? in : splice(in, where, 0, (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            case 7 -> {
                int size = chunkSizeLine(in);
                if (size < 0) {
                    return mutate(in, done);
                }
                int end = indexOf(in, "\r\n", size);
                String replacement = CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)];
                done.add("chunk size '" + replacement.replace("\r\n", "|") + "'");
                return splice(in, size, end - size, replacement.getBytes(StandardCharsets.ISO_8859_1));
            }
            case 8 -> {
                byte[] out = in.clone();
                for (int i = 0; i < 3 && n > 0; i++) {
                    int p = random.nextInt(n);
                    if (Character.isLetter(out[p])) {
                        out[p] = (byte) (out[p] ^ 0x20);
                    }
                }
                done.add("case flips");
                return out;
            }
            case 9 -> {
                int crlf = nth(in, "\r\n");
                if (crlf < 0) {
                    return in;
                }
                String with = new String[] {"\n", "\r", "\r\r\n", "\n\r", "\r\n "}[random.nextInt(5)];
                done.add("line end '" + with.replace("\r", "CR").replace("\n", "LF") + "'@" + crlf);
                return splice(in, crlf, 2, with.getBytes(StandardCharsets.ISO_8859_1));
            }
            default -> {
                int space = nth(in, " ");
                if (space < 0) {
                    return in;
                }
                String with = new String[] {"\t", "  ", "", " \t"}[random.nextInt(4)];
                done.add("space '" + with.replace("\t", "TAB") + "'@" + space);
                return splice(in, space, 1, with.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** The start of a random header line (after the first request line), or -1. */
    private int headerBoundary(byte[] in) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                starts.add(i + 2);
                if (i + 3 < in.length && in[i + 2] == '\r' && in[i + 3] == '\n') {
                    break; // the end of the first head
                }
            }
        }
        return starts.isEmpty() ? -1 : starts.get(random.nextInt(starts.size()));
    }

    /** The start of a random chunk size line in a chunked body, or -1. */
    private int chunkSizeLine(byte[] in) {
        int head = indexOf(in, "\r\n\r\n", 0);
        String text = new String(in, StandardCharsets.ISO_8859_1);
        if (head < 0 || !text.substring(0, head).toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            return -1;
        }
        List<Integer> lines = new ArrayList<>();
        int pos = head + 4;
        while (pos < in.length) {
            int end = indexOf(in, "\r\n", pos);
            if (end < 0) {
                break;
            }
            lines.add(pos);
            int size;
            try {
                size = Integer.parseInt(text.substring(pos, end), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) {
                break;
            }
            pos = end + 2 + size + 2;
        }
        return lines.isEmpty() ? -1 : lines.get(random.nextInt(lines.size()));
    }

    private int nth(byte[] in, String what) {
        List<Integer> at = new ArrayList<>();
        int from = 0;
        int i;
        while ((i = indexOf(in, what, from)) >= 0) {
            at.add(i);
            from = i + 1;
        }
        return at.isEmpty() ? -1 : at.get(random.nextInt(at.size()));
    }

    private static int indexOf(byte[] in, String what, int from) {
        byte[] w = what.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = Math.max(0, from); i <= in.length - w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                if (in[i + j] != w[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
        out.write(in, 0, at);
        out.write(insert, 0, insert.length);
        out.write(in, at + remove, in.length - at - remove);
        return out.toByteArray();
    }

    private static String chunks(String body, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i += size) {
            String piece = body.substring(i, Math.min(body.length(), i + size));
            out.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        return out.toString();
    }
}
