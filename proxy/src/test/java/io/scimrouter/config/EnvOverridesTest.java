package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvOverridesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "backend.url, SCIM_ROUTER_BACKEND_URL",
            "server.maxRequestBodyBytes, SCIM_ROUTER_SERVER_MAX_REQUEST_BODY_BYTES",
            "rollout.tenantAware.allow, SCIM_ROUTER_ROLLOUT_TENANT_AWARE_ALLOW",
            "tenants.static, SCIM_ROUTER_TENANTS_STATIC",
            "tenants.http.credentialEnv, SCIM_ROUTER_TENANTS_HTTP_CREDENTIAL_ENV",
            "tenants.cache.negativeTtl, SCIM_ROUTER_TENANTS_CACHE_NEGATIVE_TTL",
            "rewrite.backendBaseUrls, SCIM_ROUTER_REWRITE_BACKEND_BASE_URLS",
            "server.requestBuffer.maxBytes, SCIM_ROUTER_SERVER_REQUEST_BUFFER_MAX_BYTES",
            "server.trustedProxies, SCIM_ROUTER_SERVER_TRUSTED_PROXIES",
    })
    void envName_isPrefixPlusUpperSnakePath(String key, String env) {
        assertThat(ConfigKeys.envName(key)).isEqualTo(env);
    }

    @Test
    void envNames_areDistinct() {
        assertThat(new HashSet<>(ConfigKeys.ALL.stream().map(ConfigKey::envName).toList()))
                .hasSameSizeAs(ConfigKeys.ALL);
    }

    @Test
    void trustedProxies_fromTheEnvironment_areACommaSeparatedList() {
        RouterConfig config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_TRUSTED_PROXIES",
                "10.0.0.0/8, 2001:db8::/32,192.0.2.7"));

        assertThat(config.server().trustedProxies()).extracting(CidrBlock::toString)
                .containsExactly("10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32", "192.0.2.7/32");
    }

    @Test
    void env_winsOverTheFile() {
        Path file = ConfigFixtures.write(dir, """
                server:
                  port: 8081
                backend:
                  url: http://from-file:8080
                """);

        RouterConfig config = ConfigLoader.load(file, Map.of(
                "SCIM_ROUTER_SERVER_PORT", "9000",
                "SCIM_ROUTER_BACKEND_URL", "https://from-env"));

        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.backend().url()).isEqualTo(URI.create("https://from-env"));
    }

    @Test
    void env_setsNestedKeys_ofEveryType() {
        RouterConfig config = ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_SERVER_MAX_REQUEST_BODY_BYTES", "2MiB",
                "SCIM_ROUTER_TENANTS_CACHE_NEGATIVE_TTL", "0",
                "SCIM_ROUTER_TENANTS_CACHE_MAX_SIZE", "500",
                "SCIM_ROUTER_BACKEND_PRESERVE_HOST", "false",
                "SCIM_ROUTER_ROUTING_TENANT_PATTERN", "[a-z]{2,8}",
                "SCIM_ROUTER_ADMIN_PORT", "-1"));

        assertThat(config.server().maxRequestBodyBytes()).isEqualTo(2L << 20);
        assertThat(config.tenants().cache().negativeTtl()).isEqualTo(Duration.ZERO);
        assertThat(config.tenants().cache().maxSize()).isEqualTo(500);
        assertThat(config.backend().preserveHost()).isFalse();
        assertThat(config.routing().tenantPattern().pattern()).isEqualTo("[a-z]{2,8}");
        assertThat(config.admin().port()).isEqualTo(-1);
    }

    @Test
    void env_listsAreCommaSeparated_andTrimmed() {
        RouterConfig config = ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_ROLLOUT_TENANT_AWARE_ALLOW", "p1/*, p2/e1",
                "SCIM_ROUTER_ROLLOUT_TENANT_AWARE_DENY", "p1/e9",
                "SCIM_ROUTER_ROUTING_ENDPOINTS", "Users,Groups,Devices",
                "SCIM_ROUTER_REWRITE_BACKEND_BASE_URLS", "https://a.example.com,http://b.example.com:8080/"));

        assertThat(config.rollout().allow()).containsExactly("p1/*", "p2/e1");
        assertThat(config.rollout().deny()).containsExactly("p1/e9");
        assertThat(config.routing().endpoints()).containsExactly("Users", "Groups", "Devices");
        assertThat(config.rewrite().backendBaseUrls()).containsExactly(
                URI.create("https://a.example.com"), URI.create("http://b.example.com:8080"));
    }

    @Test
    void env_emptyList_replacesTheFilesList() {
        Path file = ConfigFixtures.write(dir, "rollout:\n  tenantAware:\n    deny: [p1/e1]\n");

        RouterConfig config = ConfigLoader.load(file, Map.of("SCIM_ROUTER_ROLLOUT_TENANT_AWARE_DENY", ""));

        assertThat(config.rollout().deny()).isEmpty();
    }

    @Test
    void env_emptyValue_unsetsAnOptionalKey() {
        Path file = ConfigFixtures.write(dir, "backend:\n  url: http://legacy:8080\n");

        RouterConfig config = ConfigLoader.load(file, Map.of("SCIM_ROUTER_BACKEND_URL", ""));

        assertThat(config.backend().url()).isNull();
        assertThat(config.tenants().staticTenants()).extracting(StaticTenants::project).containsExactly("demo");
    }

    @Test
    void env_staticTenants_asYamlOrJsonFlow() {
        RouterConfig yamlFlow = ConfigLoader.load(null, Map.of("SCIM_ROUTER_TENANTS_STATIC",
                "[{project: p1, environment: e1, tenants: [acme, globex]}]"));
        RouterConfig jsonFlow = ConfigLoader.load(null, Map.of("SCIM_ROUTER_TENANTS_STATIC",
                "[{\"project\":\"p1\",\"environment\":\"e1\",\"tenants\":[\"acme\",\"globex\"]}]"));

        StaticTenants expected = new StaticTenants("p1", "e1", List.of("acme", "globex"));
        assertThat(yamlFlow.tenants().staticTenants()).containsExactly(expected);
        assertThat(jsonFlow.tenants().staticTenants()).containsExactly(expected);
    }

    @Test
    void env_staticTenantsEmpty_meansNoTenants_notTheDemoTenants() {
        RouterConfig config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_TENANTS_STATIC", "[]"));

        assertThat(config.tenants().staticTenants()).isEmpty();
    }

    @Test
    void env_variablesWithoutThePrefix_areIgnored() {
        RouterConfig config = ConfigLoader.load(null, Map.of("PATH", "/usr/bin", "SCIM_ROUTERX_PORT", "1"));

        ConfigAssertions.assertSameConfig(config, ConfigLoader.defaults());
    }

    @Test
    void env_aMistypedKeyVariable_isAnError_withTheVariableItMeant() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PROT", "8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SCIM_ROUTER_SERVER_PROT: names no configuration key")
                .hasMessageContaining("did you mean SCIM_ROUTER_SERVER_PORT?")
                .hasMessageNotContaining("8081");
    }

    @Test
    void env_aPrefixOnlyOrFarOffVariable_isAnError_pointingToTheDocs() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SCIM_ROUTER_SERVER: names no configuration key");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_SOMETHING_ELSE_ENTIRELY", "x")))
                .hasMessageContaining("docs/CONFIGURATION.md");
    }

    @Test
    void env_aCredentialVariable_isAllowed_onlyWhenAnEnvKeyNamesIt() {
        Map<String, String> withoutKey = Map.of("SCIM_ROUTER_DIRECTORY_TOKEN", "secret-value-4711");
        assertThatThrownBy(() -> ConfigLoader.load(null, withoutKey))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SCIM_ROUTER_DIRECTORY_TOKEN: names no configuration key")
                .hasMessageNotContaining("secret-value-4711");

        RouterConfig viaDirectory = ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_TENANTS_HTTP_URL", "https://dir.example.com/{project}/{environment}/{tenant}",
                "SCIM_ROUTER_TENANTS_HTTP_CREDENTIAL_ENV", "SCIM_ROUTER_DIRECTORY_TOKEN",
                "SCIM_ROUTER_DIRECTORY_TOKEN", "secret-value-4711"));
        assertThat(viaDirectory.tenants().http().credentialEnv()).isEqualTo("SCIM_ROUTER_DIRECTORY_TOKEN");

        RouterConfig viaAdmin = ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_ADMIN_TOKEN_ENV", "SCIM_ROUTER_ADMIN_TOKEN",
                "SCIM_ROUTER_ADMIN_TOKEN", "0123456789abcdef-admin"));
        assertThat(viaAdmin.admin().tokenEnv()).isEqualTo("SCIM_ROUTER_ADMIN_TOKEN");
    }

    @Test
    void env_aShortAdminToken_isRefused_withoutShowingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_ADMIN_TOKEN_ENV", "SCIM_ROUTER_ADMIN_TOKEN", "SCIM_ROUTER_ADMIN_TOKEN", "short-tok")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("admin.tokenEnv: the token in SCIM_ROUTER_ADMIN_TOKEN is shorter than 16")
                .hasMessageNotContaining("short-tok");
    }

    @Test
    void env_logLevelAndAccessFormat_areKeys_inAnyLetterCase() {
        RouterConfig config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_LOG_LEVEL", "DEBUG",
                "SCIM_ROUTER_LOG_ACCESS_FORMAT", "Json"));

        assertThat(config.log().level()).isEqualTo(RouterConfig.Level.DEBUG);
        assertThat(config.log().access().format()).isEqualTo(RouterConfig.AccessLogFormat.JSON);
    }

    @Test
    void env_errors_nameTheKeyAndTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "80x")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.port: '80x' is not a whole number [set by SCIM_ROUTER_SERVER_PORT]");
    }

    @Test
    void env_staticTenantsSyntaxError_namesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_TENANTS_STATIC", "[{project: p1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SCIM_ROUTER_TENANTS_STATIC: not valid YAML");
    }

    @Test
    void env_itemErrorsInStaticTenants_nameTheItemAndTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_TENANTS_STATIC",
                "[{project: p1, environment: e1, tenants: [Users]}]")))
                .hasMessageStartingWith("tenants.static[0].tenants[0]: 'Users' is reserved")
                .hasMessageEndingWith("[set by SCIM_ROUTER_TENANTS_STATIC]");
    }
}
