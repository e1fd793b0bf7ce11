package io.scimrouter.upstream;

import java.net.URI;
import java.util.Locale;

/**
 * A backend origin: where to connect and what to send as Host when the client's Host is not preserved.
 */
public record Upstream(String scheme, String host, int port) {

    public static Upstream of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : (tls ? 443 : 80);
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Upstream(scheme, host, port);
    }

    public boolean tls() {
        return scheme.equals("https");
    }

    /** The Host header value for this origin (default ports omitted). */
    public String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = tls() ? port == 443 : port == 80;
        return defaultPort ? h : h + ":" + port;
    }

    /** The origin as written in URLs, e.g. {@code http://10.0.0.5:8080}. */
    public String origin() {
        return scheme + "://" + hostHeader();
    }
}
