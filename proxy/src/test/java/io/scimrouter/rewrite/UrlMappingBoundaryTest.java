package io.scimrouter.rewrite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a base ends and begins: the host's end, the '/' that starts its path, letter case at the edges of A-Z. */
class UrlMappingBoundaryTest {
    private static final UrlMapping H_A = UrlMapping.of(List.of("https://h/a"), "https://t/v2");

    @ParameterizedTest
    @ValueSource(strings = {
        "https://hXa/Users",  // the '/' where the base's path begins is a character like any other
        "https://hXa",
        "https://h.a/Users",
        "https://h:a/Users",
        "https://h/A/Users",  // the path compares with case
        "https://h/ab",
        "https://h/",
        "https://h",
        "https://ha/Users",
        "http://h/a/Users",
        "https:/h/a/Users",
        "xhttps://h/a",
    })
    void nearMissesAroundTheHostAndPathBoundary_areNotMapped(String value) {
        assertThat(H_A.map(value)).isNull();
        assertThat(H_A.matchedBaseLength(value.toCharArray(), 0, value.length())).isEqualTo(-1);
        assertThat(byteMatch(H_A, value)).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({
        "https://h/a,           https://t/v2",
        "https://h/a/,          https://t/v2/",
        "https://h/a/Users/7,   https://t/v2/Users/7",
        "HTTPS://H/a/Users,     https://t/v2/Users",
        "hTtPs://H/a?x,         ",
    })
    void theBaseItself_andTheBaseFollowedBySlash_areMapped(String value, String mapped) {
        assertThat(H_A.map(value)).isEqualTo(mapped);
        assertThat(byteMatch(H_A, value)).isEqualTo(mapped == null ? -1 : "https://h/a".length());
    }

    @Test
    void upperCaseLettersAtBothEndsOfTheAlphabet_foldInTheHost() {
        UrlMapping mapping = UrlMapping.of(List.of("https://az.example/x"), "https://t");
        assertThat(mapping.map("https://AZ.EXAMPLE/x/1")).isEqualTo("https://t/1");
        assertThat(mapping.map("https://aZ.example/x")).isEqualTo("https://t");
        assertThat(mapping.map("https://Az.example/x")).isEqualTo("https://t");
        // only A-Z fold: the characters just before and after them stay what they are
        UrlMapping neighbours = UrlMapping.of(List.of("https://a`b{c/x"), "https://t");
        assertThat(neighbours.map("https://a`b{c/x")).isEqualTo("https://t");
        assertThat(neighbours.map("https://a@b[c/x")).isNull();
        // the scanner's byte path folds exactly the same letters
        assertThat(byteMatch(mapping, "https://AZ.EXAMPLE/x/1")).isEqualTo(20);
        assertThat(byteMatch(mapping, "https://aZ.example/x")).isEqualTo(20);
        assertThat(byteMatch(mapping, "https://Az.example/x")).isEqualTo(20);
        assertThat(byteMatch(neighbours, "https://a`b{c/x")).isEqualTo(15);
        assertThat(byteMatch(neighbours, "https://a@b[c/x")).isEqualTo(-1);
    }

    @Test
    void aBaseWithUpperCaseInItsHost_matchesAnyCase_andIsListedInLowerCase() {
        UrlMapping mapping = UrlMapping.of(List.of("HTTPS://SCIM.Example.COM:8443/Scim/V2"), "https://t");
        assertThat(mapping.fromBases()).containsExactly("https://scim.example.com:8443/Scim/V2");
        assertThat(mapping.map("https://scim.example.com:8443/Scim/V2/Users")).isEqualTo("https://t/Users");
        assertThat(mapping.map("https://scim.example.com:8443/scim/v2/Users")).isNull();
        assertThat(byteMatch(mapping, "HTTPS://SCIM.example.com:8443/Scim/V2/Users")).isEqualTo(37);
        assertThat(byteMatch(mapping, "https://scim.example.com:8443/scim/v2/Users")).isEqualTo(-1);
        assertThat(byteMatch(mapping, "https://scim.example.org:8443/Scim/V2/Users")).isEqualTo(-1);
    }

    @Test
    void aBaseWithNonAsciiCharacters_matchesItsCharacters_butNeverPlainBytes() {
        UrlMapping mapping = UrlMapping.of(List.of("https://h/\u00e9"), "https://t");
        assertThat(mapping.map("https://h/\u00e9/Users")).isEqualTo("https://t/Users");
        // the scanning rewriter hands over ASCII-only values as bytes: a non-ASCII base has no bytes to compare
        assertThat(byteMatch(mapping, "https://h/e/Users")).isEqualTo(-1);
        assertThat(byteMatch(mapping, "https://h/\u00e9/Users")).isEqualTo(-1);
    }

    @Test
    void matchesInsideALargerBuffer_lookOnlyAtTheGivenRange() {
        char[] text = "xx\"https://h/a/Users\"yy".toCharArray();
        assertThat(H_A.matchedBaseLength(text, 3, 17)).isEqualTo(11);
        // the range ends right after the base: what follows it in the buffer does not matter
        assertThat(H_A.matchedBaseLength(text, 3, 11)).isEqualTo(11);
        assertThat(H_A.matchedBaseLength(text, 3, 10)).isEqualTo(-1);
        assertThat(H_A.matchedBaseLength(text, 2, 12)).isEqualTo(-1);
        char[] baseThenLetter = "https://h/ab".toCharArray();
        assertThat(H_A.matchedBaseLength(baseThenLetter, 0, 11)).isEqualTo(11);
        assertThat(H_A.matchedBaseLength(baseThenLetter, 0, 12)).isEqualTo(-1);
        byte[] bytes = "xx\"https://h/a/Users\"yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(H_A.matchedBaseLength(bytes, 3, 17)).isEqualTo(11);
        assertThat(H_A.matchedBaseLength(bytes, 3, 11)).isEqualTo(11);
        assertThat(H_A.matchedBaseLength(bytes, 3, 10)).isEqualTo(-1);
        assertThat(H_A.matchedBaseLength(bytes, 2, 12)).isEqualTo(-1);
        byte[] baseThenLetterBytes = "https://h/ab".getBytes(StandardCharsets.US_ASCII);
        assertThat(H_A.matchedBaseLength(baseThenLetterBytes, 0, 11)).isEqualTo(11);
        assertThat(H_A.matchedBaseLength(baseThenLetterBytes, 0, 12)).isEqualTo(-1);
    }

    @Test
    void aValueAlreadyUnderALongerTarget_isLeftAlone_butATargetOfTheSameLengthMaps() {
        UrlMapping longer = UrlMapping.of(List.of("https://h/a"), "https://h/a/v2");
        assertThat(longer.map("https://h/a/v2/Users")).isNull();
        assertThat(longer.map("https://h/a/Users")).isEqualTo("https://h/a/v2/Users");
        // a target as long as the base cannot extend it; the same text maps onto itself
        UrlMapping same = UrlMapping.of(List.of("https://H/a"), "https://h/a");
        assertThat(same.map("https://h/a/Users")).isEqualTo("https://h/a/Users");
        // a shorter target is never in the way
        UrlMapping shorter = UrlMapping.of(List.of("https://h/a/b"), "https://h/a");
        assertThat(shorter.map("https://h/a/b/c")).isEqualTo("https://h/a/c");
    }

    @Test
    void theTarget_isKeptAsGiven_andEscapedOnceForJson() {
        UrlMapping mapping = UrlMapping.of(List.of("https://h/a"), "https://T/\u00e9\"x");
        assertThat(mapping.toBase()).isEqualTo("https://T/\u00e9\"x");
        assertThat(mapping.map("https://h/a/1")).isEqualTo("https://T/\u00e9\"x/1");
        assertThat(new String(mapping.toBaseJson(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("https://T/\u00e9\\\"x");
    }

    @Test
    void invalidArguments_sayWhatIsWrong() {
        assertThatThrownBy(() -> UrlMapping.of(List.of(), "https://t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one base to map from is required");
        assertThatThrownBy(() -> UrlMapping.of(List.of("https://h/a/"), "https://t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("base URL must not end with '/': https://h/a/");
        assertThatThrownBy(() -> UrlMapping.of(List.of("/scim/v2"), "https://t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an absolute base URL: /scim/v2");
        assertThatThrownBy(() -> UrlMapping.of(List.of("https://h"), "h/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an absolute base URL: h/x");
        assertThatThrownBy(() -> UrlMapping.of(null, "https://t"))
                .isInstanceOf(NullPointerException.class).hasMessage("fromBases");
        assertThatThrownBy(() -> UrlMapping.of(List.of("https://h"), null))
                .isInstanceOf(NullPointerException.class).hasMessage("base URL");
    }

    /** The scanning rewriter's way in: the value's bytes (UTF-8), as it hands them over. */
    private static int byteMatch(UrlMapping mapping, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return mapping.matchedBaseLength(bytes, 0, bytes.length);
    }
}
