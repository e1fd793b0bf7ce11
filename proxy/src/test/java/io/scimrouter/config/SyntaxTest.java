package io.scimrouter.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every character class of the lexical rules, with the characters just below and above each range. */
class SyntaxTest {
    // the neighbours of 0-9, A-Z, a-z: '/' ':' '@' '[' '`' '{'
    private static final String LETTERS_AND_DIGITS = "09AZaz";

    @ParameterizedTest
    @ValueSource(strings = {"0", "9", "A", "Z", "a", "z", "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_",
        "`", "|", "~", "X-Tenant-Id", LETTERS_AND_DIGITS})
    void httpToken_accepts(String text) {
        assertThat(Syntax.isHttpToken(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", ":", "@", "[", "{", "\"", "(", ")", ",", ";", "=", "?", "\\", "]", "}", " ",
        "\t", "\u007f", "\u00e9", "X Tenant", "a:"})
    void httpToken_refuses(String text) {
        assertThat(Syntax.isHttpToken(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "9", "A", "Z", "a", "z", "-", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+",
        ",", ";", "=", ":", "@", "...", ".a", "scim", LETTERS_AND_DIGITS})
    void plainSegment_accepts(String text) {
        assertThat(Syntax.isPlainSegment(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "/", "[", "`", "{", "%", "%41", "#", "?", "\"", " ", "a b", "\u00e9",
        "\\", "^", "|", "}"})
    void plainSegment_refuses(String text) {
        assertThat(Syntax.isPlainSegment(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "Z", "a", "z", "_", "_0", "A9", "SCIM_ROUTER_ADMIN_TOKEN", "azAZ09"})
    void envName_accepts(String text) {
        assertThat(Syntax.isEnvName(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "9A", "A-B", "A B", "A.B", "A/", "A:", "A@", "A[", "A`", "A{", "A=b"})
    void envName_refuses(String text) {
        assertThat(Syntax.isEnvName(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "9", "A", "Z", "a", "z", "localhost", "127.0.0.1", "::", "[::1]", "fe80::1%eth0",
        "my_host-1.example", LETTERS_AND_DIGITS})
    void bindHost_accepts(String text) {
        assertThat(Syntax.isBindHost(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "@", "`", "{", "h/p", "http://h", "h p", "h\t", "h?", "h#", "h,i"})
    void bindHost_refuses(String text) {
        assertThat(Syntax.isBindHost(text)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://user:secret@host/path    | https://***@host/path",
        "https://user@host                | https://***@host",
        "https://user@host?q=@x           | https://***@host?q=@x",
        "://user@host                     | ://***@host",
        "://host/a@b                      | ://host/a@b",
        "https://host/path@x              | https://host/path@x",
        "https://host/                    | https://host/",
        "https://host                     | https://host",
        "user@host://x                    | user@host://x",
        "user@host                        | user@host",
        "''                               | ''",
    })
    void redactUserInfo_hidesOnlyTheUserInfo(String text, String expected) {
        assertThat(Syntax.redactUserInfo(text)).isEqualTo(expected);
    }
}
