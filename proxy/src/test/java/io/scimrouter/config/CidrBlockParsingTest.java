package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CidrBlock's own parser at its edges: the exact block each text stands for (through toString, which writes every
 * byte), the exact refusal, prefix lengths at and one past their limits, the IPv4-mapped form on raw bytes (the JDK
 * turns {@code ::ffff:a.b.c.d} into an Inet4Address, so only raw bytes reach that path), and equality.
 */
class CidrBlockParsingTest {

    private static CidrBlock block(String text) {
        return CidrBlock.parse(text).orElseThrow(() -> new AssertionError(text + ": " + CidrBlock.problem(text)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "::2:3:4:5:6:7:8   | 0:2:3:4:5:6:7:8/128",
        "1::3:4:5:6:7:8    | 1:0:3:4:5:6:7:8/128",
        "1:2::4:5:6:7:8    | 1:2:0:4:5:6:7:8/128",
        "1:2:3::5:6:7:8    | 1:2:3:0:5:6:7:8/128",
        "1:2:3:4::6:7:8    | 1:2:3:4:0:6:7:8/128",
        "1:2:3:4:5::7:8    | 1:2:3:4:5:0:7:8/128",
        "1:2:3:4:5:6::8    | 1:2:3:4:5:6:0:8/128",
        "1:2:3:4:5:6:7::   | 1:2:3:4:5:6:7:0/128",
        "1:2:3:4:5:6:7:8   | 1:2:3:4:5:6:7:8/128",
        "::                | 0:0:0:0:0:0:0:0/128",
        "::/0              | 0:0:0:0:0:0:0:0/0",
        "::ab:cd           | 0:0:0:0:0:0:ab:cd/128",
        "ab:cd::           | ab:cd:0:0:0:0:0:0/128",
        "ffff:FFFF::1:2    | ffff:ffff:0:0:0:0:1:2/128",
        "::ffff:10.1.2.3   | 0:0:0:0:0:ffff:a01:203/128",
        "1:2:3:4:5:6:1.2.3.4 | 1:2:3:4:5:6:102:304/128",
        "2001:db8::/32     | 2001:db8:0:0:0:0:0:0/32",
        "255.255.255.255   | 255.255.255.255/32",
        "0.0.0.0/0         | 0.0.0.0/0",
        "10.0.0.0/8        | 10.0.0.0/8",
        "' 192.0.2.7 '     | 192.0.2.7/32",
        "10.0.0.0/032      | 10.0.0.0/32",
    })
    void parse_writesEveryByte(String text, String expected) {
        assertThat(CidrBlock.problem(text)).isNull();
        assertThat(block(text)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "1:2:3:4::5:6:7:8", "1::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "::1.2.3", "::256.0.0.0",
        "::.1.2.3", "1:::2", "1::2::3", "::12345", "::g", "256.0.0.0", "1.2.3.04", "/8", "/::"})
    void parse_refusesWhatIsNoAddress(String text) {
        assertThat(CidrBlock.parse(text)).isEmpty();
        assertThat(CidrBlock.problem(text))
                .isEqualTo("is not an IPv4 or IPv6 address (write 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32)");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/     | has no prefix length after '/' (write a number 0..32)",
        "10.0.0.0/0032 | has no prefix length after '/' (write a number 0..32)",
        "10.0.0.0/x    | has no prefix length after '/' (write a number 0..32)",
        "::/           | has no prefix length after '/' (write a number 0..128)",
        "10.0.0.0/33   | has a prefix length over 32",
        "::/129        | has a prefix length over 128",
        "10.0.0.1/8    | has address bits set below the /8 prefix (write 10.0.0.0/8)",
        "10.0.0.1/31   | has address bits set below the /31 prefix (write 10.0.0.0/31)",
        "::1/127       | has address bits set below the /127 prefix (write 0:0:0:0:0:0:0:0/127)",
    })
    void problem_saysExactlyWhatIsWrong(String text, String problem) {
        assertThat(CidrBlock.problem(text)).isEqualTo(problem);
        assertThat(CidrBlock.parse(text)).isEmpty();
    }

