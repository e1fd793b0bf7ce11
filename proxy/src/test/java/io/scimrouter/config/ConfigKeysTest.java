package io.scimrouter.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key catalog: every key bound somewhere, defaults read by the key's own type, docs columns derived. */
class ConfigKeysTest {
    private static final Map<String, String> DIRECTORY_TOKEN = Map.of("SCIM_ROUTER_DIRECTORY_TOKEN", "t0ken");

    @Test
    void everyDeclaredKey_isBoundIntoARecord() {
        // the defaults bind every key but the HTTP directory's, which only a configured directory reads
        ConfigValues defaults = ConfigValues.fromYaml(null, "");
        ConfigLoader.bind(defaults, Map.of());
        ConfigValues httpDirectory =
                ConfigLoader.rawValues(ConfigFixtures.repoFile("config/tenants-http.example.yaml"));
        ConfigLoader.bind(httpDirectory, DIRECTORY_TOKEN);

        Set<String> bound = new HashSet<>(defaults.keysRead());
        bound.addAll(httpDirectory.keysRead());
        assertThat(bound).containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL.stream().map(ConfigKey::path).toList());
    }

    @Test
    void paths_areUnique() {
        List<String> paths = ConfigKeys.ALL.stream().map(ConfigKey::path).toList();

        assertThat(paths).doesNotHaveDuplicates();
    }

    @Test
    void defaults_areReadByTheKeysOwnType() {
        assertThat(ConfigKeys.named("server.maxRequestBodyBytes", Long.class).defaultValue()).isEqualTo(10L << 20);
        assertThat(ConfigKeys.named("tenants.cache.maxStale", Duration.class).defaultValue())
                .isEqualTo(Duration.ofHours(1));
        assertThat(ConfigKeys.named("rollout.tenantAware.allow", List.class).defaultValue()).isEqualTo(List.of("*"));
        assertThat(ConfigKeys.named("rewrite.backendBaseUrls", List.class).defaultValue()).isEqualTo(List.of());
        assertThat(ConfigKeys.named("tenants.file", Path.class).defaultValue()).isNull();
    }

    @Test
    void documentedDefault_isTheDefaultText_listsInBrackets_orUnset() {
        assertThat(ConfigKeys.named("server.maxRequestBodyBytes", Long.class).documentedDefault()).isEqualTo("`10MiB`");
        assertThat(ConfigKeys.named("rollout.tenantAware.deny", List.class).documentedDefault()).isEqualTo("`[]`");
        assertThat(ConfigKeys.named("backend.url", java.net.URI.class).documentedDefault()).isEqualTo("unset");
        assertThat(ConfigKeys.named("tenants.static", Object.class).documentedDefault())
                .isEqualTo("empty (see below)");
    }

    @Test
    void aDefaultTheKeyWouldRefuse_failsAtDeclaration() {
        assertThatThrownBy(() -> ConfigKey.of("server.port", ValueType.integer(0, 65_535), "70000", "port"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the declared default of server.port is invalid: "
                        + "server.port: '70000' is out of range 0..65535");
        assertThatThrownBy(() -> ConfigKey.of("backend.idleTimeout", ValueType.duration(), "20", "idle"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'20' is not a duration");
    }

    @Test
    void named_refusesAnUnknownPath_andAnotherType() {
        assertThatThrownBy(() -> ConfigKeys.named("server.nope", String.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no key server.nope declared");
        assertThatThrownBy(() -> ConfigKeys.named("server.port", Long.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("server.port holds Integer, not Long");
    }

    @Test
    void sections_andTheirChildren_comeFromThePaths() {
        assertThat(ConfigKeys.childrenOf("")).containsExactly(
                "server", "backend", "routing", "tenants", "rollout", "rewrite", "limits", "admin", "metrics", "log");
        assertThat(ConfigKeys.childrenOf("tenants")).containsExactly("static", "file", "http", "cache", "unknown");
        assertThat(ConfigKeys.childrenOf("limits")).containsExactly("rate", "concurrency", "upstream", "cache");
        assertThat(ConfigKeys.isSection("tenants.http")).isTrue();
        assertThat(ConfigKeys.isSection("tenants.http.url")).isFalse();
        assertThat(ConfigKeys.isKey("tenants.http.url")).isTrue();
        assertThat(ConfigKeys.under("tenants.http")).extracting(ConfigKey::path).containsExactly(
                "tenants.http.url", "tenants.http.timeout", "tenants.http.credentialEnv",
                "tenants.http.forwardCallerAuthorization");
    }
}
