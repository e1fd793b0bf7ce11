package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every bounded key at its smallest and largest accepted value and one past each, through the public entry point
 * (environment overrides, so each case is one variable), with the exact message.
 */
class ConfigBoundaryTest {

    private static RouterConfig load(String key, String value) {
        return ConfigLoader.load(null, Map.of(ConfigKeys.envName(key), value));
    }

    private static final Map<String, Function<RouterConfig, Object>> READ = Map.ofEntries(
            Map.entry("server.port", c -> (long) c.server().port()),
            Map.entry("server.workerThreads", c -> (long) c.server().workerThreads()),
            Map.entry("server.maxRequestBodyBytes", c -> c.server().maxRequestBodyBytes()),
            Map.entry("server.maxHeaderBytes", c -> (long) c.server().maxHeaderBytes()),
            Map.entry("server.maxInitialLineLength", c -> (long) c.server().maxInitialLineLength()),
            Map.entry("backend.maxConnectionsPerLoop", c -> (long) c.backend().maxConnectionsPerLoop()),
            Map.entry("rewrite.maxStringLength", c -> (long) c.rewrite().maxStringLength()),
            Map.entry("rewrite.maxNestingDepth", c -> (long) c.rewrite().maxNestingDepth()),
            Map.entry("admin.port", c -> (long) c.admin().port()),
            Map.entry("tenants.cache.maxSize", c -> c.tenants().cache().maxSize()));

