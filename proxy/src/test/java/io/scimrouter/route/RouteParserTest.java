package io.scimrouter.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RouteParserTest {
    private static final List<String> ENDPOINTS = List.of("Users", "Groups", "Me", "Bulk", ".search",
            "ServiceProviderConfig", "ResourceTypes", "Schemas");
    private final RouteParser parser =
            new RouteParser("/scim/v2", "default", Pattern.compile("[A-Za-z0-9_-]{1,64}"), ENDPOINTS);

    private Route route(String target) {
        RouteDecision decision = parser.parse(target);
        assertThat(decision).isInstanceOf(Route.class);
        return (Route) decision;
    }

    private RouteRejection rejection(String target) {
        RouteDecision decision = parser.parse(target);
        assertThat(decision).isInstanceOf(RouteRejection.class);
        return (RouteRejection) decision;
    }

    @Test
    void legacy_isForwardedUnchanged() {
        Route r = route("/scim/v2/p1/e1/Users/7");
        assertThat(r.tenantAware()).isFalse();
        assertThat(r.tenant()).isNull();
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/p1/e1/Users/7");
        assertThat(r.clientBase()).isEqualTo("/scim/v2/p1/e1");
        assertThat(r.project()).isEqualTo("p1");
        assertThat(r.environment()).isEqualTo("e1");
    }

    @Test
    void defaultTenant_dropsTheMarker() {
        Route r = route("/scim/v2/p1/e1/v2/Users/7");
        assertThat(r.tenantAware()).isTrue();
        assertThat(r.explicitTenant()).isFalse();
        assertThat(r.tenant()).isEqualTo("default");
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/p1/e1/Users/7");
        assertThat(r.clientBase()).isEqualTo("/scim/v2/p1/e1/v2");
        assertThat(r.legacyBase()).isEqualTo("/scim/v2/p1/e1");
    }

    @Test
    void explicitTenant_dropsMarkerAndTenant() {
        Route r = route("/scim/v2/p1/e1/v2/acme/Users/7");
        assertThat(r.tenantAware()).isTrue();
        assertThat(r.explicitTenant()).isTrue();
        assertThat(r.tenant()).isEqualTo("acme");
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/p1/e1/Users/7");
        assertThat(r.clientBase()).isEqualTo("/scim/v2/p1/e1/v2/acme");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "?filter=userName%20eq%20%22bjensen%22",
        "?filter=userName+eq+%22a%2Bb%40example.com%22&startIndex=1&count=100",
        "?filter=displayName eq \"Ünïcødé\"",
        "?attributes=userName,emails&excludedAttributes=groups",
        "?",
        "?a=%zz&b=%",
    })
    void query_isForwardedByteForByte_onEveryForm(String query) {
        assertThat(route("/scim/v2/p1/e1/Users" + query).backendTarget()).isEqualTo("/scim/v2/p1/e1/Users" + query);
        assertThat(route("/scim/v2/p1/e1/v2/Users" + query).backendTarget()).isEqualTo("/scim/v2/p1/e1/Users" + query);
        assertThat(route("/scim/v2/p1/e1/v2/acme/Users" + query).backendTarget())
                .isEqualTo("/scim/v2/p1/e1/Users" + query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Users", "users", "USERS", "groups", "me", "bulk", ".search", ".SEARCH",
        "serviceproviderconfig", "resourcetypes", "schemas"})
    void endpoints_compareWithoutCase_andAreReservedAsTenantKeys(String endpoint) {
        Route r = route("/scim/v2/p1/e1/v2/" + endpoint);
        assertThat(r.explicitTenant()).isFalse();
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/p1/e1/" + endpoint);
        assertThat(parser.isReservedTenantKey(endpoint)).isTrue();
    }

    @Test
    void customResourceType_passesThroughTheExplicitTenantForm() {
        assertThat(route("/scim/v2/p1/e1/v2/acme/Devices/9").backendTarget()).isEqualTo("/scim/v2/p1/e1/Devices/9");
        assertThat(route("/scim/v2/p1/e1/Devices/9").backendTarget()).isEqualTo("/scim/v2/p1/e1/Devices/9");
    }

    @Test
    void customResourceType_onTheDefaultTenantForm_readsAsATenantKey() {
        Route r = route("/scim/v2/p1/e1/v2/Devices/9");
        assertThat(r.tenant()).isEqualTo("Devices");
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/p1/e1/9");
    }

    @Test
    void projectNamedV2_isStillAProject() {
        Route r = route("/scim/v2/v2/v2/v2/acme/Users");
        assertThat(r.project()).isEqualTo("v2");
        assertThat(r.environment()).isEqualTo("v2");
        assertThat(r.tenant()).isEqualTo("acme");
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/v2/v2/Users");
    }

    @Test
    void absoluteForm_isRoutedByItsPath() {
        Route r = route("http://scim.example.com/scim/v2/p1/e1/v2/acme/Users?x=1");
        assertThat(r.backendTarget()).isEqualTo("/scim/v2/p1/e1/Users?x=1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/v2/bad.tenant/Users                 | 400",
        "/scim/v2/p1/e1/v2/bad%21/Users                     | 400",
        "/scim/v2/p1/e1/v2/a234567890123456789012345678901234567890123456789012345678901234X/Users | 400",
        "/scim/v2/p1/e1/../e2/Users                         | 400",
        "/scim/v2/p1/e1/./Users                             | 400",
        "/scim/v2/p1/e1/%2e%2e/Users                        | 400",
        "/scim/v2/p1/e1/.%2E/Users                          | 400",
        "/scim/v2/p1/e1/%2E/Users                           | 400",
        "/scim/v2/p1/e1/Users/..                            | 400",
        "/scim/v2/p1/e1/Users%2F7                           | 400",
        "/scim/v2/p1/e1/Users%2f7                           | 400",
        "/scim/v2/p1/e1/Users%5C7                           | 400",
        "/scim/v2/p1/e1/Users\\7                            | 400",
        "/scim/v2/p1/e1/Users%00                            | 400",
        "/scim/v2/p1/e1/Users%0d%0aX-Tenant-Id:%20evil      | 400",
        "/scim/v2/p1/e1/Users%zz                            | 400",
        "/scim/v2/p1/e1/Users%2                             | 400",
        "/scim/v2/p1/e1//Users                              | 400",
        "/scim/v2/p1/e1/Users//                             | 400",
        "/scim/v2/p1/e1//                                   | 400",
        "//                                                 | 400",
        "//scim/v2/p1/e1/Users                              | 400",
        "http://h?x=/scim/v2/p1/e1/Users                    | 400",
        "http://h#/scim/v2/p1/e1/Users                      | 400",
        "http://h                                           | 400",
        "ftp://h/scim/v2/p1/e1/Users                        | 400",
        "/scim/v2//e1/Users                                 | 400",
        "/scim/v2/p1/e1/Us<er>s                             | 400",
        "users                                              | 400",
        "*                                                  | 400",
        "/other/p1/e1/Users                                 | 404",
        "/scim/v2                                           | 404",
        "/scim/v2/                                          | 404",
        "/                                                  | 404",
        "/?filter=x                                         | 404",
        "/favicon.ico                                       | 404",
        "http://h/                                          | 404",
        "/scim/v2/p1/                                       | 404",
        "/scim/v2/p1/e1/                                    | 404",
        "/scim/v2/p1/e1/v2/                                 | 404",
        "/scim/v2/p1/e1/v2/acme/                            | 404",
        "/scim/v2/p1/e1/v2/acme/?x=1                        | 404",
        "/scim/v2x/p1/e1/Users                              | 404",
        "/scim/v2/p1/e1                                     | 404",
        "/scim/v2/p1/e1/v2                                  | 404",
        "/scim/v2/p1/e1/v2/acme                             | 404",
        "/scim/v2/p1/e1/v2/acme?x=1                         | 404",
    })
    void badTargets_areRejected(String target, int status) {
        assertThat(rejection(target).status()).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/Users/                         | /scim/v2/p1/e1/Users/                         | ",
        "/scim/v2/p1/e1/Users/?filter=userName%20eq%20x | /scim/v2/p1/e1/Users/?filter=userName%20eq%20x | ",
        "/scim/v2/p1/e1/Users/7/                       | /scim/v2/p1/e1/Users/7/                       | ",
        "/scim/v2/p1/e1/v2/Users/                      | /scim/v2/p1/e1/Users/                         | default",
        "/scim/v2/p1/e1/v2/users/?filter=a             | /scim/v2/p1/e1/users/?filter=a                | default",
        "/scim/v2/p1/e1/v2/acme/Users/                 | /scim/v2/p1/e1/Users/                         | acme",
        "/scim/v2/p1/e1/v2/acme/Users/?filter=a%20b    | /scim/v2/p1/e1/Users/?filter=a%20b            | acme",
        "/scim/v2/p1/e1/v2/acme/Users/7/               | /scim/v2/p1/e1/Users/7/                       | acme",
        "http://h/scim/v2/p1/e1/v2/acme/Users/?x=/     | /scim/v2/p1/e1/Users/?x=/                     | acme",
    })
    void trailingSlash_isForwardedAsSent_onEveryForm(String target, String forwarded, String tenant) {
        Route r = route(target);
        assertThat(r.backendTarget()).isEqualTo(forwarded);
        assertThat(r.tenant()).isEqualTo(tenant);
    }

    @Test
    void controlCharacters_areRejectedInPathAndQuery() {
        assertThat(rejection("/scim/v2/p1/e1/Us\u0001ers").status()).isEqualTo(400);
        assertThat(rejection("/scim/v2/p1/e1/Users?filter=a\u007fb").status()).isEqualTo(400);
        assertThat(rejection("/scim/v2/p1/e1/Users?filter=a\tb").status()).isEqualTo(400);
    }

    @Test
    void rawNonAsciiInPath_isRejected_butDotsInsideNamesAreFine() {
        assertThat(rejection("/scim/v2/p1/e1/Users/\u00c3\u00a9").status()).isEqualTo(400);
        assertThat(route("/scim/v2/p1/e1/Users/a.b...c").backendTarget()).isEqualTo("/scim/v2/p1/e1/Users/a.b...c");
        assertThat(route("/scim/v2/p1/e1/Users/...").backendTarget()).isEqualTo("/scim/v2/p1/e1/Users/...");
        assertThat(route("/scim/v2/p1/e1/Users/%C3%A9").backendTarget()).isEqualTo("/scim/v2/p1/e1/Users/%C3%A9");
    }

    @Test
    void rejectionDetails_neverEchoTheInput() {
        RouteRejection r = rejection("/scim/v2/p1/e1/Users%0d%0aSet-Cookie:x");
        assertThat(r.detail()).doesNotContain("Set-Cookie").doesNotContain("\r");
    }
}
