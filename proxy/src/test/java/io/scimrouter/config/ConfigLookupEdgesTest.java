package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The small computations behind key handling: variable names from key paths, the edit distance behind "did you
 * mean", and how a key path is walked through the records.
 */
class ConfigLookupEdgesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "a1B, SCIM_ROUTER_A1_B",
        "http2Enabled, SCIM_ROUTER_HTTP2_ENABLED",
        "maxURL, SCIM_ROUTER_MAX_URL",
        "ABc, SCIM_ROUTER_ABC",
        "a.B, SCIM_ROUTER_A_B",
        "a_B, SCIM_ROUTER_A_B",
        "x, SCIM_ROUTER_X",
    })
    void envName_separatesAWordOnlyAfterALowerCaseLetterOrADigit(String path, String name) {
        assertThat(ConfigKeys.envName(path)).isEqualTo(name);
    }

    @Test
    void aKey_printsAsItsPath() {
        assertThat(ConfigKeys.find("server.requestBuffer.maxBytes").orElseThrow())
                .hasToString("server.requestBuffer.maxBytes");
    }

    @ParameterizedTest(name = "{0} / {1}: {2}")
    @CsvSource({
        "'', '', 0",
        "'', abc, 3",
        "abc, '', 3",
        "abc, abc, 0",
        "abc, ab, 1",
        "ab, abc, 1",
        "abc, abd, 1",
        "abc, xbc, 1",
        "kitten, sitting, 3",
        "flaw, lawn, 2",
        "servr, server, 1",
    })
    void editDistance_isLevenshtein(String a, String b, int distance) {
        assertThat(ConfigValues.editDistance(a, b)).isEqualTo(distance);
    }

    @Test
    void unknownKey_suggestsTheClosest_upToTwoEdits() {
        assertThatThrownBy(() -> ConfigValues.fromYaml(Map.of("server", Map.of("prot", 1)), "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.prot: unknown key (did you mean server.port?)");
        assertThatThrownBy(() -> ConfigValues.fromYaml(Map.of("servr", Map.of()), "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("servr: unknown key (did you mean server?)");
        assertThatThrownBy(() -> ConfigValues.fromYaml(Map.of("server", Map.of("pXYZ", 1)), "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.pXYZ: unknown key (known in server: host, port, ");
    }

    @Test
    void valueAt_walksTheRecords() {
        RouterConfig config = ConfigLoader.defaults();
        assertThat(ConfigChanges.valueAt(config, "server.port")).isEqualTo(config.server().port());
        assertThat(ConfigChanges.valueAt(config, "rollout.tenantAware.allow")).isEqualTo(config.rollout().allow());
        assertThat(ConfigChanges.valueAt(config, "rollout.shadow.sampleRate")).isEqualTo(config.shadow().sampleRate());
    }

    @Test
    void valueAt_namesTheSegmentThatIsNoSection() {
        assertThatThrownBy(() -> ConfigChanges.valueAt(ConfigLoader.defaults(), "server.port.x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("server.port.x: port is not a section in the records");
    }

    @Test
    void valueAt_refusesAnUnknownFirstOrLastSegment() {
        RouterConfig config = ConfigLoader.defaults();
        assertThatThrownBy(() -> ConfigChanges.valueAt(config, "nosuch.server.port"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no record component for nosuch.server.port");
        assertThatThrownBy(() -> ConfigChanges.valueAt(config, "server.nosuch"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no record component for server.nosuch");
        assertThatThrownBy(() -> ConfigChanges.valueAt(config, "nosuch"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no record component for nosuch");
    }
}
