package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Server.Tls;
import io.scimrouter.config.RouterConfig.Server.Tls.ClientAuth;
import io.scimrouter.config.RouterConfig.Server.Tls.Provider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS keys: defaults, each key's values, and the rules between them. The files only have to exist here; whether
 * they parse is the tls package's check ({@code TlsFilesTest}).
 */
class TlsConfigTest {
    @TempDir
    Path dir;
    private Path cert;
    private Path key;
    private Path ca;

    @BeforeEach
    void files() throws IOException {
        cert = Files.writeString(dir.resolve("tls.crt"), "cert");
        key = Files.writeString(dir.resolve("tls.key"), "key");
        ca = Files.writeString(dir.resolve("ca.crt"), "ca");
    }

    @Test
    void defaults_tlsOff_bothVersions_noClientCertificates_auto_10s_jdkTrustForBackends() {
        RouterConfig config = ConfigLoader.defaults();

        Tls tls = config.server().tls();
        assertThat(tls.enabled()).isFalse();
        assertThat(tls.certificateFile()).isNull();
        assertThat(tls.privateKeyFile()).isNull();
        assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(tls.clientCaFile()).isNull();
        assertThat(tls.provider()).isEqualTo(Provider.AUTO);
        assertThat(tls.reloadCheckInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.backend().tls().caFile()).isNull();
    }

