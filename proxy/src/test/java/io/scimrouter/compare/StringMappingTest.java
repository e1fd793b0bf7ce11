package io.scimrouter.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StringMappingTest {
    private static final StringMapping ACME = StringMapping.builder()
            .baseUrl("https://h.example/scim/v2/p1/e1/v2/acme", "{base}")
            .literal("1234", "{user}")
            .literal("12345", "{group}")
            .build();

    @ParameterizedTest
    @CsvSource({
        "https://h.example/scim/v2/p1/e1/v2/acme/Users/1234, {base}/Users/{user}",
        "HTTPS://H.EXAMPLE/scim/v2/p1/e1/v2/acme, {base}",
        "https://h.example/scim/v2/p1/e1/v2/acme?x=1, {base}?x=1",
        "https://h.example/scim/v2/p1/e1/v2/acme2/Users, https://h.example/scim/v2/p1/e1/v2/acme2/Users",
        "https://h.example/SCIM/v2/p1/e1/v2/acme/Users, https://h.example/SCIM/v2/p1/e1/v2/acme/Users",
        "https://h.example/scim/v2/p1/e1/Users/12345, https://h.example/scim/v2/p1/e1/Users/{group}",
        "see https://h.example/scim/v2/p1/e1/v2/acme, see https://h.example/scim/v2/p1/e1/v2/acme",
    })
    void baseOnlyAtTheStartAndOnABoundary_literalsAnywhereLongestFirst(String value, String mapped) {
        assertThat(ACME.apply(value)).isEqualTo(mapped);
    }

    @Test
    void badBases_areRejected() {
        assertThatThrownBy(() -> StringMapping.builder().baseUrl("/scim/v2/p1/e1", "{base}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StringMapping.builder().baseUrl("http://h/scim/", "{base}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StringMapping.builder().literal("", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
