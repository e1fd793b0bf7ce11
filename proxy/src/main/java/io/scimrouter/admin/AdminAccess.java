package io.scimrouter.admin;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Who may call the mutating admin endpoints ({@code /cache/invalidate*}): loopback callers always; others only with
 * {@code Authorization: Bearer <token>}, the token from the variable that admin.tokenEnv names. The read-only
 * endpoints answer anyone who reaches the listener. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}: the time taken tells nothing about the token, not even its length.
 */
public final class AdminAccess {
    private static final String BEARER = "bearer ";

    private final byte[] tokenDigest; // null: loopback only

    private AdminAccess(byte[] tokenDigest) {
        this.tokenDigest = tokenDigest;
    }

    /** Loopback callers only. */
    public static AdminAccess loopbackOnly() {
        return new AdminAccess(null);
    }

    /** Loopback callers, and others that present {@code token}; null means loopback only. */
    public static AdminAccess withToken(String token) {
        return token == null || token.isBlank() ? loopbackOnly() : new AdminAccess(digest(token.strip()));
    }

    /** May a caller from {@code remote}, sending this {@code Authorization} header (or null), change state? */
    public boolean mayMutate(InetAddress remote, String authorization) {
        if (remote != null && remote.isLoopbackAddress()) {
            return true;
        }
        if (tokenDigest == null || authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).strip());
        return MessageDigest.isEqual(tokenDigest, presented);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
