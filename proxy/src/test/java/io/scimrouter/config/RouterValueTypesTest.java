package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static io.scimrouter.config.ValueTypeTest.read;
import static io.scimrouter.config.ValueTypeTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each of the router's value types called directly (ConfigKeys builds them only while its constants initialise):
 * a good value read, a bad one refused with the exact message.
 */
class RouterValueTypesTest {

    @Test
    void bindHost() {
        assertThat(read(RouterValueTypes.bindHost(), " 127.0.0.1 ")).isEqualTo("127.0.0.1");
        assertThat(read(RouterValueTypes.bindHost(), "::")).isEqualTo("::");
        assertThat(refusal(RouterValueTypes.bindHost(), "  "))
                .isEqualTo("k: must not be empty (write a host name or IP address, e.g. 127.0.0.1)");
        assertThat(refusal(RouterValueTypes.bindHost(), "http://h"))
                .isEqualTo("k: 'http://h' is not a host name or IP address (no scheme, path or port)");
    }

    @Test
    void origin() {
        assertThat(read(RouterValueTypes.origin("why"), "HTTPS://h.example:8443/"))
                .isEqualTo(URI.create("https://h.example:8443"));
        assertThat(refusal(RouterValueTypes.origin("why"), "https://h/p"))
                .isEqualTo("k: 'https://h/p' must not have a path (/p): why; write only scheme, host and optional "
                        + "port");
    }

    @Test
    void origins() {
        assertThat(read(RouterValueTypes.origins("why"), List.of("https://a", "http://b:81")))
                .containsExactly(URI.create("https://a"), URI.create("http://b:81"));
        assertThat(refusal(RouterValueTypes.origins("why"), List.of("https://a", "https://b/x")))
                .isEqualTo("k[1]: 'https://b/x' must not have a path (/x): why; write only scheme, host and optional "
                        + "port");
        assertThat(refusal(RouterValueTypes.origins("why"), "ftp://a"))
                .isEqualTo("k[0]: 'ftp://a' must be an absolute http:// or https:// URL");
    }

    @Test
    void cidrs() {
        assertThat(read(RouterValueTypes.cidrs(), List.of("10.0.0.0/8", "::1")))
                .containsExactly(CidrBlock.parse("10.0.0.0/8").orElseThrow(), CidrBlock.parse("::1").orElseThrow());
        assertThat(refusal(RouterValueTypes.cidrs(), "10.0.0.0/8,10.0.0.1/8"))
                .isEqualTo("k[1]: '10.0.0.1/8' has address bits set below the /8 prefix (write 10.0.0.0/8)");
    }

    @Test
    void basePath() {
        assertThat(read(RouterValueTypes.basePath(), "/scim/v2")).isEqualTo("/scim/v2");
        assertThat(refusal(RouterValueTypes.basePath(), "scim")).isEqualTo("k: 'scim' must start with /");
        assertThat(refusal(RouterValueTypes.basePath(), "/scim/"))
                .isEqualTo("k: '/scim/' must not end with / (write /scim/v2)");
        assertThat(refusal(RouterValueTypes.basePath(), "/a//b"))
                .isEqualTo("k: '/a//b' has an empty, dot or non-plain segment ''");
        assertThat(refusal(RouterValueTypes.basePath(), "/a/../b"))
                .isEqualTo("k: '/a/../b' has an empty, dot or non-plain segment '..'");
    }

    @Test
    void tenantHeader() {
        assertThat(read(RouterValueTypes.tenantHeader(), "X-Tenant")).isEqualTo("X-Tenant");
        assertThat(refusal(RouterValueTypes.tenantHeader(), "X Tenant"))
                .isEqualTo("k: 'X Tenant' is not a valid HTTP header name");
        assertThat(refusal(RouterValueTypes.tenantHeader(), "X-Forwarded-For"))
                .isEqualTo("k: 'X-Forwarded-For' is a header the router forwards or sets itself");
    }

    @Test
    void pattern() {
        Pattern pattern = read(RouterValueTypes.pattern(), "[a-z]+");
        assertThat(pattern.pattern()).isEqualTo("[a-z]+");
        assertThat(refusal(RouterValueTypes.pattern(), "[a-"))
                .startsWith("k: '[a-' is not a valid regular expression: ");
    }

    @Test
    void endpoints() {
        assertThat(read(RouterValueTypes.endpoints("Users, Groups"), "Users,Groups"))
                .containsExactly("Users", "Groups");
        assertThat(refusal(RouterValueTypes.endpoints("Users, Groups"), ""))
                .isEqualTo("k: must list at least one endpoint (default: Users, Groups)");
        assertThat(refusal(RouterValueTypes.endpoints("Users"), "a/b"))
                .isEqualTo("k: 'a/b' is not a single plain path segment");
        assertThat(refusal(RouterValueTypes.endpoints("Users"), "Users,users"))
                .isEqualTo("k: 'users' is listed twice (endpoints compare without regard to letter case)");
    }

