package io.scimrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimrouter.Router;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.demo.DemoScimService;
import io.scimrouter.testing.ScimHttp;
import io.scimrouter.testing.ScimHttp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full SCIM cycle through each URL form: once on the router's embedded default, once with the router in front of
 * a separately started SCIM service (the scim-sdk-server based demo) on loopback. Tenants stay isolated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimCycleTest {
    private Router embedded;
    private DemoScimService scimService;
    private Router inFront;

    @BeforeAll
    void start() throws Exception {
        embedded = new Router(ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "0",
                "SCIM_ROUTER_ADMIN_PORT", "-1"))).start();
        scimService = DemoScimService.start(DemoScimService.Options.defaults());
        URI backend = URI.create(scimService.origin());
        inFront = new Router(ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "0",
                "SCIM_ROUTER_ADMIN_PORT", "-1", "SCIM_ROUTER_BACKEND_URL", backend.toString(),
                "SCIM_ROUTER_TENANTS_STATIC", "[{project: demo, environment: dev, tenants: [acme, globex]}]"))).start();
    }

    @AfterAll
    void stop() {
        embedded.close();
        inFront.close();
        scimService.close();
    }

    private ScimHttp client(String setup, String form) {
        Router router = setup.startsWith("embedded") ? embedded : inFront;
        return scimClient("http://127.0.0.1:" + router.port() + "/scim/v2/demo/dev" + form);
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded:", "embedded:/v2", "embedded:/v2/acme", "embedded:/v2/globex",
        "in-front:", "in-front:/v2", "in-front:/v2/acme"})
    void createGetListPatchPutDelete_throughEachForm(String setupAndForm) throws Exception {
        String form = setupAndForm.substring(setupAndForm.indexOf(':') + 1);
        ScimHttp scim = client(setupAndForm, form);
        String userName = "user-" + UUID.randomUUID();

        Reply created = scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"" + userName + "\",\"active\":true,\"name\":{\"givenName\":\"Bar\"}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.location()).isEqualTo(created.body().at("/meta/location").asText())
                .isEqualTo(scim.baseUrl() + "/Users/" + id); // the client's own form, through every form

        Reply got = scim.get("/Users/" + id);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().get("userName").asText()).isEqualTo(userName);

        Reply listed = scim.get("/Users?filter=userName%20eq%20%22" + userName + "%22&startIndex=1&count=10");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().get("totalResults").asInt()).isEqualTo(1);
        assertThat(listed.body().at("/Resources/0/id").asText()).isEqualTo(id);

        Reply patched = scim.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(scim.get("/Users/" + id).body().get("active").asBoolean()).isFalse();

        Reply group = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"g-" + userName + "\"}");
        assertThat(group.status()).isEqualTo(201);
        String groupId = group.body().get("id").asText();
        Reply added = scim.patch("/Groups/" + groupId, "{\"schemas\":[\"urn:ietf:params:scim:api:"
                + "messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[{\"value\":\""
                + id + "\",\"$ref\":\"" + scim.baseUrl() + "/Users/" + id + "\"}]}]}");
        assertThat(added.status()).isIn(200, 204);
        JsonNode members = scim.get("/Groups/" + groupId).body().get("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("value").asText()).isEqualTo(id);
        Reply removed = scim.patch("/Groups/" + groupId, "{\"schemas\":[\"urn:ietf:params:scim:api:"
                + "messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id
                + "\\\"]\"}]}");
        assertThat(removed.status()).isIn(200, 204);
        JsonNode after = scim.get("/Groups/" + groupId).body().get("members");
        assertThat(after == null || after.isEmpty()).isTrue();

        Reply replaced = scim.put("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                + "User\"],\"userName\":\"" + userName + "\",\"displayName\":\"Replaced\"}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().get("displayName").asText()).isEqualTo("Replaced");

        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
        assertThat(scim.get("/Users/" + id).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "in-front"})
    void tenantsAreIsolated_acrossForms(String setup) throws Exception {
        String userName = "iso-" + UUID.randomUUID();
        String user = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\"}";
        assertThat(client(setup, "/v2/acme").post("/Users", user).status()).isEqualTo(201);
        String filter = "/Users?filter=userName%20eq%20%22" + userName + "%22";
        assertThat(client(setup, "/v2/acme").get(filter).body().get("totalResults").asInt()).isEqualTo(1);
        for (String other : new String[] {"/v2/globex", "/v2", ""}) {
            if (setup.equals("in-front") && other.equals("/v2/globex")) {
                continue;
            }
            assertThat(client(setup, other).get(filter).body().get("totalResults").asInt()).as(other).isZero();
        }
        // the same userName may exist in another tenant
        assertThat(client(setup, "/v2").post("/Users", user).status()).isEqualTo(201);
        assertThat(client(setup, "/v2/acme").post("/Users", user).status()).isEqualTo(409);
    }

    /** A client that says it accepts SCIM JSON, as IdPs do. */
    private static ScimHttp scimClient(String base) {
        return new ScimHttp(base, "demo-token").withHeader("Accept", "application/scim+json");
    }
}
