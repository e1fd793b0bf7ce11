package io.scimrouter.route;

/**
 * Character-level checks on the raw request target. Each returns null when fine, else a client-safe description.
 * They run before routing so that no path trick (dot segments, encoded separators, control bytes) reaches a backend
 * whose own normalisation might disagree with ours.
 */
final class PathChecks {
    private PathChecks() {
    }

    static String problemInPath(String path) {
        int segmentStart = 1;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/') {
                if (i > 0) {
                    String problem = problemInSegment(path, segmentStart, i);
                    if (problem != null) {
                        return problem;
                    }
                }
                segmentStart = i + 1;
            } else if (c == '%') {
                int decoded = decodePercent(path, i);
                if (decoded < 0) {
                    return "Malformed percent-encoding in the path";
                }
                if (decoded == '/' || decoded == '\\') {
                    return "Encoded '/' or '\\' in the path";
                }
                if (decoded < 0x20 || decoded == 0x7f) {
                    return "Encoded control character in the path";
                }
                i += 2;
            } else if (c < 0x20 || c == 0x7f) {
                return "Control character in the path";
            } else if (c == '\\') {
                return "Backslash in the path";
            } else if (!isPathChar(c)) {
                return "Character not allowed in a path: use percent-encoding";
            }
        }
        // the last segment may be empty: a trailing slash, forwarded as sent
        return segmentStart == path.length() ? null : problemInSegment(path, segmentStart, path.length());
    }

    static String problemInQuery(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "Control character in the query";
            }
            if (c == '#') {
                return "Fragment in the request target";
            }
        }
        return null;
    }

    /** Empty segments (but for the last, checked above) and dot segments, also percent-encoded ({@code %2e}). */
    private static String problemInSegment(String path, int start, int end) {
        if (start == end) {
            return "Empty path segment";
        }
        int dots = 0;
        int i = start;
        while (i < end) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '%' && i + 2 < end && decodePercent(path, i) == '.') {
                i += 3;
            } else {
                return null;
            }
            dots++;
        }
        return dots <= 2 ? "Dot segment in the path" : null;
    }

    /** The byte value of {@code %XX} at {@code i}, or -1 when malformed. */
    private static int decodePercent(String s, int i) {
        if (i + 2 >= s.length()) {
            return -1;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        return hi * 16 + lo;
    }

    /** RFC 3986 pchar minus '%' (handled separately): unreserved, sub-delims, ':' and '@'. */
    private static boolean isPathChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@' -> true;
            default -> false;
        };
    }
}