    @Test
    void rolloutRules_acceptEveryForm() {
        assertThat(read(RouterValueTypes.rolloutRules(), List.of("*", "p/*", "*/e", "p/e", "*/*")))
                .containsExactly("*", "p/*", "*/e", "p/e", "*/*");
        assertThat(read(RouterValueTypes.rolloutRules(), "*")).containsExactly("*");
        assertThat(read(RouterValueTypes.rolloutRules(), "")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"p", "**", "p/e/x", "p*/e", "p/e*", "/e", "p/", "./e", "p/..", "p e/x"})
    void rolloutRules_refuseAnythingElse(String rule) {
        assertThat(refusal(RouterValueTypes.rolloutRules(), List.of(rule))).isEqualTo("k: " + Syntax.quote(rule)
                + " is not a rule (write *, project/*, */environment or project/environment)");
    }

    @Test
    void readableFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tenants.yaml"), "x");
        assertThat(read(RouterValueTypes.readableFile(), " " + file + " ")).isEqualTo(file);
        Path missing = dir.resolve("missing.yaml");
        assertThat(refusal(RouterValueTypes.readableFile(), missing.toString()))
                .isEqualTo("k: '" + missing + "' is not a readable file");
        assertThat(refusal(RouterValueTypes.readableFile(), dir.toString()))
                .isEqualTo("k: '" + dir + "' is not a readable file");
        assertThat(refusal(RouterValueTypes.readableFile(), "a\u0000b"))
                .isEqualTo("k: 'a\\u0000b' is not a valid path");
    }

    @Test
    void tlsProtocols() {
        assertThat(read(RouterValueTypes.tlsProtocols(), List.of("tlsv1.3", "TLSV1.2")))
                .containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(refusal(RouterValueTypes.tlsProtocols(), "TLSv1.3,TLSv1.1"))
                .isEqualTo("k[1]: 'TLSv1.1' is not a TLS version the router offers (TLSv1.3, TLSv1.2; older "
                        + "versions are insecure)");
        assertThat(refusal(RouterValueTypes.tlsProtocols(), ""))
                .isEqualTo("k: must list at least one of TLSv1.3, TLSv1.2");
        assertThat(refusal(RouterValueTypes.tlsProtocols(), "TLSv1.2,tlsv1.2")).isEqualTo("k: lists a version twice");
    }

    @Test
    void urlTemplate() {
        String template = "https://dir.example.com/{project}/{environment}/{tenant}";
        assertThat(read(RouterValueTypes.urlTemplate(), template)).isEqualTo(template);
        assertThat(refusal(RouterValueTypes.urlTemplate(), "https://dir.example.com/{project}"))
                .isEqualTo("k: 'https://dir.example.com/{project}' must contain the placeholder {tenant}");
        assertThat(refusal(RouterValueTypes.urlTemplate(), "https://d/{tenant}/{user}"))
                .isEqualTo("k: unknown placeholder {user} (use {project}, {environment}, {tenant})");
    }

    @Test
    void environmentVariableName() {
        assertThat(read(RouterValueTypes.environmentVariableName(), "MY_TOKEN")).isEqualTo("MY_TOKEN");
        assertThat(refusal(RouterValueTypes.environmentVariableName(), "s3cr3t value!"))
                .isEqualTo("k: must be the NAME of an environment variable that holds the credential (letters, "
                        + "digits, _), never the credential itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{basePath}/{project}/{environment}/Users?count=0", "/", "/a!~", "/p/{project}",
        "/x?a=b&c=%20"})
    void verifyPath_accepts(String template) {
        assertThat(read(RouterValueTypes.verifyPath(), template)).isEqualTo(template);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a b", "/a\u001f", "/a\u007f", "/a\u0080", "/a#b", "/{tenant}", "/a{", "/a}", "/a\"",
        "/a\\b", "/a\u00e9"})
    void verifyPath_refusesCharactersARequestTargetCannotCarry(String template) {
        assertThat(refusal(RouterValueTypes.verifyPath(), template)).isEqualTo("k: " + Syntax.quote(template)
                + " may only use {basePath}, {project}, {environment} and the characters of a request target (no "
                + "spaces, no #)");
    }

    @Test
    void verifyPath_mustStartWithSlashOrBasePath() {
        assertThat(refusal(RouterValueTypes.verifyPath(), "Users"))
                .isEqualTo("k: 'Users' must start with / or {basePath}");
        assertThat(refusal(RouterValueTypes.verifyPath(), "{project}/Users"))
                .isEqualTo("k: '{project}/Users' must start with / or {basePath}");
    }
}
