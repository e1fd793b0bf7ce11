package io.scimrouter.accesslog;

import io.scimrouter.server.ExchangeOutcome;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * How the fields of a line are derived from an entry, the same for both formats: the path without its query, the
 * query's parameter names only, the trace id of a valid {@code traceparent}, bounded lengths. Pure functions.
 */
final class AccessLogFields {
    static final int MAX_PATH = 1024;
    static final int MAX_USER_AGENT = 256;
    static final int MAX_METHOD = 32;
    static final int MAX_QUERY_NAMES = 16;
    static final int MAX_QUERY_NAME = 64;
    /** Shown for a parameter name that is not a plain token, which might be data sent without {@code name=}. */
    static final String UNSAFE_NAME = "?";

    private AccessLogFields() {
    }

    /** The target's path, without the query; capped. */
    static String path(String target) {
        if (target == null) {
            return null;
        }
        int query = target.indexOf('?');
        int end = query < 0 ? target.length() : query;
        return target.substring(0, Math.min(end, MAX_PATH));
    }

    /**
     * The names of the query's parameters, in order: never a value (SCIM filters carry user names and e-mail
     * addresses). A name that is not a plain token (letters, digits, {@code . _ - [ ]}, at most 64) is shown as
     * {@value #UNSAFE_NAME}: a value sent without {@code name=} must not slip through as a name.
     */
    static List<String> queryNames(String target) {
        int query = target == null ? -1 : target.indexOf('?');
        if (query < 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>(4);
        int start = query + 1;
        while (start <= target.length() && names.size() < MAX_QUERY_NAMES) {
            int amp = target.indexOf('&', start);
            int end = amp < 0 ? target.length() : amp;
            int eq = target.indexOf('=', start);
            int nameEnd = eq >= 0 && eq < end ? eq : end;
            if (nameEnd > start) {
                String name = target.substring(start, nameEnd);
                names.add(isPlainName(name) ? name : UNSAFE_NAME);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return names;
    }

    private static boolean isPlainName(String name) {
        if (name.length() > MAX_QUERY_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-' || c == '[' || c == ']';
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /**
     * The trace id of a W3C {@code traceparent} ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or null when the header is
     * absent or not of that shape (an all-zero trace id is invalid).
     */
    static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-'
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return null;
        }
        boolean nonZero = false;
        for (int i = 3; i < 35; i++) {
            char c = traceparent.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
            nonZero |= c != '0';
        }
        return nonZero ? traceparent.substring(3, 35) : null;
    }

    /** {@code ip:port}, or null. */
    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + inet.getPort() : host + ":" + inet.getPort();
        }
        return address == null ? null : address.toString();
    }

    /** The client's IP address only, or null. */
    static String clientIp(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return address == null ? null : address.toString();
    }

    static String capped(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static boolean retried(int flags) {
        return (flags & ExchangeOutcome.RETRIED) != 0;
    }
}
