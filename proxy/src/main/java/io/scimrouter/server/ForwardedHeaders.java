package io.scimrouter.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Header hygiene shared by both directions: hop-by-hop removal (RFC 9110 section 7.6.1). */
public final class ForwardedHeaders {
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    private ForwardedHeaders() {
    }

    /**
     * Removes {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE}, {@code Trailer},
     * {@code Upgrade} and every {@code Proxy-*} header. {@code Transfer-Encoding} stays: it describes the framing the
     * codec re-applies on the other side.
     */
    public static void removeHopByHop(HttpHeaders headers) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (String value : connection) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                        && !HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
                    headers.remove(name);
                }
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION)
                .remove(KEEP_ALIVE)
                .remove(HttpHeaderNames.TE)
                .remove(HttpHeaderNames.TRAILER)
                .remove(HttpHeaderNames.UPGRADE)
                .remove(PROXY_CONNECTION);
        List<String> proxyHeaders = null;
        for (Map.Entry<String, String> entry : headers) {
            if (entry.getKey().regionMatches(true, 0, "proxy-", 0, 6)) {
                if (proxyHeaders == null) {
                    proxyHeaders = new ArrayList<>(2);
                }
                proxyHeaders.add(entry.getKey());
            }
        }
        if (proxyHeaders != null) {
            proxyHeaders.forEach(headers::remove);
        }
    }
}
