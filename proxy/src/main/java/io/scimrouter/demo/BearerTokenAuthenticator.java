package io.scimrouter.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Accepts exactly {@code Authorization: Bearer <token>}; compares in constant time. */
final class BearerTokenAuthenticator {

    private static final String SCHEME = "bearer ";

    private final byte[] expected;

    BearerTokenAuthenticator(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean accepts(Optional<String> authorizationHeader) {
        return authorizationHeader
                .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(value -> value.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8))
                .map(presented -> MessageDigest.isEqual(presented, expected))
                .orElse(false);
    }
}
