package io.scimrouter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QueryStringsTest {

    @Test
    void canonical_emptyStaysEmpty() {
        assertThat(QueryStrings.canonical("")).isEmpty();
    }

    @Test
    void canonical_spaceWrittenAsPlusOrPercent20_decodesToTheSameFilter() {
        String plus = QueryStrings.canonical("filter=userName+eq+%22a+b%22");
        String percent = QueryStrings.canonical("filter=userName%20eq%20%22a%20b%22");
        assertThat(plus).isEqualTo(percent);
        assertThat(decodedValue(plus)).isEqualTo("userName eq \"a b\"");
    }

    @Test
    void canonical_encodedPlusStaysALiteralPlus() {
        assertThat(decodedValue(QueryStrings.canonical("filter=userName%20eq%20%22x%2By%22")))
                .isEqualTo("userName eq \"x+y\"");
    }

    @Test
    void canonical_utf8RoundTrips() {
        assertThat(decodedValue(QueryStrings.canonical("filter=displayName%20eq%20%22Z%C3%BCrich%20%E2%9C%93%22")))
                .isEqualTo("displayName eq \"Zürich ✓\"");
    }

    @Test
    void canonical_keepsEveryParameter() {
        assertThat(QueryStrings.canonical("startIndex=2&count=10&sortBy=userName"))
                .isEqualTo("startIndex=2&count=10&sortBy=userName");
    }

    @Test
    void canonical_malformedEscape_isRejected() {
        assertThatThrownBy(() -> QueryStrings.canonical("filter=%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryStrings.canonical("filter=abc%2")).isInstanceOf(IllegalArgumentException.class);
    }

    /** What the SCIM SDK does with the canonical form: split at '=' and URL-decode. */
    private static String decodedValue(String canonical) {
        return URLDecoder.decode(canonical.substring(canonical.indexOf('=') + 1), StandardCharsets.UTF_8);
    }
}
