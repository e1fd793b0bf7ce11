package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code rollout.shadow.*}: off by default, read from YAML and the environment, bad values refused by name. */
class ShadowConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults_areOff() {
        RouterConfig.Shadow shadow = ConfigLoader.defaults().shadow();

        assertThat(shadow).isEqualTo(RouterConfig.Shadow.OFF);
        assertThat(shadow).isEqualTo(new RouterConfig.Shadow(List.of(), 0.01, 4, Duration.ofSeconds(5), 1 << 20));
        assertThat(shadow.enabled()).isFalse();
    }

    @Test
    void yaml_setsEveryKey_besideTheTenantAwareRules() {
        Path file = ConfigFixtures.write(dir, """
                rollout:
                  tenantAware:
                    allow: [p1/*]
                  shadow:
                    projects: [p1/e1, "p2/*"]
                    sampleRate: 0.25
                    maxConcurrent: 2
                    timeout: 750ms
                    maxBodyBytes: 64KiB
                """);

        RouterConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.rollout().allow()).containsExactly("p1/*");
        assertThat(config.shadow()).isEqualTo(new RouterConfig.Shadow(List.of("p1/e1", "p2/*"), 0.25, 2,
                Duration.ofMillis(750), 64 * 1024));
        assertThat(config.shadow().enabled()).isTrue();
    }

    @Test
    void env_setsTheRateAsText_andWholeNumbers() {
        RouterConfig config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_ROLLOUT_SHADOW_PROJECTS", "p1/e1",
                "SCIM_ROUTER_ROLLOUT_SHADOW_SAMPLE_RATE", "1"));

        assertThat(config.shadow().projects()).containsExactly("p1/e1");
        assertThat(config.shadow().sampleRate()).isEqualTo(1.0);
    }

    @Test
    void rateZero_isOff_evenWithProjects() {
        RouterConfig config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_ROLLOUT_SHADOW_PROJECTS", "p1/e1",
                "SCIM_ROUTER_ROLLOUT_SHADOW_SAMPLE_RATE", "0.0"));

        assertThat(config.shadow().enabled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "-0.1", "half", "1e-3", "NaN"})
    void rateOutside0To1_orNotANumber_isRefusedByName(String rate) {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_ROLLOUT_SHADOW_SAMPLE_RATE", rate)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout.shadow.sampleRate");
    }

    @Test
    void badProjectRule_isRefusedByName() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_ROLLOUT_SHADOW_PROJECTS", "p1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout.shadow.projects");
    }
}
