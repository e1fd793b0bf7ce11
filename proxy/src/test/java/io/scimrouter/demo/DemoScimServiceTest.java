package io.scimrouter.demo;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static io.scimrouter.testing.ScimHttp.patchOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RawHttp.Response;
import io.scimrouter.testing.ScimHttp;
import io.scimrouter.testing.ScimHttp.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoScimServiceTest {

    private DemoScimService service;
    private ScimHttp scim;

    @BeforeEach
    void start() {
        service = DemoScimService.start(DemoScimService.Options.defaults());
        scim = new ScimHttp(service.baseUrl(), "demo-token");
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void users_createGetListReplacePatchDelete() {
        Reply created = scim.createUser("alice");
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        String location = service.baseUrl() + "/Users/" + id;
        assertThat(created.body().at("/meta/location").asText()).isEqualTo(location);
        assertThat(created.header("Location")).contains(location);
        assertThat(created.header("Content-Type")).contains("application/scim+json");

        Reply fetched = scim.get("/Users/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body().path("userName").asText()).isEqualTo("alice");
        assertThat(fetched.body().at("/meta/location").asText()).isEqualTo(location);

        scim.createUser("bob");
        Reply filtered = scim.get("/Users?filter=userName%20eq%20%22alice%22");
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(ids(filtered)).containsExactly(id);

        Reply replaced = scim.put("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice.w","displayName":"Alice W"}
                """);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().path("userName").asText()).isEqualTo("alice.w");
        assertThat(replaced.body().has("active")).as("PUT replaces, attributes not sent are gone").isFalse();

        Reply patched = scim.patch("/Users/" + id, patchOp("""
                [{"op":"Replace","path":"active","value":false},
                 {"op":"Add","path":"title","value":"Engineer"},
                 {"op":"Remove","path":"displayName"}]
                """));
        assertThat(patched.status()).isEqualTo(200);
        JsonNode afterPatch = scim.get("/Users/" + id).body();
        assertThat(afterPatch.path("active").asBoolean(true)).isFalse();
        assertThat(afterPatch.path("title").asText()).isEqualTo("Engineer");
        assertThat(afterPatch.has("displayName")).isFalse();
        assertThat(afterPatch.path("userName").asText()).isEqualTo("alice.w");

        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
        assertScimError(scim.get("/Users/" + id), 404);
        assertThat(ids(scim.get("/Users"))).doesNotContain(id).hasSize(1);
    }

    @Test
    void users_listPagesWithStartIndexAndCount() {
        List<String> created = new ArrayList<>();
        for (String name : List.of("u1", "u2", "u3", "u4", "u5")) {
            created.add(scim.createUser(name).id());
        }
        Reply page = scim.get("/Users?sortBy=userName&startIndex=2&count=2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("totalResults").asInt()).isEqualTo(5);
        assertThat(page.body().path("startIndex").asInt()).isEqualTo(2);
        assertThat(page.body().path("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(ids(page)).containsExactly(created.get(1), created.get(2));

        Reply beyond = scim.get("/Users?startIndex=6&count=2");
        assertThat(beyond.body().path("totalResults").asInt()).isEqualTo(5);
        assertThat(ids(beyond)).isEmpty();
    }

    @Test
    void filter_queryIsDecodedWhateverTheClientEncoding() {
        String spaced = scim.createUser("ann lee").id();
        String plus = scim.createUser("x+y@example.com").id();
        String unicode = scim.createUser("zoë").id();

        assertThat(ids(scim.get("/Users?filter=userName%20eq%20%22ann%20lee%22"))).containsExactly(spaced);
        assertThat(ids(scim.get("/Users?filter=userName+eq+%22ann+lee%22"))).containsExactly(spaced);
        assertThat(ids(scim.get("/Users?filter=userName+eq+%22x%2By@example.com%22"))).containsExactly(plus);
        assertThat(ids(scim.get("/Users?filter=userName%20eq%20%22zo%C3%AB%22"))).containsExactly(unicode);
        assertThat(ids(scim.get("/Users?filter=userName%20eq%20%22ANN%20LEE%22")))
                .as("userName is caseExact=false").containsExactly(spaced);
    }

    @Test
    void groups_createGetListReplacePatchMembersDelete() {
        String alice = scim.createUser("alice").id();
        String bob = scim.createUser("bob").id();
        Reply created = scim.createGroup("Engineering");
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(created.header("Location")).contains(created.body().at("/meta/location").asText());
        assertThat(created.body().at("/meta/location").asText()).isEqualTo(service.baseUrl() + "/Groups/" + id);
        scim.createGroup("Sales");

        assertThat(ids(scim.get("/Groups?filter=displayName%20eq%20%22Engineering%22"))).containsExactly(id);

        Reply added = scim.patch("/Groups/" + id, patchOp("""
                [{"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]
                """.formatted(alice, bob)));
        assertThat(added.status()).isEqualTo(200);
        assertThat(memberIds(scim.get("/Groups/" + id).body())).containsExactlyInAnyOrder(alice, bob);

        Reply removed = scim.patch("/Groups/" + id, patchOp("""
                [{"op":"Remove","path":"members[value eq \\"%s\\"]"},
                 {"op":"Replace","path":"displayName","value":"Platform"}]
                """.formatted(alice)));
        assertThat(removed.status()).isEqualTo(200);
        JsonNode afterPatch = scim.get("/Groups/" + id).body();
        assertThat(memberIds(afterPatch)).containsExactly(bob);
        assertThat(afterPatch.path("displayName").asText()).isEqualTo("Platform");

        Reply replaced = scim.put("/Groups/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Platform Team"}
                """);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(memberIds(replaced.body())).isEmpty();
        assertThat(replaced.body().path("displayName").asText()).isEqualTo("Platform Team");

        assertThat(scim.delete("/Groups/" + id).status()).isEqualTo(204);
        assertScimError(scim.get("/Groups/" + id), 404);
        assertThat(scim.get("/Groups").body().path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void tenants_neverSeeEachOthersData() {
        ScimHttp acme = scim.forTenant("acme");
        ScimHttp globex = scim.forTenant("globex");
        Reply acmeAlice = acme.createUser("alice");
        Reply globexAlice = globex.createUser("alice");
        assertThat(acmeAlice.status()).isEqualTo(201);
        assertThat(globexAlice.status()).as("userName is unique per tenant only").isEqualTo(201);
        String acmeGroup = acme.createGroup("Admins").id();

        assertThat(ids(acme.get("/Users?filter=userName%20eq%20%22alice%22"))).containsExactly(acmeAlice.id());
        assertThat(ids(globex.get("/Users"))).containsExactly(globexAlice.id());
        assertScimError(acme.get("/Users/" + globexAlice.id()), 404);
        assertScimError(globex.delete("/Users/" + acmeAlice.id()), 404);
        assertScimError(globex.get("/Groups/" + acmeGroup), 404);
        assertThat(ids(globex.get("/Groups"))).isEmpty();
        assertThat(ids(scim.get("/Users"))).as("no header: the default tenant").isEmpty();
        assertThat(ids(scim.forTenant("default").get("/Users"))).isEmpty();
        assertThat(acme.get("/Users/" + acmeAlice.id()).status()).isEqualTo(200);
    }

    @Test
    void bulk_writesIntoTheRequestsTenant() {
        ScimHttp acme = scim.forTenant("acme");
        Reply bulk = acme.post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                 "Operations":[{"method":"POST","bulkId":"b1","path":"/Users",
                   "data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"carol"}}]}
                """);
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.body().at("/Operations/0/status").asText()).isEqualTo("201");
        assertThat(ids(acme.get("/Users?filter=userName%20eq%20%22carol%22"))).hasSize(1);
        assertThat(ids(scim.forTenant("globex").get("/Users"))).isEmpty();
    }

    @Test
    void duplicateUserName_isAConflict() {
        assertThat(scim.createUser("alice").status()).isEqualTo(201);
        Reply duplicate = scim.createUser("ALICE");
        assertScimError(duplicate, 409);
        assertThat(duplicate.body().path("scimType").asText()).isEqualTo("uniqueness");

        String bob = scim.createUser("bob").id();
        Reply renameOntoAlice = scim.put("/Users/" + bob, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice"}
                """);
        assertScimError(renameOntoAlice, 409);
        assertThat(scim.get("/Users").body().path("totalResults").asInt()).isEqualTo(2);
    }

    @Test
    void missingOrWrongToken_is401() {
        for (ScimHttp client : List.of(scim.withToken(null), scim.withToken("wrong-token"),
                scim.withToken("demo-token-and-more"))) {
            Reply reply = client.get("/Users");
            assertScimError(reply, 401);
            assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        assertScimError(scim.withToken(null).get("/Nope"), 401);
    }

    @Test
    void pathsOutsideProjectAndEnvironment_are404() {
        String origin = service.origin();
        for (String base : List.of(origin + "/scim/v2/other/dev", origin + "/scim/v2/demo/prod",
                origin + "/scim/v1/demo/dev", origin + "/scim/v2/demo", origin + "/scim/v2/demo/dev/Unknown")) {
            Reply reply = new ScimHttp(base, "demo-token").get("/Users");
            assertScimError(reply, 404);
        }
    }

    @Test
    void endpointNames_matchWithoutRegardToCase() {
        String id = scim.createUser("alice").id();
        Reply reply = scim.get("/users/" + id);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().at("/meta/location").asText()).isEqualTo(service.baseUrl() + "/Users/" + id);
    }

    @Test
    void methodsOutsideScim_are405() throws IOException {
        try (RawHttp connection = new RawHttp(service.port())) {
            Response response = connection.request("OPTIONS", "/scim/v2/demo/dev/Users",
                    Map.of("Host", "localhost", "Authorization", "Bearer demo-token"), null);
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.headers().get("Allow")).contains("PATCH");
        }
    }

    @Test
    void malformedQuery_is400() throws IOException {
        try (RawHttp connection = new RawHttp(service.port())) {
            Response response = connection.request("GET", "/scim/v2/demo/dev/Users?filter=userName%zz",
                    Map.of("Host", "localhost", "Authorization", "Bearer demo-token"), null);
            assertThat(response.status()).isEqualTo(400);
            JsonNode body = ScimHttp.JSON.readTree(response.bodyText());
            assertThat(body.path("detail").asText()).isEqualTo("Malformed query string");
            assertThat(body.path("status").asText()).isEqualTo("400");
        }
        assertScimError(scim.get("/Users?filter=nonsense"), 400);
    }

    @Test
    void locations_areBuiltFromTheRequestsHostHeader() throws IOException {
        try (RawHttp connection = new RawHttp(service.port())) {
            Response created = connection.request("POST", "/scim/v2/demo/dev/Users", Map.of(
                    "Host", "scim.example.com:8443",
                    "Authorization", "Bearer demo-token",
                    "Content-Type", "application/scim+json"), """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"dora"}
                    """);
            assertThat(created.status()).isEqualTo(201);
            JsonNode body = ScimHttp.JSON.readTree(created.bodyText());
            String expected = "http://scim.example.com:8443/scim/v2/demo/dev/Users/" + body.path("id").asText();
            assertThat(body.at("/meta/location").asText()).isEqualTo(expected);
            assertThat(created.headers().get("Location")).isEqualTo(expected);

            Response viaOtherHost = connection.request("GET", "/scim/v2/demo/dev/Users/" + body.path("id").asText(),
                    Map.of("Host", "router.internal", "Authorization", "Bearer demo-token"), null);
            assertThat(ScimHttp.JSON.readTree(viaOtherHost.bodyText()).at("/meta/location").asText())
                    .as("location is derived per request, not stored")
                    .isEqualTo("http://router.internal/scim/v2/demo/dev/Users/" + body.path("id").asText());
        }
    }

    @Test
    void locations_takeTheSchemeFromXForwardedProto_httpsOnly() throws IOException {
        try (RawHttp connection = new RawHttp(service.port())) {
            String id = ScimHttp.JSON.readTree(connection.request("POST", "/scim/v2/demo/dev/Users", Map.of(
                    "Host", "scim.example.com", "Authorization", "Bearer demo-token",
                    "Content-Type", "application/scim+json"),
                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"tls.user\"}")
                    .bodyText()).path("id").asText();

            for (String proto : new String[] {"https", "HTTPS", "javascript", "https://evil.example"}) {
                Response fetched = connection.request("GET", "/scim/v2/demo/dev/Users/" + id, Map.of(
                        "Host", "scim.example.com", "Authorization", "Bearer demo-token",
                        "X-Forwarded-Proto", proto), null);
                String scheme = proto.equalsIgnoreCase("https") ? "https" : "http";
                assertThat(ScimHttp.JSON.readTree(fetched.bodyText()).at("/meta/location").asText()).as(proto)
                        .isEqualTo(scheme + "://scim.example.com/scim/v2/demo/dev/Users/" + id);
            }
        }
    }

    @Test
    void plainJsonContentType_isAcceptedAsOktaSendsIt() throws IOException {
        try (RawHttp connection = new RawHttp(service.port())) {
            Response created = connection.request("POST", "/scim/v2/demo/dev/Users", Map.of(
                    "Host", "localhost", "Authorization", "Bearer demo-token", "Content-Type", "application/json"),
                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"okta.user\"}");
            assertThat(created.status()).isEqualTo(201);
        }
        assertThat(ids(scim.get("/Users?filter=userName%20eq%20%22okta.user%22"))).hasSize(1);
    }

    @Test
    void hostHeaderThatCouldInjectIntoUrls_is400() throws IOException {
        try (RawHttp connection = new RawHttp(service.port())) {
            Response response = connection.request("GET", "/scim/v2/demo/dev/Users", Map.of(
                    "Host", "evil.example/path?x=", "Authorization", "Bearer demo-token"), null);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.headers().get("Content-Type")).isEqualTo("application/scim+json");
        }
    }

    @Test
    void keepAlive_servesManyRequestsOnOneConnection() throws IOException {
        try (RawHttp connection = new RawHttp(service.port())) {
            Map<String, String> headers = Map.of("Host", "localhost", "Authorization", "Bearer demo-token");
            for (int i = 0; i < 5; i++) {
                assertThat(connection.request("GET", "/scim/v2/demo/dev/ServiceProviderConfig", headers, null)
                        .status()).isEqualTo(200);
            }
            assertThat(connection.request("GET", "/scim/v2/demo/dev/Nope", headers, null).status()).isEqualTo(404);
            String id = scim.createUser("erin").id();
            Response deleted = connection.request("DELETE", "/scim/v2/demo/dev/Users/" + id, headers, null);
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(deleted.headers()).doesNotContainKey("Content-Length");
            assertThat(connection.request("GET", "/scim/v2/demo/dev/Users", headers, null).status()).isEqualTo(200);
        }
    }

    @Test
    void discoveryEndpoints_answer() {
        Reply config = scim.get("/ServiceProviderConfig");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().at("/patch/supported").asBoolean()).isTrue();
        assertThat(config.body().at("/filter/supported").asBoolean()).isTrue();
        assertThat(config.body().at("/bulk/supported").asBoolean()).isTrue();
        assertThat(config.body().at("/authenticationSchemes/0/type").asText()).isEqualTo("oauthbearertoken");

        Reply resourceTypes = scim.get("/ResourceTypes");
        assertThat(resourceTypes.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(resourceTypes.body().path("Resources").spliterator(), false)
                .map(node -> node.path("endpoint").asText())).contains("/Users", "/Groups");

        Reply schemas = scim.get("/Schemas");
        assertThat(schemas.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(schemas.body().path("Resources").spliterator(), false)
                .map(node -> node.path("id").asText())).contains(
                        "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group");
    }

    @Test
    void close_releasesThePortAndIsIdempotent() {
        int port = service.port();
        service.close();
        service.close();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    private static List<String> ids(Reply list) {
        assertThat(list.status()).isEqualTo(200);
        return StreamSupport.stream(list.body().path("Resources").spliterator(), false)
                .map(node -> node.path("id").asText())
                .toList();
    }

    private static List<String> memberIds(JsonNode group) {
        return StreamSupport.stream(group.path("members").spliterator(), false)
                .map(node -> node.path("value").asText())
                .toList();
    }
}
