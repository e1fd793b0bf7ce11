package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every validation rule: the message starts with the key and says what is wrong. */
class ConfigValidationTest {
    @TempDir
    Path dir;

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                // ports
                arguments("server:\n  port: 70000", "server.port: '70000' is out of range 0..65535"),
                arguments("server:\n  port: -1", "server.port: '-1' is out of range 0..65535"),
                arguments("admin:\n  port: -2", "admin.port: '-2' is out of range -1..65535"),
                arguments("admin:\n  readiness:\n    backendFailures: 0",
                        "admin.readiness.backendFailures: '0' is out of range 1..1000"),
                arguments("admin:\n  tokenEnv: 'not a name'", "admin.tokenEnv: must be the NAME"),
                arguments("server:\n  drain:\n    timeout: 0s", "server.drain.timeout: must be greater than 0"),
                arguments("server:\n  drain:\n    delay: soon", "server.drain.delay: 'soon' is not a duration"),
                arguments("metrics:\n  maxTenants: 0", "metrics.maxTenants: '0' is out of range 1..10000"),
                arguments("log:\n  access:\n    format: xml", "log.access.format: 'xml' is not one of json, text, off"),
                arguments("log:\n  level: loud", "log.level: 'loud' is not one of error, warn, info, debug, trace"),
                arguments("admin:\n  port: 8080", "admin.port: 8080 is already server.port"),
                arguments("server:\n  port: 'http'", "server.port: 'http' is not a whole number"),
                // hosts
                arguments("server:\n  host: ''", "server.host: must not be empty"),
                arguments("admin:\n  host: http://admin", "admin.host: 'http://admin' is not a host name"),
                // origins
                arguments("server:\n  publicUrl: https://scim.example.com/scim",
                        "server.publicUrl: 'https://scim.example.com/scim' must not have a path (/scim)"),
                arguments("server:\n  publicUrl: scim.example.com",
                        "server.publicUrl: 'scim.example.com' must be an absolute http:// or https:// URL"),
                arguments("server:\n  publicUrl: ftp://scim.example.com", "server.publicUrl: 'ftp://scim.example.com'"
                        + " must be an absolute http:// or https:// URL"),
                arguments("backend:\n  url: http://legacy/scim/v2", "backend.url: 'http://legacy/scim/v2' must not "
                        + "have a path (/scim/v2): the router forwards the client's path unchanged"),
                arguments("backend:\n  url: http://legacy?a=1", "backend.url: 'http://legacy?a=1' must not have a "
                        + "query or fragment"),
                arguments("backend:\n  url: 'http://legacy#top'", "backend.url: 'http://legacy#top' must not have a "
                        + "query or fragment"),
                arguments("backend:\n  url: 'http://le gacy'", "backend.url: 'http://le gacy' is not a valid URL"),
                arguments("backend:\n  tenantAwareUrl: 'http://under_score'", "backend.tenantAwareUrl: "
                        + "'http://under_score' has no valid host"),
                arguments("rewrite:\n  backendBaseUrls: [https://ok.example.com, https://a.example.com/x]",
                        "rewrite.backendBaseUrls[1]: 'https://a.example.com/x' must not have a path"),
                // durations
                arguments("backend:\n  connectTimeout: 5x",
                        "backend.connectTimeout: '5x' is not a duration (write 250ms, 30s or 5m)"),
                arguments("backend:\n  responseTimeout: 0", "backend.responseTimeout: must be greater than 0"),
                arguments("backend:\n  idleTimeout: 0s", "backend.idleTimeout: must be greater than 0"),
                arguments("server:\n  clientIdleTimeout: 30", "server.clientIdleTimeout: '30' is not a duration"),
                arguments("tenants:\n  cache:\n    ttl: 0", "tenants.cache.ttl: must be greater than 0"),
                arguments("tenants:\n  cache:\n    maxStale: [1s]", "tenants.cache.maxStale: '[1s]' is not a duration"),
                // sizes and counts
                arguments("server:\n  maxRequestBodyBytes: 0", "server.maxRequestBodyBytes: '0' is out of range 1.."),
                arguments("server:\n  maxHeaderBytes: 10XB", "server.maxHeaderBytes: '10XB' is not a size"),
                arguments("server:\n  maxInitialLineLength: 4GiB", "server.maxInitialLineLength: '4GiB' is out of "
                        + "range 1..2147483647"),
                arguments("server:\n  requestBuffer:\n    maxBytes: 2MiB\n    totalBytes: 1MiB",
                        "server.requestBuffer.totalBytes: 1048576 is below server.requestBuffer.maxBytes (2097152)"),
                arguments("server:\n  requestBuffer:\n    maxBytes: -1",
                        "server.requestBuffer.maxBytes: '-1' is not a size"),
                arguments("server:\n  requestBodyTimeout: 0", "server.requestBodyTimeout: must be greater than 0"),
                // trusted proxies
                arguments("server:\n  trustedProxies: [10.0.0.0/8, 10.1.2]",
                        "server.trustedProxies[1]: '10.1.2' is not an IPv4 or IPv6 address"),
                arguments("server:\n  trustedProxies: [10.0.0.1/8]", "server.trustedProxies[0]: '10.0.0.1/8' has "
                        + "address bits set below the /8 prefix (write 10.0.0.0/8)"),
                arguments("server:\n  trustedProxies: ['::1/129']", "server.trustedProxies[0]: '::1/129' has a "
                        + "prefix length over 128"),
                arguments("server:\n  trustedProxies: [proxy.internal]", "server.trustedProxies[0]: "
                        + "'proxy.internal' is not an IPv4 or IPv6 address"),
                arguments("server:\n  workerThreads: -1", "server.workerThreads: '-1' is out of range 0..1024"),
                arguments("backend:\n  maxConnectionsPerLoop: 0", "backend.maxConnectionsPerLoop: '0' is out of range"),
                arguments("rewrite:\n  maxStringLength: 0", "rewrite.maxStringLength: '0' is out of range"),
                arguments("rewrite:\n  maxNestingDepth: 0", "rewrite.maxNestingDepth: '0' is out of range"),
                arguments("tenants:\n  unknown:\n    verifyPath: Users?count=0",
                        "tenants.unknown.verifyPath: 'Users?count=0' must start with / or {basePath}"),
                arguments("tenants:\n  unknown:\n    verifyPath: '{basePath}/{tenant}/Users'",
                        "tenants.unknown.verifyPath: '{basePath}/{tenant}/Users' may only use {basePath}"),
                arguments("tenants:\n  unknown:\n    verifyPath: '/scim/v2/p 1/Users'",
                        "tenants.unknown.verifyPath: '/scim/v2/p 1/Users' may only use"),
                arguments("tenants:\n  unknown:\n    verdictTtl: 0",
                        "tenants.unknown.verdictTtl: must be greater than 0"),
                arguments("limits:\n  rate:\n    perTenant:\n      requestsPerSecond: -1",
                        "limits.rate.perTenant.requestsPerSecond: '-1' is out of range 0..1000000"),
                arguments("limits:\n  concurrency:\n    perTenant: lots",
                        "limits.concurrency.perTenant: 'lots' is not a whole number"),
                arguments("limits:\n  upstream:\n    queueTimeout: 0",
                        "limits.upstream.queueTimeout: must be greater than 0"),
                arguments("limits:\n  upstream:\n    maxInFlght: 3",
                        "limits.upstream.maxInFlght: unknown key (did you mean limits.upstream.maxInFlight?)"),
                arguments("tenants:\n  cache:\n    maxSize: 0", "tenants.cache.maxSize: '0' is out of range"),
                arguments("backend:\n  preserveHost: maybe", "backend.preserveHost: 'maybe' is not a boolean"),
                // routing
                arguments("routing:\n  basePath: scim/v2", "routing.basePath: 'scim/v2' must start with /"),
                arguments("routing:\n  basePath: /scim/v2/", "routing.basePath: '/scim/v2/' must not end with /"),
                arguments("routing:\n  basePath: /scim//v2", "routing.basePath: '/scim//v2' has an empty, dot"),
                arguments("routing:\n  basePath: /scim/../v2", "routing.basePath: '/scim/../v2' has an empty, dot"),
                arguments("routing:\n  basePath: /scim%2Fv2", "routing.basePath: '/scim%2Fv2' has an empty, dot"),
                arguments("routing:\n  tenantHeader: X Tenant", "routing.tenantHeader: 'X Tenant' is not a valid "
                        + "HTTP header name"),
                arguments("routing:\n  tenantHeader: authorization", "routing.tenantHeader: 'authorization' is a "
                        + "header the router forwards or sets itself"),
                arguments("routing:\n  tenantPattern: '[a-z'", "routing.tenantPattern: '[a-z' is not a valid "
                        + "regular expression"),
                arguments("routing:\n  defaultTenant: 'not valid!'", "routing.defaultTenant: 'not valid!' does not "
                        + "match routing.tenantPattern [A-Za-z0-9_-]{1,64}"),
                arguments("routing:\n  tenantPattern: '[A-Z]+'", "routing.defaultTenant: 'default' does not match "
                        + "routing.tenantPattern [A-Z]+"),
                arguments("routing:\n  endpoints: []", "routing.endpoints: must list at least one endpoint"),
                arguments("routing:\n  endpoints: [Users/x]", "routing.endpoints: 'Users/x' is not a single plain "
                        + "path segment"),
                arguments("routing:\n  endpoints: [Users, users]", "routing.endpoints: 'users' is listed twice"),
                arguments("routing:\n  endpoints: [Users, '']", "routing.endpoints: item 1 is empty"),
                // static tenants
                arguments("tenants:\n  static: {project: p1}", "tenants.static: must be a list"),
                arguments("tenants:\n  static: [p1]", "tenants.static[0]: must be a mapping"),
                arguments("tenants:\n  static: [{project: p1, environment: e1, tenants: [a b]}]",
                        "tenants.static[0].tenants[0]: 'a b' does not match routing.tenantPattern"),
                arguments("tenants:\n  static: [{project: p1, environment: e1, tenants: [ok, USERS]}]",
                        "tenants.static[0].tenants[1]: 'USERS' is reserved: it names the endpoint Users"),
                arguments("tenants:\n  static: [{project: p1, environment: e1, tenants: [.search]}]",
                        "tenants.static[0].tenants[0]: '.search' does not match"),
                arguments("routing:\n  tenantPattern: '[.a-z]+'\n"
                                + "tenants:\n  static: [{project: p1, environment: e1, tenants: [.SEARCH]}]",
                        "tenants.static[0].tenants[0]: '.SEARCH' does not match"),
                arguments("tenants:\n  static: [{project: p1, environment: e1, tenants: [acme, acme]}]",
                        "tenants.static[0].tenants[1]: 'acme' is listed twice"),
                arguments("tenants:\n  static: [{project: p1, environment: e1, tenants: [no]}]",
                        "tenants.static[0].tenants[0]: 'false' must be text; put it in quotes"),
                arguments("tenants:\n  static: [{project: p1, environment: e1, tenants: acme}]",
                        "tenants.static[0].tenants: must be a list of tenant keys"),
                arguments("tenants:\n  static: [{project: '', environment: e1, tenants: []}]",
                        "tenants.static[0].project: must not be empty"),
                arguments("tenants:\n  static: [{project: p/1, environment: e1, tenants: []}]",
                        "tenants.static[0].project: 'p/1' must be a single plain path segment"),
                arguments("tenants:\n  static: [{project: p1, tenants: []}]",
                        "tenants.static[0].environment: is required"),
                arguments("tenants:\n  static: [{project: p1, environment: .., tenants: []}]",
                        "tenants.static[0].environment: '..' must be a single plain path segment"),
                arguments("tenants:\n  static: [{projct: p1, environment: e1, tenants: []}]",
                        "tenants.static[0].projct: unknown key (known: project, environment, tenants)"),
                arguments("tenants:\n  static:\n    - {project: p1, environment: e1, tenants: [a]}\n"
                        + "    - {project: p1, environment: e1, tenants: [b]}",
                        "tenants.static[1]: p1/e1 is listed twice"),
                // tenant directory
                arguments("tenants:\n  static: []\n  http:\n    url: https://d.example.com/{tenant}",
                        "tenants.http: cannot be combined with tenants.static or tenants.file"),
                arguments("tenants:\n  http:\n    timeout: 1s", "tenants.http.url: is required when tenants.http is "
                        + "configured"),
                arguments("tenants:\n  http:\n    url: https://d.example.com/{project}/{environment}",
                        "tenants.http.url: 'https://d.example.com/{project}/{environment}' must contain the "
                        + "placeholder {tenant}"),
                arguments("tenants:\n  http:\n    url: https://d.example.com/{tenant}/{tenat}",
                        "tenants.http.url: unknown placeholder {tenat}"),
                arguments("tenants:\n  http:\n    url: ftp://d.example.com/{tenant}",
                        "tenants.http.url: 'ftp://d.example.com/{tenant}' must be an absolute http:// or https:// URL"),
                arguments("tenants:\n  http:\n    url: https://d.example.com/{tenant}\n    timeout: 0",
                        "tenants.http.timeout: must be greater than 0"),
                arguments("tenants:\n  http:\n    url: https://d.example.com/{tenant}\n    credentialEnv: NOT_SET_HERE",
                        "tenants.http.credentialEnv: the environment variable NOT_SET_HERE is not set"),
                arguments("tenants:\n  file: /no/such/tenants.yaml",
                        "tenants.file: '/no/such/tenants.yaml' is not a readable file"),
                // rollout
                arguments("rollout:\n  tenantAware:\n    allow: [p1]",
                        "rollout.tenantAware.allow: 'p1' is not a rule (write *, project/*, */environment or "
                        + "project/environment)"),
                arguments("rollout:\n  tenantAware:\n    deny: ['*/e*']",
                        "rollout.tenantAware.deny: '*/e*' is not a rule"),
                arguments("rollout:\n  tenantAware:\n    deny: [p1/e1/x]",
                        "rollout.tenantAware.deny: 'p1/e1/x' is not a rule"),
                arguments("rollout:\n  tenantAware:\n    allow: [p1/]",
                        "rollout.tenantAware.allow: 'p1/' is not a rule"),
                // structure
                arguments("backend:\n  ulr: http://legacy", "backend.ulr: unknown key (did you mean backend.url?)"),
                arguments("sever:\n  port: 1", "sever: unknown key (did you mean server?)"),
                arguments("tenants:\n  cache:\n    maxStal: 1h",
                        "tenants.cache.maxStal: unknown key (did you mean tenants.cache.maxStale?)"),
                arguments("logging:\n  level: debug", "logging: unknown key (known at the top level: server, "
                        + "backend, routing, tenants, rollout, rewrite, limits, admin, metrics, log)"),
                arguments("server: 8080", "server: must be a section with the keys host, port, publicUrl"),
                arguments("tenants:\n  http: https://d.example.com/{tenant}", "tenants.http: must be a section"),
                arguments("routing:\n  endpoints: {a: b}", "routing.endpoints: must be a list"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidConfigurations")
    void invalidConfiguration_isRejected_withAMessageThatNamesTheKey(String yaml, String expectedStart) {
        Path file = ConfigFixtures.write(dir, yaml + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expectedStart);
    }

    @Test
    void userInfo_isNeverEchoed() {
        Path file = ConfigFixtures.write(dir, "backend:\n  url: https://admin:hunter2@legacy.example.com\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("backend.url: must not carry user info (credentials do not belong in a URL)");
    }

    @Test
    void credentialPastedIntoCredentialEnv_isNeverEchoed() {
        Path file = ConfigFixtures.write(dir, "tenants:\n  http:\n    url: https://d.example.com/{tenant}\n"
                + "    credentialEnv: 'eyJhbGciOi.secret-token'\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("tenants.http.credentialEnv: must be the NAME of an environment variable")
                .hasMessageNotContaining("secret-token");
    }

    @Test
    void unparsableUrl_withUserInfo_isRedacted() {
        Path file = ConfigFixtures.write(dir, "server:\n  publicUrl: 'https://admin:hunter2@bad host'\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("server.publicUrl: 'https://***@bad host' is not a valid URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void origins_areNormalisedWithoutTrailingSlash() {
        Path file = ConfigFixtures.write(dir, "server:\n  publicUrl: HTTPS://scim.example.com:8443/\n"
                + "backend:\n  url: http://legacy:8080\n");

        RouterConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.server().publicUrl()).isEqualTo(URI.create("https://scim.example.com:8443"));
        assertThat(config.backend().url()).isEqualTo(URI.create("http://legacy:8080"));
    }

    @Test
    void zeroDurations_areAllowed_whereZeroSwitchesSomethingOff() {
        Path file = ConfigFixtures.write(dir, "tenants:\n  cache:\n    maxStale: 0\n    negativeTtl: 0ms\n");

        RouterConfig.Tenants.Cache cache = ConfigLoader.load(file, Map.of()).tenants().cache();

        assertThat(cache.maxStale()).isEqualTo(Duration.ZERO);
        assertThat(cache.negativeTtl()).isEqualTo(Duration.ZERO);
    }

    @Test
    void tenantKeys_followACustomPattern_andCustomEndpointsAreReserved() {
        Path file = ConfigFixtures.write(dir, """
                routing:
                  tenantPattern: '[a-z]{3,10}'
                  defaultTenant: shared
                  endpoints: [Users, Groups, Devices]
                tenants:
                  static: [{project: p1, environment: e1, tenants: [acme, devices]}]
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("tenants.static[0].tenants[1]: 'devices' is reserved: it names the endpoint "
                        + "Devices");
    }

    @Test
    void httpDirectory_withEverything_loads() {
        Path file = ConfigFixtures.write(dir, """
                backend:
                  url: https://legacy.example.com
                tenants:
                  http:
                    url: https://d.example.com/t/{project}/{environment}/{tenant}?view=min
                    timeout: 750ms
                    credentialEnv: DIRECTORY_TOKEN
                    forwardCallerAuthorization: true
                """);

        RouterConfig.Tenants tenants = ConfigLoader.load(file, Map.of("DIRECTORY_TOKEN", "x")).tenants();

        assertThat(tenants.http()).isEqualTo(new RouterConfig.Tenants.Http(
                "https://d.example.com/t/{project}/{environment}/{tenant}?view=min", Duration.ofMillis(750),
                "DIRECTORY_TOKEN", true));
        assertThat(tenants.staticTenants()).isEmpty();
    }

    @Test
    void httpDirectory_withTenantsFile_isRejected() throws Exception {
        Path tenantsFile = Files.writeString(dir.resolve("tenants.yaml"), "[]\n");
        Path file = ConfigFixtures.write(dir, "tenants:\n  file: " + tenantsFile + "\n"
                + "  http:\n    url: https://d.example.com/{tenant}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("tenants.http: cannot be combined with tenants.static or tenants.file");
    }

    @Test
    void tenantsFile_thatExists_isTaken_andReplacesTheDemoDefault() throws Exception {
        Path tenantsFile = Files.writeString(dir.resolve("tenants.yaml"), "[]\n");
        Path file = ConfigFixtures.write(dir, "tenants:\n  file: " + tenantsFile + "\n");

        RouterConfig.Tenants tenants = ConfigLoader.load(file, Map.of()).tenants();

        assertThat(tenants.file()).isEqualTo(tenantsFile);
        assertThat(tenants.staticTenants()).isEmpty();
    }

    @Test
    void accessLogOff_unquoted_isTheWordNotABoolean() {
        Path file = ConfigFixtures.write(dir, "log:\n  access:\n    format: off\n");

        assertThat(ConfigLoader.load(file, Map.of()).log().access().format())
                .isEqualTo(RouterConfig.AccessLogFormat.OFF);
    }

    @Test
    void adminPort_mayEqualServerPort_onDifferentHosts() {
        Path file = ConfigFixtures.write(dir, "server:\n  host: 10.0.0.5\nadmin:\n  host: 127.0.0.1\n  port: 8080\n");

        assertThat(ConfigLoader.load(file, Map.of()).admin().port()).isEqualTo(8080);
    }

    @Test
    void adminPort_clashesWithServerPort_whenEitherBindsAllInterfaces() {
        Path file = ConfigFixtures.write(dir, "server:\n  host: 0.0.0.0\nadmin:\n  port: 8080\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("admin.port: 8080 is already server.port");
    }

    @Test
    void nullValues_meanTheDefault() {
        Path file = ConfigFixtures.write(dir, "server:\n  port: ~\n  publicUrl:\nbackend:\n");

        RouterConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().publicUrl()).isNull();
    }
}
