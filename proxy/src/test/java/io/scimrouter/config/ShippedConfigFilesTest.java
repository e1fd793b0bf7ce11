package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads every shipped file and checks the docs against the key catalog, so neither can rot. */
class ShippedConfigFilesTest {
    private static final Map<String, String> DIRECTORY_TOKEN = Map.of("SCIM_ROUTER_DIRECTORY_TOKEN", "t0ken");

    @Test
    void defaultYaml_isExactlyTheBuiltInDefaults() {
        RouterConfig fromFile = ConfigLoader.load(ConfigFixtures.repoFile("config/default.yaml"), Map.of());

        ConfigAssertions.assertSameConfig(fromFile, ConfigLoader.defaults());
    }

    @Test
    void productionExample_loadsWithItsDocumentedValues() {
        RouterConfig config = ConfigLoader.load(ConfigFixtures.repoFile("config/production.example.yaml"), Map.of());

        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().publicUrl()).isEqualTo(URI.create("https://scim.example.com"));
        assertThat(config.server().maxRequestBodyBytes()).isEqualTo(10L << 20);
        assertThat(config.server().requestBuffer()).isEqualTo(new RouterConfig.Server.RequestBuffer(256 << 10,
                64L << 20));
        assertThat(config.server().requestBodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.server().trustedProxies()).containsExactly(CidrBlock.parse("10.0.0.0/8").orElseThrow());
        assertThat(config.backend().url()).isEqualTo(URI.create("http://legacy-scim.internal:8080"));
        assertThat(config.backend().tenantAwareUrl()).isEqualTo(URI.create("http://scim-v2.internal:8080"));
        assertThat(config.backend().idleTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.routing().endpoints()).hasSize(9).contains("Devices", ".search");
        assertThat(config.tenants().staticTenants()).containsExactly(
                new StaticTenants("p1", "prod", List.of("acme", "globex")),
                new StaticTenants("p1", "staging", List.of("acme")));
        assertThat(config.tenants().http()).isNull();
        assertThat(config.tenants().cache().maxStale()).isEqualTo(Duration.ofHours(1));
        assertThat(config.rollout().allow()).containsExactly("p1/*");
        assertThat(config.rollout().deny()).containsExactly("p1/staging");
        assertThat(config.rewrite().backendBaseUrls()).containsExactly(URI.create("https://legacy.example.com"));
        assertThat(config.rewrite().maxStringLength()).isEqualTo(1 << 20);
        assertThat(config.tenants().unknown()).isEqualTo(new RouterConfig.Tenants.Unknown(true,
                "{basePath}/{project}/{environment}/Users?count=0", Duration.ofSeconds(60), 10_000));
        assertThat(config.limits().rate().perTenant()).isEqualTo(new RouterConfig.Limits.Bucket(50, 100));
        assertThat(config.limits().concurrency().perProjectEnvironment()).isEqualTo(256);
        assertThat(config.limits().upstream()).isEqualTo(
                new RouterConfig.Limits.PerUpstream(512, 100, Duration.ofSeconds(1)));
        assertThat(config.admin().port()).isEqualTo(9090);
    }

    @Test
    void tenantsHttpExample_loadsWithItsDocumentedValues() {
        RouterConfig config = ConfigLoader.load(ConfigFixtures.repoFile("config/tenants-http.example.yaml"),
                DIRECTORY_TOKEN);

        RouterConfig.Tenants.Http http = config.tenants().http();
        assertThat(http.url()).isEqualTo("https://api.example.com/v2/facts/{project}/{environment}/tenants/{tenant}");
        assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(http.credentialEnv()).isEqualTo("SCIM_ROUTER_DIRECTORY_TOKEN");
        assertThat(http.forwardCallerAuthorization()).isFalse();
        assertThat(config.tenants().staticTenants()).isEmpty();
        assertThat(config.tenants().file()).isNull();
    }

    @Test
    void examples_togetherSetEveryKey_exceptTheOnesThatNeedFiles() {
        Set<String> set = new HashSet<>(ConfigLoader.rawValues(
                ConfigFixtures.repoFile("config/production.example.yaml")).setKeys());
        set.addAll(ConfigLoader.rawValues(ConfigFixtures.repoFile("config/tenants-http.example.yaml")).setKeys());

        assertThat(set).containsAll(ConfigKeys.ALL.stream().map(ConfigKey::path)
                .filter(key -> !needsFiles(key)).toList());
    }

    @Test
    void productionExample_showsTheKeysThatNeedFiles_commentedOut() throws IOException {
        String text = Files.readString(ConfigFixtures.repoFile("config/production.example.yaml"));

        List<String> keys = ConfigKeys.ALL.stream().map(ConfigKey::path).filter(ShippedConfigFilesTest::needsFiles)
                .toList();
        assertThat(keys).contains("tenants.file", "server.tls.certificateFile", "backend.tls.caFile");
        for (String key : keys) {
            String name = key.substring(key.lastIndexOf('.') + 1);
            assertThat(text).as(key).containsPattern("(?m)^ *# *" + Pattern.quote(name) + ": ");
        }
    }

    /**
     * Keys an example cannot set: they name files that must exist at start, or (the other TLS keys) are refused
     * while TLS is off; the production example shows them commented out.
     */
    private static boolean needsFiles(String key) {
        return key.equals("tenants.file") || key.startsWith("server.tls.") || key.startsWith("backend.tls.");
    }

    @Test
    void configurationDoc_hasOneRowPerKey_withItsEnvironmentVariable() throws IOException {
        String doc = Files.readString(ConfigFixtures.repoFile("docs/CONFIGURATION.md"));
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z.]+)` \\| `([A-Z_]+)` \\|").matcher(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }

        Map<String, String> expected = new LinkedHashMap<>();
        ConfigKeys.ALL.forEach(key -> expected.put(key.path(), key.envName()));
        assertThat(documented).containsExactlyEntriesOf(expected);
    }

    @Test
    void configurationDoc_keyTable_isTheDeclarations() throws IOException {
        String doc = Files.readString(ConfigFixtures.repoFile("docs/CONFIGURATION.md"));
        List<String> documented = doc.lines().filter(line -> line.startsWith("| `")).toList();

        List<String> declared = ConfigKeys.ALL.stream()
                .map(key -> "| `" + key.path() + "` | `" + key.envName() + "` | " + key.documentedDefault() + " | "
                        + key.doc() + " |")
                .toList();
        assertThat(documented)
                .as("docs/CONFIGURATION.md's key table differs from ConfigKeys; the declared rows are:%n%s",
                        String.join(System.lineSeparator(), declared))
                .containsExactlyElementsOf(declared);
    }
}
