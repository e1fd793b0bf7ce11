package io.scimrouter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenAuthenticatorTest {

    private final BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator("demo-token");

    @Test
    void accepts_exactTokenWithAnyCaseOfTheScheme() {
        assertThat(authenticator.accepts(Optional.of("Bearer demo-token"))).isTrue();
        assertThat(authenticator.accepts(Optional.of("bearer demo-token"))).isTrue();
    }

    @Test
    void rejects_missingWrongOrOtherScheme() {
        assertThat(authenticator.accepts(Optional.empty())).isFalse();
        assertThat(authenticator.accepts(Optional.of("Bearer wrong"))).isFalse();
        assertThat(authenticator.accepts(Optional.of("Bearer demo-token2"))).isFalse();
        assertThat(authenticator.accepts(Optional.of("Bearer demo"))).isFalse();
        assertThat(authenticator.accepts(Optional.of("Basic ZGVtbzpkZW1vLXRva2Vu"))).isFalse();
        assertThat(authenticator.accepts(Optional.of("demo-token"))).isFalse();
        assertThat(authenticator.accepts(Optional.of("Bearer"))).isFalse();
    }
}
