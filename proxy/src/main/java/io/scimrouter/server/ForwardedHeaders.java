package io.scimrouter.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.scimrouter.policy.Forwarding;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Header hygiene: hop-by-hop removal in both directions (RFC 9110 section 7.6.1), tenant header spoofing, and the
 * forwarding headers toward the backend.
 */
public final class ForwardedHeaders {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    private static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString PROXY_PREFIX = AsciiString.cached("proxy-");

    private ForwardedHeaders() {
    }

    /**
     * Removes {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE}, {@code Trailer},
     * {@code Upgrade} and every {@code Proxy-*} header. {@code Transfer-Encoding} stays: it describes the framing the
     * codec re-applies on the other side.
     */
    public static void removeHopByHop(HttpHeaders headers) {
        removeHopByHop(headers, null);
    }

    /**
     * As {@link #removeHopByHop(HttpHeaders)}, and also removes every copy of {@code tenantHeader} in any letter case,
     * including names that differ from it only by '_' for '-' (CGI-style backends read {@code X_Tenant_Id} as
     * {@code X-Tenant-Id}). One pass over the headers.
     */
    public static void removeHopByHop(HttpHeaders headers, AsciiString tenantHeader) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty() && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                            && !HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
                        headers.remove(name);
                    }
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        headers.remove(KEEP_ALIVE)
                .remove(HttpHeaderNames.TE)
                .remove(HttpHeaderNames.TRAILER)
                .remove(HttpHeaderNames.UPGRADE)
                .remove(PROXY_CONNECTION);
        if (tenantHeader != null) {
            headers.remove(tenantHeader);
        }
        List<CharSequence> doomed = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            CharSequence name = it.next().getKey();
            if (AsciiString.regionMatches(name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())
                    || tenantHeader != null && isLookalike(name, tenantHeader)) {
                if (doomed == null) {
                    doomed = new ArrayList<>(2);
                }
                doomed.add(name);
            }
        }
        if (doomed != null) {
            doomed.forEach(headers::remove);
        }
    }

    /**
     * Sets the forwarding headers toward the backend. A trusted peer's (a proxy in server.trustedProxies)
     * {@code X-Forwarded-For} is appended to and its {@code X-Forwarded-Host} kept; from any other peer they are
     * replaced by the router's own view (the peer's address; the request's Host), and {@code Forwarded} (RFC 7239),
     * which the router does not write, is removed rather than passed on as the client wrote it.
     * {@code X-Forwarded-Proto} is always {@code scheme}, the scheme the rewritten URLs use too.
     *
     * @param peerAddress the peer's IP address, or null when the connection has none
     * @param host        the request's validated Host, or null
     */
    static void setForwarded(HttpHeaders h, boolean trusted, String peerAddress, String scheme, String host) {
        String prior = trusted && h.contains(X_FORWARDED_FOR) ? String.join(", ", h.getAll(X_FORWARDED_FOR)) : null;
        String forwardedFor = Forwarding.forwardedFor(trusted, prior, peerAddress);
        if (forwardedFor != null) {
            h.set(X_FORWARDED_FOR, forwardedFor);
        } else {
            h.remove(X_FORWARDED_FOR);
        }
        h.set(X_FORWARDED_PROTO, scheme);
        if (!trusted || !h.contains(X_FORWARDED_HOST)) {
            if (host != null) {
                h.set(X_FORWARDED_HOST, host);
            } else {
                h.remove(X_FORWARDED_HOST);
            }
        }
        if (!trusted) {
            h.remove(FORWARDED);
        }
    }

    private static boolean isLookalike(CharSequence name, AsciiString tenantHeader) {
        if (name.length() != tenantHeader.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char a = name.charAt(i);
            char b = tenantHeader.charAt(i);
            if (a == '_') {
                a = '-';
            }
            if (b == '_') {
                b = '-';
            }
            if (Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }
}
