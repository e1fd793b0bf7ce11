package io.scimrouter.tenant;

import java.net.URI;
import java.net.URISyntaxException;

/** Validates a per-tenant upstream URL coming from a file or the directory service. */
final class Upstreams {
    private Upstreams() {
    }

    /** An absolute http(s) URL with a host; anything else is refused so a bad entry cannot misroute traffic. */
    static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("upstream is not a valid URL");
        }
        String scheme = uri.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException("upstream must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("upstream must not carry credentials");
        }
        return uri;
    }
}
