package io.scimrouter.rewrite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlMappingTest {
    private static final UrlMapping MAPPING = UrlMapping.of(
            List.of("http://10.0.0.5:8080/scim/v2/p1/e1", "https://Public.Example.com/scim/v2/p1/e1"),
            "https://public.example.com/scim/v2/p1/e1/v2/acme");

    @Test
    void baseFollowedBySlash_isReplaced() {
        assertThat(MAPPING.map("http://10.0.0.5:8080/scim/v2/p1/e1/Users/7?x=1"))
                .isEqualTo("https://public.example.com/scim/v2/p1/e1/v2/acme/Users/7?x=1");
    }

    @Test
    void baseAlone_isReplaced() {
        assertThat(MAPPING.map("https://public.example.com/scim/v2/p1/e1"))
                .isEqualTo("https://public.example.com/scim/v2/p1/e1/v2/acme");
    }

    @Test
    void schemeAndHost_compareWithoutCase_pathWithCase() {
        assertThat(MAPPING.map("HTTPS://PUBLIC.example.COM/scim/v2/p1/e1/Users"))
                .isEqualTo("https://public.example.com/scim/v2/p1/e1/v2/acme/Users");
        assertThat(MAPPING.map("https://public.example.com/SCIM/v2/p1/e1/Users")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://10.0.0.5:8080/scim/v2/p1/e10/Users/7",
        "http://10.0.0.5:8080/scim/v2/p1/e1x",
        "http://10.0.0.5:8080/scim/v2/p1/e1?x",
        "http://10.0.0.5:80/scim/v2/p1/e1/Users",
        "http://10.0.0.5:8080/scim/v2/p1",
        "https://10.0.0.5:8080/scim/v2/p1/e1/Users",
        "/scim/v2/p1/e1/Users/7",
        "../Users/7",
        "bulkId:abc",
        "",
        "https://public.example.com/scim/v2/p1/e1/v2/acme/Users/7",
        "https://public.example.com/scim/v2/p1/e1/v2/acme",
    })
    void nearMissesAndTheTargetForm_areNotMapped(String value) {
        assertThat(MAPPING.map(value)).isNull();
    }

    @Test
    void longestOverlappingBase_wins() {
        UrlMapping mapping = UrlMapping.of(List.of("https://h/a", "https://h/a/b"), "https://t");
        assertThat(mapping.map("https://h/a/b/c")).isEqualTo("https://t/c");
        assertThat(mapping.map("https://h/a/c")).isEqualTo("https://t/c");
    }

    @Test
    void originWithoutPath_isABase() {
        UrlMapping mapping = UrlMapping.of(List.of("https://h:8443"), "https://t/x");
        assertThat(mapping.map("https://h:8443/Users")).isEqualTo("https://t/x/Users");
        assertThat(mapping.map("https://h:84431/Users")).isNull();
    }

    @Test
    void fromBases_areNormalisedAndLongestFirst() {
        assertThat(MAPPING.fromBases()).containsExactly("https://public.example.com/scim/v2/p1/e1",
                "http://10.0.0.5:8080/scim/v2/p1/e1");
        assertThat(MAPPING.toBase()).isEqualTo("https://public.example.com/scim/v2/p1/e1/v2/acme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://h/scim/", "/scim/v2", "h/scim", "https://", "https://h/a b", ""})
    void invalidBases_areRejected(String base) {
        assertThatThrownBy(() -> UrlMapping.of(List.of(base), "https://t"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UrlMapping.of(List.of("https://h"), base))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noBases_isRejected() {
        assertThatThrownBy(() -> UrlMapping.of(List.of(), "https://t")).isInstanceOf(IllegalArgumentException.class);
    }
}
