package io.scimrouter.server;

import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/** The URL table of the router core, through real sockets: what the backend receives for each form. */
class RoutingIntegrationTest {
    @RegisterExtension
    final RouterExtension router = RouterExtension.create();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/Users/7                | /scim/v2/p1/e1/Users/7 | ",
        "/scim/v2/p1/e1/v2/Users/7             | /scim/v2/p1/e1/Users/7 | default",
        "/scim/v2/p1/e1/v2/acme/Users/7        | /scim/v2/p1/e1/Users/7 | acme",
        "/scim/v2/p1/e1/v2/users               | /scim/v2/p1/e1/users   | default",
        "/scim/v2/p1/e1/v2/globex/Devices/9/x  | /scim/v2/p1/e1/Devices/9/x | globex",
    })
    void urlTable_rows(String incoming, String forwarded, String tenant) throws Exception {
        RawHttp.Response response = router.get(incoming);
        assertThat(response.status()).isEqualTo(200);
        assertThat(router.backend().received()).hasSize(1);
        TestBackend.Received r = router.backend().received().get(0);
        assertThat(r.target()).isEqualTo(forwarded);
        assertThat(r.headers().getAll("X-Tenant-Id")).isEqualTo(tenant == null
                ? java.util.List.of() : java.util.List.of(tenant));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "?filter=userName%20eq%20%22bjensen%40example.com%22",
        "?filter=userName+eq+%22a%2Bb%22&startIndex=1&count=100",
        "?filter=displayName%20eq%20%22%C3%9Cn%C3%AFc%C3%B8d%C3%A9%22",
        "?filter=displayName%20eq%20\"\u00c3\u009cber\"",
        "?excludedAttributes=members&a=%zz",
    })
    void query_isForwardedByteForByte_onAllThreeForms(String query) throws Exception {
        for (String base : new String[] {"/scim/v2/p1/e1/", "/scim/v2/p1/e1/v2/", "/scim/v2/p1/e1/v2/acme/"}) {
            try (RawHttp http = router.connect()) {
                byte[] line = ("GET " + base + "Users" + query + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
                assertThat(http.send(line).read().status()).isEqualTo(200);
            }
        }
        assertThat(router.backend().received()).hasSize(3).allSatisfy(r -> assertThat(r.rawTarget())
                .isEqualTo(("/scim/v2/p1/e1/Users" + query).getBytes(StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/Users/?filter=userName%20eq%20%22a%22         | ",
        "/scim/v2/p1/e1/v2/Users/?filter=userName%20eq%20%22a%22      | default",
        "/scim/v2/p1/e1/v2/acme/Users/?filter=userName%20eq%20%22a%22 | acme",
    })
    void trailingSlash_withAQuery_isForwardedAsSent_onAllThreeForms(String target, String tenant) throws Exception {
        assertThat(router.get(target).status()).isEqualTo(200);
        TestBackend.Received r = router.backend().received().get(0);
        assertThat(r.target()).isEqualTo("/scim/v2/p1/e1/Users/?filter=userName%20eq%20%22a%22");
        assertThat(r.headers().getAll("X-Tenant-Id")).isEqualTo(tenant == null
                ? java.util.List.of() : java.util.List.of(tenant));
    }

    @Test
    void rawUtf8InTheQuery_arrivesAsTheSameBytes() throws Exception {
        byte[] utf8Query = "?filter=displayName%20eq%20\"Zoë😀\"".getBytes(StandardCharsets.UTF_8);
        byte[] head = "GET /scim/v2/p1/e1/v2/acme/Users".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = " HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + utf8Query.length + tail.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(utf8Query, 0, request, head.length, utf8Query.length);
        System.arraycopy(tail, 0, request, head.length + utf8Query.length, tail.length);
        try (RawHttp http = router.connect()) {
            assertThat(http.send(request).read().status()).isEqualTo(200);
        }
        byte[] expectedPrefix = "/scim/v2/p1/e1/Users".getBytes(StandardCharsets.US_ASCII);
        byte[] received = router.backend().received().get(0).rawTarget();
        assertThat(new String(received, StandardCharsets.UTF_8))
                .isEqualTo(new String(expectedPrefix, StandardCharsets.UTF_8)
                        + new String(utf8Query, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/scim/v2/p1/e1/Users", "/scim/v2/p1/e1/v2/Users", "/scim/v2/p1/e1/v2/acme/Users"})
    void spoofedTenantHeader_neverReachesTheBackendAsSent(String target) throws Exception {
        router.get(target, "X-Tenant-Id: evil", "x-tenant-id: evil2", "X-TENANT-ID: a, b", "X_Tenant_Id: evil3",
                "x_tenant_id: evil4");
        TestBackend.Received r = router.backend().received().get(0);
        java.util.List<String> values = r.headers().getAll("X-Tenant-Id");
        assertThat(values).doesNotContain("evil", "evil2", "a, b", "evil3", "evil4");
        assertThat(r.headers().names()).noneMatch(n -> n.replace('_', '-').equalsIgnoreCase("x-tenant-id")
                && !n.equals("X-Tenant-Id"));
        if (target.contains("/e1/v2/")) {
            assertThat(values).containsExactly(target.contains("acme") ? "acme" : "default");
        } else {
            assertThat(values).isEmpty();
        }
    }

    @Test
    void headers_hopByHopRemoved_forwardedSet_endToEndKept() throws Exception {
        router.get("/scim/v2/p1/e1/v2/acme/Users", "Authorization: Bearer secret-token",
                "Connection: keep-alive, X-Drop",
                "X-Drop: 1", "Keep-Alive: timeout=5", "TE: trailers", "Trailer: X-T", "Upgrade: h2c",
                "Proxy-Authorization: Basic abc", "Proxy-Connection: keep-alive", "X-Forwarded-For: 10.1.1.1",
                "Accept: application/scim+json", "If-Match: W/\"3\"");
        TestBackend.Received r = router.backend().received().get(0);
        assertThat(r.headers().get("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(r.headers().get("Accept")).isEqualTo("application/scim+json");
        assertThat(r.headers().get("If-Match")).isEqualTo("W/\"3\"");
        for (String gone : new String[] {"X-Drop", "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Authorization",
            "Proxy-Connection", "Connection"}) {
            assertThat(r.headers().contains(gone)).as(gone).isFalse();
        }
        assertThat(r.headers().get("X-Forwarded-For")).as("no trusted proxies: the peer alone")
                .isEqualTo("127.0.0.1");
        assertThat(r.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(r.headers().get("X-Forwarded-Host")).isEqualTo("scim.example.com");
        assertThat(r.headers().get("Host")).isEqualTo("scim.example.com");
    }

    @Test
    void host_isTheBackendsWhenNotPreserved() throws Exception {
        router.start(b -> b.preserveHost(false));
        router.get("/scim/v2/p1/e1/Users");
        assertThat(router.backend().received().get(0).headers().get("Host"))
                .isEqualTo("127.0.0.1:" + router.backend().port());
    }

    @Test
    void unknownTenant_is404_andNothingReachesTheBackend() throws Exception {
        RawHttp.Response r = router.get("/scim/v2/p1/e1/v2/nosuch/Users");
        assertScimError(r, 404);
        assertThat(r.bodyText()).contains("Unknown tenant 'nosuch' in project 'p1', environment 'e1'");
        assertThat(router.get("/scim/v2/p2/e1/v2/acme/Users").status()).isEqualTo(404);
        assertThat(router.backend().received()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/v2/bad.tenant/Users  | 400",
        "/scim/v2/p1/e1/../e2/Users          | 400",
        "/scim/v2/p1/e1/%2e%2e/Users         | 400",
        "/scim/v2/p1/e1/Users%2F7            | 400",
        "/scim/v2/p1/e1/Users%5c7            | 400",
        "/scim/v2/p1/e1//Users               | 400",
        "/scim/v2/p1/e1/Users%00             | 400",
        "/elsewhere/p1/e1/Users              | 404",
        "/scim/v2/p1/e1/v2                   | 404",
        "/scim/v2/p1/e1/v2/acme              | 404",
        "/scim/v2/p1/e1/v2/acme/             | 404",
        "/scim/v2/p1/e1/v2/                  | 404",
        "/scim/v2/p1/e1/Users//              | 400",
        "/                                   | 404",
        "/?x=1                               | 404",
        "/scim/v2/                           | 404",
    })
    void badInput_isAScimError_andNothingReachesTheBackend(String target, int status) throws Exception {
        assertScimError(router.get(target), status);
        assertThat(router.backend().received()).isEmpty();
    }
}
