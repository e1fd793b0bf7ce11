package io.scimrouter.config;

import java.util.Comparator;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

final class ConfigAssertions {
    private ConfigAssertions() {
    }

    /** Field by field; Pattern has identity equality, so patterns compare by their source text. */
    static void assertSameConfig(RouterConfig actual, RouterConfig expected) {
        assertThat(actual)
                .usingRecursiveComparison()
                .withComparatorForType(Comparator.comparing(Pattern::pattern), Pattern.class)
                .isEqualTo(expected);
    }
}