    @Test
    void prefixLength_atEachLimit() {
        assertThat(block("0.0.0.0/0").prefixLength()).isZero();
        assertThat(block("10.0.0.0/32").prefixLength()).isEqualTo(32);
        assertThat(block("192.0.2.7").prefixLength()).isEqualTo(32);
        assertThat(block("::/0").prefixLength()).isZero();
        assertThat(block("::1/128").prefixLength()).isEqualTo(128);
        assertThat(block("::1").prefixLength()).isEqualTo(128);
        assertThat(block("10.0.0.0/8").prefixLength()).isEqualTo(8);
    }

    private static byte[] mapped(int... lastFour) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        for (int i = 0; i < 4; i++) {
            a[12 + i] = (byte) lastFour[i];
        }
        return a;
    }

    @Test
    void ipv4Block_containsTheIpv4MappedForm_givenAsRawBytes() {
        CidrBlock ten = block("10.0.0.0/8");
        assertThat(ten.contains(mapped(10, 1, 2, 3))).isTrue();
        assertThat(ten.contains(mapped(11, 1, 2, 3))).isFalse();
        assertThat(ten.contains(new byte[] {10, 1, 2, 3})).isTrue();
    }

    @Test
    void ipv4Block_refusesSixteenBytesThatAreNotTheMappedForm() {
        CidrBlock all = block("0.0.0.0/0");
        assertThat(all.contains(mapped(10, 1, 2, 3))).isTrue();
        for (int i = 0; i < 10; i++) {
            byte[] a = mapped(10, 1, 2, 3);
            a[i] = 1;
            assertThat(all.contains(a)).as("byte %d set", i).isFalse();
        }
        byte[] noFirstFf = mapped(10, 1, 2, 3);
        noFirstFf[10] = 0;
        assertThat(all.contains(noFirstFf)).isFalse();
        byte[] noSecondFf = mapped(10, 1, 2, 3);
        noSecondFf[11] = 0;
        assertThat(all.contains(noSecondFf)).isFalse();
        byte[] compatible = mapped(10, 1, 2, 3); // ::10.1.2.3, the deprecated IPv4-compatible form, is not mapped
        compatible[10] = 0;
        compatible[11] = 0;
        assertThat(all.contains(compatible)).isFalse();
    }

    @Test
    void ipv6Block_containsAnIpv4Address_throughItsMappedForm() {
        assertThat(block("::ffff:10.0.0.0/104").contains(new byte[] {10, 9, 9, 9})).isTrue();
        assertThat(block("::ffff:10.0.0.0/104").contains(new byte[] {11, 9, 9, 9})).isFalse();
        assertThat(block("::/1").contains(new byte[] {10, 9, 9, 9})).isTrue();
        assertThat(block("8000::/1").contains(new byte[] {10, 9, 9, 9})).isFalse();
    }

    @Test
    void equalBlocks_areEqual_andHashAlike() {
        CidrBlock a = block("10.0.0.0/8");
        CidrBlock b = block(" 10.0.0.0/8 ");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(block("2001:db8::/32")).isEqualTo(block("2001:0db8:0:0::/32"))
                .hasSameHashCodeAs(block("2001:0db8:0:0::/32"));
        assertThat(a).isNotEqualTo(block("10.0.0.0/9"));
        assertThat(a).isNotEqualTo(block("11.0.0.0/8"));
        assertThat(block("::ffff:10.0.0.0/104")).isNotEqualTo(a);
        assertThat(a).isNotEqualTo("10.0.0.0/8");
    }

    @Test
    void differentBlocks_hashDifferently() {
        // neighbours in address, in prefix, and pairs whose differences cancel if either term of the hash is lost
        List<String> texts = List.of("0.0.0.0/1", "0.0.0.1/32", "0.0.0.0/32", "0.0.0.2/32", "0.0.0.0/0", "0.0.0.0/2",
                "10.0.0.0/8", "10.0.0.0/16", "10.0.0.1/32", "10.0.0.0/32", "::/0", "::/1", "::1/128", "::2/128");
        Set<Integer> hashes = new HashSet<>();
        for (String text : texts) {
            hashes.add(block(text).hashCode());
        }
        assertThat(hashes).hasSameSizeAs(texts);
    }
}
