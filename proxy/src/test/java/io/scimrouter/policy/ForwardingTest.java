package io.scimrouter.policy;

import io.scimrouter.config.CidrBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingTest {
    private final Forwarding forwarding = new Forwarding(List.of(
            CidrBlock.parse("10.0.0.0/8").orElseThrow(), CidrBlock.parse("2001:db8::/32").orElseThrow()), "http");

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"10.1.2.3, true", "::ffff:10.1.2.3, true", "2001:db8::7, true", "11.0.0.1, false",
        "127.0.0.1, false", "::1, false"})
    void trusts_onlyListedPeers(String peer, boolean trusted) throws UnknownHostException {
        assertThat(forwarding.trusts(InetAddress.getByName(peer))).isEqualTo(trusted);
    }

    @Test
    void trusts_nobody_whenNothingIsListed_andNoPeerWithoutAnAddress() throws UnknownHostException {
        assertThat(new Forwarding(List.of(), "http").trusts(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(forwarding.trusts(null)).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(nullValues = "null", value = {
        "https, https", "HTTPS, https", "' https ', https", "http, http", "'https, http', https",
        "'http,https', http", "null, http", "'', http", "javascript, http", "'ftp, https', http", "https:, http"})
    void schemeFromTrustedPeer_isItsFirstHttpScheme_elseTheRoutersOwn(String header, String scheme) {
        assertThat(forwarding.schemeFromTrustedPeer(header)).isEqualTo(scheme);
        assertThat(new Forwarding(List.of(), "https").schemeFromTrustedPeer(null)).isEqualTo("https");
    }

    @Test
    void forwardedFor_appendsForATrustedPeer_andReplacesForAnyOther() {
        assertThat(Forwarding.forwardedFor(true, "203.0.113.9", "10.0.0.2")).isEqualTo("203.0.113.9, 10.0.0.2");
        assertThat(Forwarding.forwardedFor(true, null, "10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(Forwarding.forwardedFor(false, "6.6.6.6", "192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(Forwarding.forwardedFor(false, "6.6.6.6", null)).isNull();
        assertThat(Forwarding.forwardedFor(true, "203.0.113.9", null)).isEqualTo("203.0.113.9");
    }
}
