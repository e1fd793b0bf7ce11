package io.scimrouter.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, deliberately strict HTTP/1.1 message parser (RFC 9112) for checking what the router writes: to a backend
 * and to a client. It shares no code with Netty's codec, which the router itself uses, so the two cannot agree on a
 * mistake. Refused (a {@link Violation}): anything but {@code HTTP/1.1}; a method or field name that is no token;
 * control characters, bare CR or LF, NUL in a line; whitespace before a colon; obsolete line folding; more than one
 * Host, Content-Length or Transfer-Encoding; Content-Length with Transfer-Encoding; a Content-Length that is not
 * plain digits; transfer codings that do not end in one {@code chunked}; chunk sizes that are not hexadecimal; chunk
 * data not followed by CRLF. Deliberately allowed, because the router documents it: raw bytes 0x80 to 0xFF in the query
 * (forwarded byte for byte).
 */
public final class StrictHttp1 {
    private static final String TCHAR = "!#$%&'*+-.^_`|~";

    private StrictHttp1() {
    }

    /** The input is not strict HTTP/1.1; the message says where. */
    public static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message);
        }
    }

    /** One field line, as sent. */
    public record Field(String name, String value) {
    }

    /**
     * One parsed message.
     *
     * @param startLine the request or status line, without CRLF
     * @param length    the bytes it took, head and body
     * @param chunked   its body was chunked
     */
    public record Message(String startLine, List<Field> fields, byte[] body, int length, boolean chunked) {
        /** The values of every field named {@code name}, in any letter case. */
        public List<String> values(String name) {
            List<String> out = new ArrayList<>();
            for (Field f : fields) {
                if (f.name().equalsIgnoreCase(name)) {
                    out.add(f.value());
                }
            }
            return out;
        }

        public String value(String name) {
            List<String> all = values(name);
            return all.isEmpty() ? null : all.get(0);
        }

        /** Request: the method; response: the version. */
        public String first() {
            return startLine.substring(0, startLine.indexOf(' '));
        }

        /** Request: the target. */
        public String target() {
            return startLine.split(" ")[1];
        }

        /** Response: the status. */
        public int status() {
            return Integer.parseInt(startLine.substring(9, 12));
        }

        /** Fields that read as {@code header} to a backend that folds '_' into '-' and ignores case. */
        public List<String> lookalikes(String header) {
            List<String> out = new ArrayList<>();
            for (Field f : fields) {
                if (f.name().replace('_', '-').equalsIgnoreCase(header)) {
                    out.add(f.name() + ": " + f.value());
                }
            }
            return out;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** The request at {@code offset}, or null when the bytes end before it does. */
    public static Message request(byte[] in, int offset) throws Violation {
        Cursor c = new Cursor(in, offset);
        String line = c.line();
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new Violation("request line is not 'method SP target SP version': " + show(line));
        }
        requireToken(parts[0], "method");
        requireTarget(parts[1]);
        if (!parts[2].equals("HTTP/1.1")) {
            throw new Violation("version is not HTTP/1.1: " + show(parts[2]));
        }
        List<Field> fields = c.fields();
        if (fields == null) {
            return null;
        }
        if (count(fields, "host") != 1) {
            throw new Violation(count(fields, "host") + " Host fields");
        }
        return body(c, offset, line, fields, false, false, false);
    }

    /**
     * The answer at {@code offset}, or null when the bytes end before it does. {@code atEnd}: no byte follows (the
     * connection closed), which ends a body delimited by the close.
     */
    public static Message response(byte[] in, int offset, boolean headRequest, boolean atEnd) throws Violation {
        Cursor c = new Cursor(in, offset);
        String line = c.line();
        if (line == null) {
            return null;
        }
        if (!line.matches("HTTP/1\\.1 [1-5][0-9][0-9] [\\t \\x21-\\x7e\\x80-\\xff]*")) {
            throw new Violation("status line: " + show(line));
        }
        List<Field> fields = c.fields();
        if (fields == null) {
            return null;
        }
        int status = Integer.parseInt(line.substring(9, 12));
        boolean bodyless = headRequest || status / 100 == 1 || status == 204 || status == 304;
        return body(c, offset, line, fields, true, bodyless, atEnd);
    }

    private static Message body(Cursor c, int offset, String line, List<Field> fields, boolean response,
                                boolean bodyless, boolean atEnd) throws Violation {
        int lengths = count(fields, "content-length");
        int codings = count(fields, "transfer-encoding");
        if (lengths > 1 || codings > 1) {
            throw new Violation("repeated framing fields: " + lengths + " Content-Length, " + codings
                    + " Transfer-Encoding");
        }
        if (lengths == 1 && codings == 1) {
            throw new Violation("both Content-Length and Transfer-Encoding");
        }
        if (codings == 1 && !finalChunkedOnce(valueOf(fields, "transfer-encoding"))) {
            throw new Violation("Transfer-Encoding does not end in one chunked: "
                    + show(valueOf(fields, "transfer-encoding")));
        }
        long length = -1;
        if (lengths == 1) {
            String v = valueOf(fields, "content-length");
            if (!v.matches("[0-9]{1,18}")) {
                throw new Violation("Content-Length is not a number: " + show(v));
            }
            length = Long.parseLong(v);
        }
        if (bodyless) {
            return new Message(line, fields, new byte[0], c.pos - offset, false);
        }
        if (codings == 1) {
            byte[] data = c.chunks();
            return data == null ? null : new Message(line, fields, data, c.pos - offset, true);
        }
        if (length < 0 && response) {
            if (!atEnd) {
                return null; // delimited by the close
            }
            length = c.in.length - c.pos;
        }
        length = Math.max(length, 0);
        if (c.in.length - c.pos < length) {
            return null;
        }
        byte[] data = java.util.Arrays.copyOfRange(c.in, c.pos, c.pos + (int) length);
        c.pos += (int) length;
        return new Message(line, fields, data, c.pos - offset, false);
    }

    /** Codings as tokens, comma-separated, {@code chunked} last and only there (RFC 9112 section 6.1). */
    private static boolean finalChunkedOnce(String value) {
        String[] codings = value.split(",", -1);
        for (int i = 0; i < codings.length; i++) {
            String coding = codings[i].strip();
            boolean chunked = coding.equalsIgnoreCase("chunked");
            if (!coding.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || chunked != (i == codings.length - 1)) {
                return false;
            }
        }
        return true;
    }

    private static int count(List<Field> fields, String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    private static String valueOf(List<Field> fields, String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    private static void requireToken(String s, String what) throws Violation {
        if (s.isEmpty()) {
            throw new Violation("empty " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean ok = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                    || TCHAR.indexOf(ch) >= 0;
            if (!ok) {
                throw new Violation(what + " is not a token: " + show(s));
            }
        }
    }

    /** Visible ASCII; in the query also bytes 0x80-0xFF (the router forwards a query byte for byte). */
    private static void requireTarget(String target) throws Violation {
        if (target.isEmpty()) {
            throw new Violation("empty request target");
        }
        int query = target.indexOf('?');
        for (int i = 0; i < target.length(); i++) {
            char ch = target.charAt(i);
            boolean visible = ch >= 0x21 && ch <= 0x7e;
            boolean obsTextInQuery = query >= 0 && i > query && ch >= 0x80 && ch <= 0xff;
            if (!visible && !obsTextInQuery) {
                throw new Violation("request target has byte " + (int) ch + ": " + show(target));
            }
        }
    }

    private static String show(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length() && i < 200; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch >= 0x7f) {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('\'').toString();
    }

    private static final class Cursor {
        private final byte[] in;
        private int pos;

        Cursor(byte[] in, int pos) {
            this.in = in;
            this.pos = pos;
        }

        /** A line ended by CRLF, without it; null at the end of the input; a bare CR or LF is a violation. */
        String line() throws Violation {
            for (int i = pos; i < in.length; i++) {
                byte b = in[i];
                if (b == '\n') {
                    throw new Violation("bare LF");
                }
                if (b == '\r') {
                    if (i + 1 >= in.length) {
                        return null;
                    }
                    if (in[i + 1] != '\n') {
                        throw new Violation("bare CR");
                    }
                    String line = new String(in, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 2;
                    for (int k = 0; k < line.length(); k++) {
                        char ch = line.charAt(k);
                        if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                            throw new Violation("control character " + (int) ch + " in " + show(line));
                        }
                    }
                    return line;
                }
            }
            return null;
        }

        /** Field lines up to the empty line; null when the input ends first. */
        List<Field> fields() throws Violation {
            List<Field> fields = new ArrayList<>();
            while (true) {
                String line = line();
                if (line == null) {
                    return null;
                }
                if (line.isEmpty()) {
                    return fields;
                }
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    throw new Violation("obsolete line folding: " + show(line));
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new Violation("field line without a name and colon: " + show(line));
                }
                String name = line.substring(0, colon);
                requireToken(name, "field name");
                String value = line.substring(colon + 1).strip();
                fields.add(new Field(name, value));
            }
        }

        /** A chunked body, decoded; null when the input ends first. */
        byte[] chunks() throws Violation {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                if (sizeLine == null) {
                    return null;
                }
                int semi = sizeLine.indexOf(';');
                String hex = semi < 0 ? sizeLine : sizeLine.substring(0, semi);
                if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
                    throw new Violation("chunk size is not hexadecimal: " + show(sizeLine));
                }
                if (semi >= 0 && !sizeLine.substring(semi).matches(
                        "(;[!#$%&'*+.^_`|~0-9A-Za-z-]+(=([!#$%&'*+.^_`|~0-9A-Za-z-]+|\"[^\"\\\\]*\"))?)+")) {
                    throw new Violation("malformed chunk extension: " + show(sizeLine));
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    List<Field> trailers = fields();
                    return trailers == null ? null : out.toByteArray();
                }
                if (in.length - pos < size + 2) {
                    return null;
                }
                out.write(in, pos, (int) size);
                pos += (int) size;
                if (in[pos] != '\r' || in[pos + 1] != '\n') {
                    throw new Violation("chunk data not followed by CRLF");
                }
                pos += 2;
            }
        }
    }
}
