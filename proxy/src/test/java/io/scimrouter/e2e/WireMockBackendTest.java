package io.scimrouter.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scimrouter.Router;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WireMock as the stand-in legacy service: what it received, byte for byte, for each URL form (project p1,
 * environment e1, tenants acme and globex), and that rejected input never reached it.
 */
class WireMockBackendTest {
    private static final String AUTHORIZATION = "Bearer idp-credential-7f3a";
    private static final String LIST_ANSWER = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}
            """;

    private WireMockServer wireMock;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        wireMock.stubFor(any(anyUrl()).willReturn(okJson(LIST_ANSWER)
                .withHeader("Content-Type", "application/scim+json")));
        router = new Router(TestConfigs.defaults(URI.create("http://127.0.0.1:" + wireMock.port()))).start();
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        wireMock.stop();
    }

    private RawHttp.Response send(String requestHead, String body) throws Exception {
        try (RawHttp http = new RawHttp(router.port())) {
            return http.send(requestHead + "\r\n" + body).read();
        }
    }

    private RawHttp.Response get(String target) throws Exception {
        return send("GET " + target + " HTTP/1.1\r\nHost: scim.example.com\r\nAuthorization: " + AUTHORIZATION
                + "\r\nX-Tenant-Id: spoofed\r\nx-tenant-id: spoofed-too\r\n", "");
    }

    static Stream<Arguments> formsAndQueries() {
        List<String> queries = List.of(
                "?filter=userName%20eq%20%22bjensen%40example.com%22",
                "?filter=userName+eq+%22a+b%2Bc%22&startIndex=1&count=100",
                "?filter=displayName%20eq%20%22Zo%C3%AB%20%E2%9C%93%22&attributes=userName,emails.value",
                "?filter=emails%5Btype%20eq%20%22work%22%5D&excludedAttributes=groups");
        return Stream.of(UrlForm.values())
                .flatMap(form -> queries.stream().map(query -> Arguments.of(form, query)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formsAndQueries")
    void eachUrlForm_reachesTheBackendWithExactPathQueryTenantAndAuthorization(UrlForm form, String query)
            throws Exception {
        RawHttp.Response response = get(form.prefix("p1", "e1") + "/Users" + query);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo(LIST_ANSWER);
        String forwarded = "/scim/v2/p1/e1/Users" + query;
        wireMock.verify(1, getRequestedFor(urlEqualTo(forwarded))
                .withHeader("Authorization", equalTo(AUTHORIZATION))
                .withHeader("Host", equalTo("scim.example.com"))
                .withHeader("X-Tenant-Id", form.tenant() == null ? absent() : equalTo(form.tenant())));
        LoggedRequest received = onlyRequest();
        assertThat(received.getUrl()).isEqualTo(forwarded);
        assertThat(headerValues(received, "X-Tenant-Id"))
                .isEqualTo(form.tenant() == null ? List.of() : List.of(form.tenant()));
        assertThat(headerValues(received, "Authorization")).containsExactly(AUTHORIZATION);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/Users/2819c223-7f76             | /scim/v2/p1/e1/Users/2819c223-7f76        |",
        "/scim/v2/p1/e1/v2/Groups/g1?attributes=members | /scim/v2/p1/e1/Groups/g1?attributes=members | default",
        "/scim/v2/p1/e1/v2/users                        | /scim/v2/p1/e1/users                       | default",
        "/scim/v2/p1/e1/v2/globex/ServiceProviderConfig | /scim/v2/p1/e1/ServiceProviderConfig       | globex",
        "/scim/v2/p1/e1/v2/acme/Devices/d-9/status      | /scim/v2/p1/e1/Devices/d-9/status          | acme",
    })
    void resourcePaths_areForwardedWithTheirSubPaths(String incoming, String forwarded, String tenant)
            throws Exception {
        assertThat(get(incoming).status()).isEqualTo(200);
        LoggedRequest received = onlyRequest();
        assertThat(received.getUrl()).isEqualTo(forwarded);
        assertThat(headerValues(received, "X-Tenant-Id"))
                .isEqualTo(tenant == null ? List.of() : List.of(tenant));
    }

    @Test
    void projectAndEnvironmentNamedV2_areStillPositional() throws Exception {
        router.close();
        router = new Router(TestConfigs.builder(URI.create("http://127.0.0.1:" + wireMock.port()))
                .staticTenants("v2", "v2", "acme").build()).start();

        assertThat(get("/scim/v2/v2/v2/v2/acme/Users").status()).isEqualTo(200);
        LoggedRequest received = onlyRequest();
        assertThat(received.getUrl()).isEqualTo("/scim/v2/v2/v2/Users");
        assertThat(headerValues(received, "X-Tenant-Id")).containsExactly("acme");
    }

    @Test
    void postBody_andContentType_arriveUnchangedThroughTheTenantForm() throws Exception {
        String json = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"zoë+1@example.com"}""";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(router.port())) {
            http.send(("POST /scim/v2/p1/e1/v2/acme/Users HTTP/1.1\r\nHost: scim.example.com\r\n"
                    + "Authorization: " + AUTHORIZATION + "\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(http.send(bytes).read().status()).isEqualTo(200);
        }
        wireMock.verify(1, postRequestedFor(urlEqualTo("/scim/v2/p1/e1/Users"))
                .withHeader("Content-Type", equalTo("application/scim+json"))
                .withHeader("X-Tenant-Id", equalTo("acme"))
                .withRequestBody(equalToJson(json)));
        assertThat(onlyRequest().getBody()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/scim/v2/p1/e1/v2/bad.tenant/Users     | 400",
        "/scim/v2/p1/e1/v2/acme/../Users        | 400",
        "/scim/v2/p1/e1/v2/acme/%2e%2e/Users    | 400",
        "/scim/v2/p1/e1/Users/..                | 400",
        "/scim/v2/p1/e1/Users%2F7               | 400",
        "/scim/v2/p1/e1/Users%5C7               | 400",
        "/scim/v2/p1/e1//Users                  | 400",
        "/scim/v2/p1/e1/v2/acme/Users%007       | 400",
        "/scim/v2/p1/e1/v2/nosuch/Users         | 404",
        "/scim/v2/p1/e9/v2/acme/Users           | 404",
        "/scim/v2/p1/e1/v2/acme                 | 404",
        "/scim/v2/p1/e1/v2                      | 404",
        "/scim/v1/p1/e1/Users                   | 404",
    })
    void rejectedPath_neverReachesTheBackend(String target, int status) throws Exception {
        RawHttp.Response response = get(target);

        assertScimErrorWithoutCredential(response, status);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void contentLengthWithTransferEncoding_isRejectedBeforeTheBackend() throws Exception {
        RawHttp.Response response = send("POST /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n", "0\r\n\r\n");

        assertScimErrorWithoutCredential(response, 400);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void conflictingContentLengths_areRejectedBeforeTheBackend() throws Exception {
        RawHttp.Response response = send("POST /scim/v2/p1/e1/v2/acme/Users HTTP/1.1\r\nHost: h\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\n", "{}");

        assertScimErrorWithoutCredential(response, 400);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    private static List<String> headerValues(LoggedRequest request, String name) {
        var header = request.getHeaders().getHeader(name);
        return header.isPresent() ? header.values() : List.of();
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> all = wireMock.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** A SCIM error that does not echo the client's credential. */
    private static void assertScimErrorWithoutCredential(RawHttp.Response response, int status) {
        assertScimError(response, status);
        assertThat(response.bodyText()).doesNotContain("idp-credential");
    }
}
