package io.scimrouter.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of the URL grammar: every character RFC 3986 allows in a path segment, percent-escapes at the edges of
 * what is refused, and the exact detail of every rejection (a status alone would let one rule stand in for another).
 */
class RouteParserBoundaryTest {
    private static final List<String> ENDPOINTS = List.of("Users", "Groups", "Me", "Bulk", ".search",
            "ServiceProviderConfig", "ResourceTypes", "Schemas");
    private static final String TENANT_PATTERN = "[A-Za-z0-9_-]{1,64}";
    private final RouteParser parser =
            new RouteParser("/scim/v2", "default", Pattern.compile(TENANT_PATTERN), ENDPOINTS);

    private Route route(String target) {
        RouteDecision decision = parser.parse(target);
        assertThat(decision).as(target).isInstanceOf(Route.class);
        return (Route) decision;
    }

    private RouteRejection rejection(String target) {
        RouteDecision decision = parser.parse(target);
        assertThat(decision).as(target).isInstanceOf(RouteRejection.class);
        return (RouteRejection) decision;
    }

    /**
     * RFC 3986 pchar: unreserved, sub-delims, ':' and '@', and percent-escapes of anything else that is not refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789",
        "a-b.c_d~e",
        "!$&'()*+,;=",
        "user:name@example.com",
        "a%20b", "a%40b", "%7E%7e", "%41%5A%61%7A%30%39", "%80%FF%ff", "%C3%A9", "%21%2A%3A", "%2B%2b", "%25",
        "x%3Fy%23z",
        "...", "a.", ".a", "..a", "a..", "%2e%2e%2e", "%2E.%2e",
        "z", "Z", "a", "A", "0", "9",
    })
    void everyLegalPathCharacter_isAccepted_andForwardedAsSent(String segment) {
        for (String prefix : List.of("/scim/v2/p1/e1/Users/", "/scim/v2/p1/e1/v2/acme/Users/",
                "/scim/v2/p1/e1/v2/Users/")) {
            Route r = route(prefix + segment);
            assertThat(r.backendTarget()).isEqualTo("/scim/v2/p1/e1/Users/" + segment);
        }
        // also in the project and environment positions
        Route r = route("/scim/v2/" + segment + "/" + segment + "/Users");
        assertThat(r.project()).isEqualTo(segment);
        assertThat(r.environment()).isEqualTo(segment);
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/" + segment + "/" + segment + "/Users");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // malformed percent-escapes
        "/scim/v2/p1/e1/Users%zz           | Malformed percent-encoding in the path",
        "/scim/v2/p1/e1/Users%2            | Malformed percent-encoding in the path",
        "/scim/v2/p1/e1/Users%             | Malformed percent-encoding in the path",
        "/scim/v2/p1/e1/Users%g0           | Malformed percent-encoding in the path",
        "/scim/v2/p1/e1/Users%0g           | Malformed percent-encoding in the path",
        "/scim/v2/p1/e1/%2/Users           | Malformed percent-encoding in the path",
        "/scim/v2/p1/e1/%/Users            | Malformed percent-encoding in the path",
        // encoded separators
        "/scim/v2/p1/e1/Users%2F7          | Encoded '/' or '\\' in the path",
        "/scim/v2/p1/e1/Users%2f7          | Encoded '/' or '\\' in the path",
        "/scim/v2/p1/e1/Users%5C7          | Encoded '/' or '\\' in the path",
        "/scim/v2/p1/e1/Users%5c7          | Encoded '/' or '\\' in the path",
        // encoded control characters, at both ends of the range and DEL
        "/scim/v2/p1/e1/Users%00           | Encoded control character in the path",
        "/scim/v2/p1/e1/Users%0a           | Encoded control character in the path",
        "/scim/v2/p1/e1/Users%0D%0A        | Encoded control character in the path",
        "/scim/v2/p1/e1/Users%1F           | Encoded control character in the path",
        "/scim/v2/p1/e1/Users%1f           | Encoded control character in the path",
        "/scim/v2/p1/e1/Users%7F           | Encoded control character in the path",
        "/scim/v2/p1/e1/Users%7f           | Encoded control character in the path",
        // raw characters
        "`/scim/v2/p1/e1/Us\u001fers`      | Control character in the path",
        "`/scim/v2/p1/e1/Us\u007fers`      | Control character in the path",
        "`/scim/v2/p1/e1/Us\ters`          | Control character in the path",
        "/scim/v2/p1/e1/Users\\7           | Backslash in the path",
        "`/scim/v2/p1/e1/Us ers`           | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us\"ers            | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us<er>s            | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us`ers             | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us{ers             | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us[ers             | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us]ers             | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us^ers             | Character not allowed in a path: use percent-encoding",
        "`/scim/v2/p1/e1/Us|ers`           | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Us}ers             | Character not allowed in a path: use percent-encoding",
        "/scim/v2/p1/e1/Users#x            | Character not allowed in a path: use percent-encoding",
        "`/scim/v2/p1/e1/Us\u0080ers`      | Character not allowed in a path: use percent-encoding",
        "`/scim/v2/p1/e1/Us\u00e9ers`      | Character not allowed in a path: use percent-encoding",
        // segments
        "/scim/v2/p1/e1//Users             | Empty path segment",
        "/scim/v2//e1/Users                | Empty path segment",
        "//scim/v2/p1/e1/Users             | Empty path segment",
        "/scim/v2/p1/e1/./Users            | Dot segment in the path",
        "/scim/v2/p1/e1/../Users           | Dot segment in the path",
        "/scim/v2/p1/e1/Users/..           | Dot segment in the path",
        "/scim/v2/p1/e1/Users/.            | Dot segment in the path",
        "/./scim/v2/p1/e1/Users            | Dot segment in the path",
        "/scim/v2/p1/e1/%2e/Users          | Dot segment in the path",
        "/scim/v2/p1/e1/%2E%2e/Users       | Dot segment in the path",
        "/scim/v2/p1/e1/.%2E/Users         | Dot segment in the path",
        "/scim/v2/p1/e1/%2e./Users         | Dot segment in the path",
        "/scim/v2/p1/e1/Users/%2e          | Dot segment in the path",
        // the query: never decoded, refused only for control characters and a fragment
        "`/scim/v2/p1/e1/Users?a=\u001f`   | Control character in the query",
        "`/scim/v2/p1/e1/Users?a=\u007f`   | Control character in the query",
        "`/scim/v2/p1/e1/Users?a=\tb`      | Control character in the query",
        "/scim/v2/p1/e1/Users?a=b#frag     | Fragment in the request target",
        "/scim/v2/p1/e1/Users?#            | Fragment in the request target",
        // not an absolute path
        "users                             | The request target must be an absolute path",
        "*                                 | The request target must be an absolute path",
        "`  `                              | The request target must be an absolute path",
        "ftp://h/scim/v2/p1/e1/Users       | The request target must be an absolute path",
        "http://h                          | The request target must be an absolute path",
        "https://h                         | The request target must be an absolute path",
        "http://h?x=/y                     | The request target must be an absolute path",
        "http://h?/scim/v2/p1/e1/Users     | The request target must be an absolute path",
        "https://h#/scim/v2/p1/e1/Users    | The request target must be an absolute path",
        "http:///                          | The request target must be an absolute path",
        "https://                          | The request target must be an absolute path",
        "http:/                            | The request target must be an absolute path",
        "http://                           | The request target must be an absolute path",
    })
    void badTargets_areRejectedWithTheirOwnDetail_400(String target, String detail) {
        RouteRejection r = rejection(target);
        assertThat(r.detail()).isEqualTo(detail);
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void nul_isAControlCharacter_inPathAndQuery() {
        // (not in the table above: its CSV reader drops NUL)
        assertThat(rejection("/scim/v2/p1/e1/Us\u0000ers"))
                .isEqualTo(new RouteRejection(400, "Control character in the path"));
        assertThat(rejection("/scim/v2/p1/e1/Users?a=\u0000"))
                .isEqualTo(new RouteRejection(400, "Control character in the query"));
    }

    @Test
    void emptyTarget_isNoAbsolutePath() {
        assertThat(rejection("")).isEqualTo(new RouteRejection(400, "The request target must be an absolute path"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/other/p1/e1/Users        | No SCIM endpoint here: paths start with /scim/v2/{project}/{environment}/",
        "/scim/v2                  | No SCIM endpoint here: paths start with /scim/v2/{project}/{environment}/",
        "/scim/v2x/p1/e1/Users     | No SCIM endpoint here: paths start with /scim/v2/{project}/{environment}/",
        "/scim/v2?x                | No SCIM endpoint here: paths start with /scim/v2/{project}/{environment}/",
        "/scim                     | No SCIM endpoint here: paths start with /scim/v2/{project}/{environment}/",
        "/scim/v2/p1               | No SCIM endpoint here: expected /scim/v2/{project}/{environment}/{resource}",
        "/scim/v2/p1/e1            | No SCIM endpoint here: expected /scim/v2/{project}/{environment}/{resource}",
        "/scim/v2/p1/e1?x=1        | No SCIM endpoint here: expected /scim/v2/{project}/{environment}/{resource}",
        "/scim/v2/p1/e1/v2         | No SCIM resource after /scim/v2/p1/e1/v2",
        "/scim/v2/p1/e1/v2?x=1     | No SCIM resource after /scim/v2/p1/e1/v2",
        "/scim/v2/p1/e1/v2/acme    | No SCIM resource after /scim/v2/p1/e1/v2/acme",
        "/scim/v2/p1/e1/v2/acme?x  | No SCIM resource after /scim/v2/p1/e1/v2/acme",
    })
    void targetsOutsideTheGrammar_are404_withTheirDetail(String target, String detail) {
        assertThat(rejection(target)).isEqualTo(new RouteRejection(404, detail));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad.tenant", "bad%21", "a~b", "a:b", "a@b", "%41cme",
        "a234567890123456789012345678901234567890123456789012345678901234X"})
    void tenantKeysOutsideThePattern_are400_namingThePattern(String tenant) {
        assertThat(rejection("/scim/v2/p1/e1/v2/" + tenant + "/Users"))
                .isEqualTo(new RouteRejection(400, "Invalid tenant key: it must match " + TENANT_PATTERN));
    }

    @Test
    void tenantKeyOfExactlyTheLongestLength_isAccepted() {
        String longest = "a".repeat(64);
        assertThat(route("/scim/v2/p1/e1/v2/" + longest + "/Users").tenant()).isEqualTo(longest);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://scim.example.com/scim/v2/p1/e1/v2/acme/Users?x=1  | /scim/v2/p1/e1/Users?x=1",
        "HTTPS://SCIM.EXAMPLE.COM/scim/v2/p1/e1/v2/acme/Users      | /scim/v2/p1/e1/Users",
        "HtTp://h:8080/scim/v2/p1/e1/v2/acme/Users                 | /scim/v2/p1/e1/Users",
        "http://h/scim/v2/p1/e1/v2/acme/Users                      | /scim/v2/p1/e1/Users",
        "https://u@h:1/scim/v2/p1/e1/v2/acme/Groups/g              | /scim/v2/p1/e1/Groups/g",
    })
    void absoluteForm_http_and_https_areRoutedByTheirPath(String target, String backendTarget) {
        Route r = route(target);
        assertThat(r.backendTarget()).isEqualTo(backendTarget);
        assertThat(r.tenant()).isEqualTo("acme");
        assertThat(r.clientBase()).isEqualTo("/scim/v2/p1/e1/v2/acme");
    }

    @Test
    void absoluteFormOfALegacyPath_isForwardedAsItsPathOnly() {
        Route r = route("https://h/scim/v2/p1/e1/Users?filter=x");
        assertThat(r).isEqualTo(new Route(false, "p1", "e1", null, false, "/scim/v2/p1/e1/Users?filter=x",
                "/scim/v2/p1/e1", "/scim/v2/p1/e1"));
    }

    @Test
    void everyRouteField_onTheThreeForms() {
        assertThat(route("/scim/v2/p1/e1/Users/7?a=b")).isEqualTo(new Route(false, "p1", "e1", null, false,
                "/scim/v2/p1/e1/Users/7?a=b", "/scim/v2/p1/e1", "/scim/v2/p1/e1"));
        assertThat(route("/scim/v2/p1/e1/v2/Users/7?a=b")).isEqualTo(new Route(true, "p1", "e1", "default", false,
                "/scim/v2/p1/e1/Users/7?a=b", "/scim/v2/p1/e1/v2", "/scim/v2/p1/e1"));
        assertThat(route("/scim/v2/p1/e1/v2/acme/Users/7?a=b")).isEqualTo(new Route(true, "p1", "e1", "acme", true,
                "/scim/v2/p1/e1/Users/7?a=b", "/scim/v2/p1/e1/v2/acme", "/scim/v2/p1/e1"));
        // a segment that only looks like the marker is a resource
        assertThat(route("/scim/v2/p1/e1/V2/Users").tenantAware()).isFalse();
        assertThat(route("/scim/v2/p1/e1/v2x/Users").tenantAware()).isFalse();
    }

    @Test
    void anotherBasePath_isHonoured() {
        RouteParser custom = new RouteParser("/api/scim", "main", Pattern.compile("[a-z]+"), List.of("Users"));
        assertThat(custom.parse("/api/scim/p/e/v2/Users")).isEqualTo(new Route(true, "p", "e", "main", false,
                "/api/scim/p/e/Users", "/api/scim/p/e/v2", "/api/scim/p/e"));
        assertThat(custom.parse("/scim/v2/p/e/Users")).isEqualTo(new RouteRejection(404,
                "No SCIM endpoint here: paths start with /api/scim/{project}/{environment}/"));
        assertThat(custom.parse("/api/scim/p/e/v2/Groups/1")).isEqualTo(new RouteRejection(400,
                "Invalid tenant key: it must match [a-z]+"));
        assertThat(custom.isReservedTenantKey("USERS")).isTrue();
        assertThat(custom.isReservedTenantKey("groups")).isFalse();
    }
}