    @ParameterizedTest(name = "{0}: {1}..{2}")
    @CsvSource({
        "server.port,                   0,  65535",
        "server.workerThreads,          0,  1024",
        "server.maxRequestBodyBytes,    1,  9223372036854775807",
        "server.maxHeaderBytes,         1,  2147483647",
        "server.maxInitialLineLength,   1,  2147483647",
        "backend.maxConnectionsPerLoop, 1,  100000",
        "rewrite.maxStringLength,       1,  2147483647",
        "rewrite.maxNestingDepth,       1,  10000",
        "admin.port,                   -1,  65535",
        "tenants.cache.maxSize,         1,  9223372036854775807",
    })
    void boundedKeys_acceptBothEnds_andRefuseOnePast(String key, long min, long max) {
        String variable = ConfigKeys.envName(key);
        Function<RouterConfig, Object> read = READ.get(key);
        assertThat(read.apply(load(key, Long.toString(min)))).isEqualTo(min);
        if (max < Long.MAX_VALUE) { // nineteen digits are more than a configuration number may have
            assertThat(read.apply(load(key, Long.toString(max)))).isEqualTo(max);
        }
        assertThatThrownBy(() -> load(key, Long.toString(min - 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(key + ": '" + (min - 1) + "' is out of range " + min + ".." + max
                        + " [set by " + variable + "]");
        if (max < Long.MAX_VALUE) {
            assertThatThrownBy(() -> load(key, Long.toString(max + 1)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(key + ": '" + (max + 1) + "' is out of range " + min + ".." + max
                            + " [set by " + variable + "]");
        }
    }

    @Test
    void portsAtTheirEnds_whereTheyCannotClash() {
        RouterConfig config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "65535",
                "SCIM_ROUTER_ADMIN_PORT", "0"));
        assertThat(config.server().port()).isEqualTo(65535);
        assertThat(config.admin().port()).isZero();
        config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "65535"));
        assertThat(config.server().port()).isZero();
        assertThat(config.admin().port()).isEqualTo(65535);
        // 0 means any free port on both, so they never clash
        config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "0"));
        assertThat(config.admin().port()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1 | 127.0.0.1 | 9000 | admin.port: 9000 is already server.port",
        "0.0.0.0   | 127.0.0.1 | 9000 | admin.port: 9000 is already server.port",
        "127.0.0.1 | ::        | 9000 | admin.port: 9000 is already server.port",
        "[::]      | 10.0.0.1  | 9000 | admin.port: 9000 is already server.port",
    })
    void theAdminPortMayNotBeTheServerPort_onTheSameOrAWildcardAddress(String serverHost, String adminHost,
                                                                       String port, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_HOST", serverHost,
                "SCIM_ROUTER_ADMIN_HOST", adminHost, "SCIM_ROUTER_SERVER_PORT", port, "SCIM_ROUTER_ADMIN_PORT", port)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message + "; choose another port, 0 for any free port or -1 to disable the admin listener"
                        + " [set by SCIM_ROUTER_ADMIN_PORT]");
    }

    @Test
    void theSamePortOnTwoDifferentAddresses_isFine() {
        RouterConfig config = ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_HOST", "127.0.0.1",
                "SCIM_ROUTER_ADMIN_HOST", "127.0.0.2", "SCIM_ROUTER_SERVER_PORT", "9000",
                "SCIM_ROUTER_ADMIN_PORT", "9000"));
        assertThat(config.admin().port()).isEqualTo(9000);
        assertThat(config.admin().host()).isEqualTo("127.0.0.2");
    }

    @ParameterizedTest
    @CsvSource({
        "tenants.cache.maxStale,    true",
        "tenants.cache.negativeTtl, true",
        "tenants.cache.ttl,         false",
        "backend.connectTimeout,    false",
        "backend.responseTimeout,   false",
        "backend.idleTimeout,       false",
        "server.clientIdleTimeout,  false",
        "server.requestHeadTimeout, false",
        "tenants.http.timeout,      false",
    })
    void zeroDurations_onlyWhereZeroSwitchesSomethingOff_andOneMillisecondEverywhere(String key, boolean zero) {
        Map<String, String> base = key.startsWith("tenants.http")
                ? Map.of("SCIM_ROUTER_TENANTS_HTTP_URL", "https://dir.example/{tenant}") : Map.of();
        Map<String, String> env = new java.util.HashMap<>(base);
        env.put(ConfigKeys.envName(key), "1ms");
        assertThat(ConfigLoader.load(null, env)).isNotNull();
        env.put(ConfigKeys.envName(key), "0");
        if (zero) {
            assertThat(ConfigLoader.load(null, env)).isNotNull();
        } else {
            assertThatThrownBy(() -> ConfigLoader.load(null, env))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(key + ": must be greater than 0 (write 250ms, 30s or 5m) [set by "
                            + ConfigKeys.envName(key) + "]");
        }
    }

    @Test
    void durationsAndSizes_withEveryUnit_reachTheirRecords() {
        RouterConfig config = ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_BACKEND_CONNECT_TIMEOUT", "250ms",
                "SCIM_ROUTER_BACKEND_RESPONSE_TIMEOUT", "2 s",
                "SCIM_ROUTER_TENANTS_CACHE_TTL", "5m",
                "SCIM_ROUTER_TENANTS_CACHE_MAX_STALE", "1h",
                "SCIM_ROUTER_SERVER_MAX_REQUEST_BODY_BYTES", "2MB",
                "SCIM_ROUTER_SERVER_MAX_HEADER_BYTES", "8KiB",
                "SCIM_ROUTER_REWRITE_MAX_STRING_LENGTH", "1 MiB"));
        assertThat(config.backend().connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.backend().responseTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.tenants().cache().ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.tenants().cache().maxStale()).isEqualTo(Duration.ofHours(1));
        assertThat(config.server().maxRequestBodyBytes()).isEqualTo(2_000_000L);
        assertThat(config.server().maxHeaderBytes()).isEqualTo(8192);
        assertThat(config.rewrite().maxStringLength()).isEqualTo(1 << 20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true     | true",
        "TRUE     | true",
        "' True ' | true",
        "false    | false",
        "False    | false",
    })
    void flags_readTrueAndFalseInAnyCase(String text, boolean value) {
        assertThat(load("backend.preserveHost", text).backend().preserveHost()).isEqualTo(value);
        assertThat(load("rewrite.compressResponses", text).rewrite().compressResponses()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "yes | 'yes' is not a boolean (write true or false)",
        "1   | '1' is not a boolean (write true or false)",
        "tru | 'tru' is not a boolean (write true or false)",
    })
    void otherFlagWords_areRefused(String text, String problem) {
        assertThatThrownBy(() -> load("rewrite.enabled", text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rewrite.enabled: " + problem + " [set by SCIM_ROUTER_REWRITE_ENABLED]");
    }

    @Test
    void quotedValuesInMessages_escapeControlCharacters_andStopAfter120Characters() {
        assertThatThrownBy(() -> load("server.port", "8\u00010"))
                .hasMessage("server.port: '8\\u00010' is not a whole number [set by SCIM_ROUTER_SERVER_PORT]");
        String long120 = "x".repeat(120);
        assertThatThrownBy(() -> load("server.port", long120))
                .hasMessage("server.port: '" + long120 + "' is not a whole number [set by SCIM_ROUTER_SERVER_PORT]");
        assertThatThrownBy(() -> load("server.port", long120 + "yz"))
                .hasMessage("server.port: '" + long120 + "...' is not a whole number [set by SCIM_ROUTER_SERVER_PORT]");
    }

    @Test
    void wholeNumbers_ofEighteenDigits_areReadAndOfNineteenRefused() {
        assertThat(load("tenants.cache.maxSize", "999999999999999999").tenants().cache().maxSize())
                .isEqualTo(999_999_999_999_999_999L);
        assertThatThrownBy(() -> load("tenants.cache.maxSize", "9999999999999999999"))
                .hasMessage("tenants.cache.maxSize: '9999999999999999999' is not a whole number "
                        + "[set by SCIM_ROUTER_TENANTS_CACHE_MAX_SIZE]");
        assertThat(load("server.port", " 8081 ").server().port()).isEqualTo(8081);
    }

    @Test
    void lettersAndDigitsAtTheEndsOfTheirRanges_areFineInNamesAndHeaders() {
        RouterConfig config = ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_ROUTING_TENANT_HEADER", "X-azAZ09",
                "SCIM_ROUTER_ROUTING_ENDPOINTS", "Users,azAZ09",
                "SCIM_ROUTER_SERVER_HOST", "az.AZ.09"));
        assertThat(config.routing().tenantHeader()).isEqualTo("X-azAZ09");
        assertThat(config.routing().endpoints()).containsExactly("Users", "azAZ09");
        assertThat(config.server().host()).isEqualTo("az.AZ.09");
        for (String outside : new String[] {"X{", "X@", "X[", "X/", "X:"}) {
            assertThatThrownBy(() -> load("routing.tenantHeader", outside))
                    .hasMessage("routing.tenantHeader: '" + outside + "' is not a valid HTTP header name"
                            + " [set by SCIM_ROUTER_ROUTING_TENANT_HEADER]");
        }
    }

    @Test
    void anHttpDirectoryWithoutACredentialVariable_hasNone() {
        RouterConfig config = load("tenants.http.url", "https://dir.example/{tenant}");
        assertThat(config.tenants().http().credentialEnv()).isNull();
        assertThat(config.tenants().http().forwardCallerAuthorization()).isFalse();
    }
}
