package io.scimrouter.policy;

import io.scimrouter.config.CidrBlock;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Whose {@code X-Forwarded-*} headers are believed. A client may write anything into them; only a peer listed in
 * server.trustedProxies (the balancer in front) is believed, and then its {@code X-Forwarded-For} is appended to, its
 * {@code X-Forwarded-Host} passed on and its {@code X-Forwarded-Proto} taken as the scheme the client used (for the
 * URLs the router writes into answers). From any other peer the router's own view replaces them: the peer's address,
 * the router's own scheme, the request's {@code Host}.
 */
public final class Forwarding {
    private final List<CidrBlock> trustedProxies;
    private final String ownScheme;

    /**
     * @param trustedProxies server.trustedProxies; empty: nobody is believed
     * @param ownScheme      the scheme of the router's own listener ({@code http} or {@code https})
     */
    public Forwarding(List<CidrBlock> trustedProxies, String ownScheme) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.ownScheme = ownScheme;
    }

    /** True when {@code peer}, the address the connection comes from, is a trusted proxy; false for null. */
    public boolean trusts(InetAddress peer) {
        if (peer == null) {
            return false;
        }
        for (CidrBlock block : trustedProxies) {
            if (block.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /** The router's own scheme, what an untrusted peer's request is taken to have used. */
    public String ownScheme() {
        return ownScheme;
    }

    /**
     * The scheme the client used, for a request from a trusted peer: the first value of its
     * {@code X-Forwarded-Proto} when that is {@code http} or {@code https} (a chain of proxies may list several; the
     * first is the one the client spoke to), else the router's own.
     */
    public String schemeFromTrustedPeer(String forwardedProto) {
        if (forwardedProto == null) {
            return ownScheme;
        }
        int comma = forwardedProto.indexOf(',');
        String first = (comma < 0 ? forwardedProto : forwardedProto.substring(0, comma)).trim()
                .toLowerCase(Locale.ROOT);
        return first.equals("https") || first.equals("http") ? first : ownScheme;
    }

    /**
     * The {@code X-Forwarded-For} toward the backend: a trusted peer's list with the peer appended, else the peer
     * alone ({@code prior} is ignored); null when the peer has no IP address (then the header is removed).
     *
     * @param prior the request's values joined with ", ", or null when it has none
     */
    public static String forwardedFor(boolean trusted, String prior, String peerAddress) {
        if (peerAddress == null) {
            return trusted ? prior : null;
        }
        return trusted && prior != null ? prior + ", " + peerAddress : peerAddress;
    }
}
