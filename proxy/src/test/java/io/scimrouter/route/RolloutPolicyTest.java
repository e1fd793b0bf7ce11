package io.scimrouter.route;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Rollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutPolicyTest {

    /** null (the key left out) stays null; "[]" is an explicit empty list. */
    private static List<String> rules(String spaceSeparated) {
        if (spaceSeparated == null) {
            return null;
        }
        return spaceSeparated.equals("[]") ? List.of() : Arrays.asList(spaceSeparated.trim().split(" +"));
    }

    @ParameterizedTest(name = "allow [{0}] deny [{1}]: {2}/{3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # allow            | deny        | project | env  | allowed
            -                  | -           | p1      | e1   | true
            -                  | p1/e1       | p1      | e1   | false
            -                  | p1/e1       | p1      | e2   | true
            p1/e1              | -           | p1      | e1   | true
            p1/e1              | -           | p1      | e2   | false
            p1/e1              | -           | p2      | e1   | false
            p1/*               | -           | p1      | prod | true
            p1/*               | -           | p2      | prod | false
            p1/*               | p1/prod     | p1      | prod | false
            p1/*               | p1/prod     | p1      | test | true
            *                  | p1/*        | p1      | test | false
            *                  | p1/*        | p2      | test | true
            *                  | *           | p2      | test | false
            p1/e1              | p1/e1       | p1      | e1   | false
            */test             | -           | p9      | test | true
            */test             | -           | p9      | prod | false
            p1/e1 p2/e2        | -           | p2      | e2   | true
            p1/e1 p2/e2        | -           | p1      | e2   | false
            p1/e1              | */e1        | p1      | e1   | false
            []                 | -           | p1      | e1   | false
            """)
    void decides(String allow, String deny, String project, String environment, boolean allowed) {
        assertThat(new RolloutPolicy(rules(allow), rules(deny)).allows(project, environment)).isEqualTo(allowed);
    }

    @Test
    void noConfiguration_allowsEverything() {
        assertThat(RolloutPolicy.from(null).allows("any", "thing")).isTrue();
        assertThat(RolloutPolicy.from(new Rollout(null, null)).allows("any", "thing")).isTrue();
        assertThat(RolloutPolicy.allowAll().allows("any", "thing")).isTrue();
    }

    @Test
    void matchesExactly_caseSensitive() {
        assertThat(new RolloutPolicy(List.of("p1/e1"), List.of()).allows("P1", "e1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p1", "p1/", "/e1", "p1/e1/x", "p*/e1", "p1/e*", "**"})
    void rejectsMalformedRules(String rule) {
        assertThatThrownBy(() -> new RolloutPolicy(List.of(rule), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout.tenantAware.allow");
        assertThatThrownBy(() -> new RolloutPolicy(List.of(), List.of(rule)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout.tenantAware.deny");
    }
}
