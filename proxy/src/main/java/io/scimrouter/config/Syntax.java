package io.scimrouter.config;

/** Small lexical rules shared by several keys. */
final class Syntax {
    private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";
    private static final String SEGMENT_SPECIALS = "-._~!$&'()*+,;=:@";

    private Syntax() {
    }

    /** An HTTP header name: RFC 9110 token. */
    static boolean isHttpToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetterOrDigit(c) && TOKEN_SPECIALS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A path segment that needs no percent-encoding and is not a dot segment (RFC 3986 pchar without '%'), so it
     * compares byte for byte with what a client sends.
     */
    static boolean isPlainSegment(String text) {
        if (text.isEmpty() || text.equals(".") || text.equals("..")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetterOrDigit(c) && SEGMENT_SPECIALS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A POSIX-style environment variable name. */
    static boolean isEnvName(String text) {
        if (text.isEmpty() || Character.isDigit(text.charAt(0))) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** A host name or IP literal to bind to: no scheme, path, port brackets aside, or whitespace. */
    static boolean isBindHost(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetterOrDigit(c) && ".-_:[]%".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A value quoted for an error message: control characters escaped, long values cut. */
    static String quote(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < 120; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > 120) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** Hides user info ({@code https://user:secret@host}) before a URL-like value goes into a message. */
    static String redactUserInfo(String text) {
        int scheme = text.indexOf("://");
        int at = text.indexOf('@');
        int slash = scheme < 0 ? -1 : text.indexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            return text.substring(0, scheme + 3) + "***@" + text.substring(at + 1);
        }
        return text;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
