package io.scimrouter.policy;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Host values that can be written into a URL without changing its meaning, and those that cannot. */
class HostHeaderTest {

    @TestFactory
    Stream<DynamicTest> valid() {
        return Stream.of("h", "scim.example.com", "scim.example.com:8443", "10.0.0.5", "10.0.0.5:80", "[::1]",
                "[::1]:8080", "[2001:db8::7]", "under_score.example", "A-Z.example", "h:0", "h:65535")
                .map(host -> dynamicTest(host, () -> assertThat(HostHeader.isValid(host)).isTrue()));
    }

    @TestFactory
    Stream<DynamicTest> invalid() {
        return Stream.of("", ":80", "evil.com/scim", "a@b", "h:", "h:65536", "h:123456", "h:8a", "[::1", "[]",
                "[::1]x", "[::g]", "h h", "h?x", "h#x", "h\\x")
                .map(host -> dynamicTest("'" + host + "'", () -> assertThat(HostHeader.isValid(host)).isFalse()));
    }

    @Test
    void nullAndTooLong_areInvalid() {
        assertThat(HostHeader.isValid(null)).isFalse();
        assertThat(HostHeader.isValid("a".repeat(256))).isFalse();
        assertThat(HostHeader.isValid("a".repeat(255))).isTrue();
    }
}
