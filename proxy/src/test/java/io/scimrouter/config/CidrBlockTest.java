package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class CidrBlockTest {

    private static boolean contains(String block, String address) throws UnknownHostException {
        // the JDK parses the (literal) peer addresses; CidrBlock parses the blocks itself
        return CidrBlock.parse(block).orElseThrow().contains(InetAddress.getByName(address));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8, 10.0.0.1, true",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "10.0.0.0/8, 9.255.255.255, false",
            "192.168.4.0/22, 192.168.7.254, true",
            "192.168.4.0/22, 192.168.8.0, false",
            "192.168.4.0/22, 192.168.3.255, false",
            "172.16.0.0/12, 172.31.0.1, true",
            "172.16.0.0/12, 172.32.0.1, false",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "192.0.2.7/32, 192.0.2.7, true",
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, ::1, false",
            "127.0.0.0/8, ::ffff:127.0.0.1, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::/33, 2001:db8:7fff::1, true",
            "2001:db8::/33, 2001:db8:8000::1, false",
            "::1, ::1, true",
            "::1/128, ::2, false",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, true",
            "fe80::/10, fe80::1, true",
            "fe80::/10, febf::1, true",
            "fe80::/10, fec0::1, false",
            "::ffff:0:0/96, 10.0.0.1, true",
            "1:2:3:4:5:6:7:8/128, 1:2:3:4:5:6:7:8, true",
            "::ffff:10.0.0.0/104, ::ffff:10.1.2.3, true",
    })
    void contains_matchesThePrefixBitForBit(String block, String address, boolean expected)
            throws UnknownHostException {
        assertThat(contains(block, address)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10.1", "10.0.0", "10.0.0.0.0", "256.0.0.0", "010.0.0.0", "1.2.3.-4",
            "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.1/8", "::1/129",
            ":::", "1:::2", "1::2::3", ":1", "1:", "12345::", "g::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8", "[::1]", "fe80::1%eth0", "localhost", "proxy.internal", "::ffff:1.2.3", "1.2.3.4::",
            "0x0a.0.0.0", " ", "10.0.0.0 /8"})
    void parse_refusesWhatIsNotABlock(String text) {
        assertThat(CidrBlock.parse(text)).as(text).isEmpty();
        assertThat(CidrBlock.problem(text)).isNotNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.0.0.0/8, 10.0.0.0/8",
            "' 192.0.2.7 ', 192.0.2.7/32",
            "::, 0:0:0:0:0:0:0:0/128",
            "::/0, 0:0:0:0:0:0:0:0/0",
            "2001:DB8::/32, 2001:db8:0:0:0:0:0:0/32",
            "::ffff:192.0.2.0/120, 0:0:0:0:0:ffff:c000:200/120",
            "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304/128",
    })
    void parse_acceptsTheTextForms(String text, String canonical) {
        assertThat(CidrBlock.parse(text).orElseThrow().toString()).isEqualTo(canonical);
    }

    @Test
    void hostBitsBelowThePrefix_areRefused_withTheBlockMeant() {
        assertThat(CidrBlock.problem("192.168.1.7/24")).contains("write 192.168.1.0/24");
        assertThat(CidrBlock.problem("2001:db8::1/32")).contains("write 2001:db8:0:0:0:0:0:0/32");
    }

    @Test
    void equalBlocks_areEqual() {
        assertThat(CidrBlock.parse("2001:db8::/32")).isEqualTo(CidrBlock.parse("2001:0db8:0:0::/32"));
        assertThat(CidrBlock.parse("10.0.0.0/8")).isNotEqualTo(CidrBlock.parse("10.0.0.0/9"));
    }
}