    @Test
    void everyKey_fromYaml() {
        RouterConfig config = load("server:\n  tls:\n    certificateFile: " + cert + "\n    privateKeyFile: " + key
                + "\n    protocols: [tlsv1.3]\n    clientAuth: Require\n    clientCaFile: " + ca
                + "\n    provider: jdk\n    reloadCheckInterval: 2s\nbackend:\n  tls:\n    caFile: " + ca);

        Tls tls = config.server().tls();
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.certificateFile()).isEqualTo(cert);
        assertThat(tls.privateKeyFile()).isEqualTo(key);
        assertThat(tls.protocols()).as("canonical spelling").containsExactly("TLSv1.3");
        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.REQUIRE);
        assertThat(tls.clientCaFile()).isEqualTo(ca);
        assertThat(tls.provider()).isEqualTo(Provider.JDK);
        assertThat(tls.reloadCheckInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.backend().tls().caFile()).isEqualTo(ca);
    }

    @Test
    void everyKey_fromTheEnvironment() {
        RouterConfig config = ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_SERVER_TLS_CERTIFICATE_FILE", cert.toString(),
                "SCIM_ROUTER_SERVER_TLS_PRIVATE_KEY_FILE", key.toString(),
                "SCIM_ROUTER_SERVER_TLS_PROTOCOLS", "TLSv1.2,TLSv1.3",
                "SCIM_ROUTER_SERVER_TLS_CLIENT_AUTH", "optional",
                "SCIM_ROUTER_SERVER_TLS_CLIENT_CA_FILE", ca.toString(),
                "SCIM_ROUTER_SERVER_TLS_PROVIDER", "openssl",
                "SCIM_ROUTER_SERVER_TLS_RELOAD_CHECK_INTERVAL", "500ms",
                "SCIM_ROUTER_BACKEND_TLS_CA_FILE", ca.toString()));

        Tls tls = config.server().tls();
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
        assertThat(tls.provider()).isEqualTo(Provider.OPENSSL);
        assertThat(tls.reloadCheckInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.backend().tls().caFile()).isEqualTo(ca);
    }

    @Test
    void aKeyWithoutACertificate_isAnError_namingTheKey() {
        assertRefused("server:\n  tls:\n    privateKeyFile: " + key,
                "server.tls.privateKeyFile: is set but server.tls.certificateFile is not");
    }

    @Test
    void aCertificateWithoutItsKey_isAnError_namingTheKey() {
        assertRefused("server:\n  tls:\n    certificateFile: " + cert,
                "server.tls.privateKeyFile: is required when server.tls.certificateFile is set");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "protocols: [TLSv1.2]            | server.tls.protocols",
        "clientAuth: require             | server.tls.clientAuth",
        "provider: jdk                   | server.tls.provider",
        "reloadCheckInterval: 1s         | server.tls.reloadCheckInterval",
    })
    void anotherTlsKey_whileTlsIsOff_isAnError_notSilentlyIgnored(String setting, String key) {
        assertRefused("server:\n  tls:\n    " + setting, key + ": is set but TLS is off");
    }

    @Test
    void aClientCaFile_whileTlsIsOff_isAnError() {
        assertRefused("server:\n  tls:\n    clientCaFile: " + ca, "server.tls.clientCaFile: is set but TLS is off");
    }

    @ParameterizedTest
    @CsvSource({"optional", "require"})
    void clientCertificates_needTheirCaFile(String clientAuth) {
        assertRefused(tlsOn() + "\n    clientAuth: " + clientAuth,
                "server.tls.clientCaFile: is required when server.tls.clientAuth is " + clientAuth);
    }

    @Test
    void aClientCaFile_withClientAuthNone_isAnError_theCertificatesWouldNotBeChecked() {
        assertRefused(tlsOn() + "\n    clientCaFile: " + ca, "server.tls.clientAuth: is none but "
                + "server.tls.clientCaFile is set");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "protocols: [TLSv1.1]            | server.tls.protocols[0]: 'TLSv1.1' is not a TLS version the router offers",
        "protocols: [SSLv3, TLSv1.3]     | server.tls.protocols[0]: 'SSLv3' is not a TLS version",
        "protocols: []                   | server.tls.protocols: must list at least one of TLSv1.3, TLSv1.2",
        "protocols: [TLSv1.2, tlsv1.2]   | server.tls.protocols: lists a version twice",
        "clientAuth: yes                 | server.tls.clientAuth: 'true' is not one of none, optional, require",
        "clientAuth: always              | server.tls.clientAuth: 'always' is not one of none, optional, require",
        "provider: boringssl             | server.tls.provider: 'boringssl' is not one of auto, openssl, jdk",
        "reloadCheckInterval: 0          | server.tls.reloadCheckInterval: must be greater than 0",
    })
    void badValues_areRefused_namingTheKey(String setting, String message) {
        assertRefused(tlsOn() + "\n    " + setting, message);
    }

    @Test
    void missingFiles_areRefused_namingTheKey() {
        Path missing = dir.resolve("nowhere.pem");
        assertRefused("server:\n  tls:\n    certificateFile: " + missing + "\n    privateKeyFile: " + key,
                "server.tls.certificateFile: '" + missing + "' is not a readable file");
        assertRefused("backend:\n  tls:\n    caFile: " + missing, "backend.tls.caFile: '" + missing
                + "' is not a readable file");
    }

    @Test
    void anEnvironmentVariable_thatTurnsOnClientAuth_alone_isNamedInTheError() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_TLS_CLIENT_AUTH", "require")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.tls.clientAuth: is set but TLS is off")
                .hasMessageContaining("[set by SCIM_ROUTER_SERVER_TLS_CLIENT_AUTH]");
    }

    @Test
    void theKeys_areDeclaredInTheOrderOfTheRecords() {
        List<String> tlsKeys = ConfigKeys.under("server.tls").stream().map(ConfigKey::path).toList();

        assertThat(tlsKeys).containsExactly("server.tls.certificateFile", "server.tls.privateKeyFile",
                "server.tls.protocols", "server.tls.clientAuth", "server.tls.clientCaFile", "server.tls.provider",
                "server.tls.reloadCheckInterval");
    }

    private String tlsOn() {
        return "server:\n  tls:\n    certificateFile: " + cert + "\n    privateKeyFile: " + key;
    }

    private RouterConfig load(String yaml) {
        return ConfigLoader.load(ConfigFixtures.write(dir, yaml), Map.of());
    }

    private void assertRefused(String yaml, String messageStart) {
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(messageStart);
    }
}
