package io.scimrouter.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathPatternTest {
    private static final JsonPath META_VERSION = JsonPath.root().field("meta").field("version");
    private static final JsonPath LISTED_VERSION = JsonPath.root().field("Resources").index(3).field("meta")
            .field("version");

    @Test
    void anyDepth_matchesAtTheRootAndBelow() {
        PathPattern pattern = PathPattern.of("**.meta.version");

        assertThat(pattern.matches(META_VERSION)).isTrue();
        assertThat(pattern.matches(LISTED_VERSION)).isTrue();
        assertThat(pattern.matches(JsonPath.root().field("meta"))).isFalse();
        assertThat(pattern.matches(JsonPath.root().field("meta").field("version").field("x"))).isFalse();
    }

    @Test
    void withoutAnyDepth_onlyFromTheRoot() {
        assertThat(PathPattern.of("meta.version").matches(META_VERSION)).isTrue();
        assertThat(PathPattern.of("meta.version").matches(LISTED_VERSION)).isFalse();
    }

    @Test
    void arrayIndexAndAnyField() {
        assertThat(PathPattern.of("Resources[].*.version").matches(LISTED_VERSION)).isTrue();
        assertThat(PathPattern.of("Resources.meta.version").matches(LISTED_VERSION)).isFalse();
        assertThat(PathPattern.of("Operations[].version")
                .matches(JsonPath.root().field("Operations").index(0).field("version"))).isTrue();
    }

    @Test
    void fieldNames_compareWithoutCase() {
        assertThat(PathPattern.of("**.META.Version").matches(META_VERSION)).isTrue();
    }

    @Test
    void emptySegments_areRejected() {
        assertThatThrownBy(() -> PathPattern.of("meta..version")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathPattern.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
