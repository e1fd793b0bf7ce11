package io.scimrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scimrouter.Router;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.demo.DemoScimService;
import io.scimrouter.testing.ScimHttp;
import io.scimrouter.testing.ScimHttp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entra ID and Okta style request sequences against a real SCIM implementation behind the router: each form (legacy,
 * /v2, /v2/{tenant}) gives the same statuses and the same documents once ids, timestamps, versions and the client's
 * base URL are normalised. Each run uses its own names (legacy and /v2 share the default tenant).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdpSequencesTest {
    private DemoScimService scimService;
    private Router router;

    @BeforeAll
    void start() throws Exception {
        scimService = DemoScimService.start(DemoScimService.Options.defaults());
        router = new Router(ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "0",
                "SCIM_ROUTER_ADMIN_PORT", "-1", "SCIM_ROUTER_BACKEND_URL", scimService.origin(),
                "SCIM_ROUTER_TENANTS_STATIC", "[{project: demo, environment: dev, tenants: [acme]}]"))).start();
    }

    @AfterAll
    void stop() {
        router.close();
        scimService.close();
    }

    private List<ScimHttp> forms() {
        String base = "http://127.0.0.1:" + router.port() + "/scim/v2/demo/dev";
        return List.of(scimClient(base), scimClient(base + "/v2"),
                scimClient(base + "/v2/acme"));
    }

    /** What a step answered, normalised so that forms can be compared. */
    private record Step(int status, JsonNode body) {
    }

    private interface Sequence {
        List<Step> run(ScimHttp scim) throws Exception;
    }

    private void assertSameThroughEveryForm(Sequence sequence) throws Exception {
        List<List<Step>> results = new ArrayList<>();
        for (ScimHttp scim : forms()) {
            results.add(sequence.run(scim));
        }
        assertThat(results.get(1)).isEqualTo(results.get(0));
        assertThat(results.get(2)).isEqualTo(results.get(0));
    }

    private static Step step(ScimHttp scim, Reply a, Map<String, String> ids) {
        if (a.location() != null) {
            assertThat(a.location()).startsWith(scim.baseUrl() + "/");
        }
        return new Step(a.status(), a.body() == null ? null : normalise(a.body().deepCopy(), scim.baseUrl(), ids));
    }

    private static JsonNode normalise(JsonNode node, String base, Map<String, String> ids) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<String> names = new ArrayList<>();
            fields.forEachRemaining(e -> names.add(e.getKey()));
            for (String name : names) {
                JsonNode value = object.get(name);
                if (List.of("created", "lastModified", "version").contains(name)) {
                    object.put(name, "<" + name + ">");
                } else if (value.isTextual()) {
                    object.set(name, new TextNode(text(value.asText(), base, ids)));
                } else {
                    normalise(value, base, ids);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i,
                            new TextNode(text(element.asText(), base, ids)));
                } else {
                    normalise(element, base, ids);
                }
            }
        }
        return node;
    }

    private static String text(String s, String base, Map<String, String> ids) {
        String out = s.replace(base, "<base>");
        for (Map.Entry<String, String> id : ids.entrySet()) {
            out = out.replace(id.getValue(), "<" + id.getKey() + ">");
        }
        return out;
    }

    @Test
    void entraStyleSequence_isTheSameThroughEveryForm() throws Exception {
        assertSameThroughEveryForm(scim -> {
            String runId = UUID.randomUUID().toString().substring(0, 8); // legacy and /v2 share the default tenant
            Map<String, String> ids = new java.util.HashMap<>(Map.of("run", runId));
            List<Step> steps = new ArrayList<>();
            // 1. lookup of a user that does not exist yet (Entra probes with a random value first)
            steps.add(step(scim, scim.get("/Users?filter=userName+eq+%22" + UUID.randomUUID() + "%40contoso.com%22"),
                    ids));
            // 2. create
            Reply created = scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                    + "User\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],\"externalId\":\"e-"
                    + runId + "\",\"userName\":\"alice-" + runId + "@contoso.com\",\"active\":true,\"displayName\":"
                    + "\"Alice\",\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"alice@contoso.com\"}],"
                    + "\"name\":{\"formatted\":\"Alice W\",\"familyName\":\"W\",\"givenName\":\"Alice\"},"
                    + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"R&D\"}}");
            ids.put("user", created.body().get("id").asText());
            steps.add(step(scim, created, ids));
            String user = "/Users/" + ids.get("user");
            // 3. PATCH with Entra's capitalised op
            steps.add(step(scim, scim.patch(user, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Alice W.\"}]}"), ids));
            // 4. group, then membership PATCH with "$ref": null as Entra sends it
            Reply group = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                    + "Group\"],\"displayName\":\"Engineers-" + runId + "\"}");
            ids.put("group", group.body().get("id").asText());
            steps.add(step(scim, group, ids));
            steps.add(step(scim, scim.patch("/Groups/" + ids.get("group"), "{\"schemas\":[\"urn:ietf:params:scim:"
                    + "api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Add\",\"path\":\"members\",\"value\":"
                    + "[{\"$ref\":null,\"value\":\"" + ids.get("user") + "\"}]}]}"), ids));
            steps.add(step(scim, scim.get("/Groups/" + ids.get("group")), ids));
            // 5. deactivate
            steps.add(step(scim, scim.patch(user, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}"), ids));
            steps.add(step(scim, scim.get(user), ids));
            return steps;
        });
    }

    @Test
    void oktaStyleSequence_isTheSameThroughEveryForm() throws Exception {
        assertSameThroughEveryForm(scim -> {
            String runId = UUID.randomUUID().toString().substring(0, 8); // legacy and /v2 share the default tenant
            Map<String, String> ids = new java.util.HashMap<>(Map.of("run", runId));
            List<Step> steps = new ArrayList<>();
            steps.add(step(scim, scim.get("/Users?startIndex=1&count=100&filter=userName%20eq%20%22nobody-" + runId
                    + "%22"), ids));
            String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"bob-" + runId
                    + "@okta.example\",\"name\":{\"givenName\":\"Bob\",\"familyName\":\"B\"},\"emails\":[{\"primary\":"
                    + "true,\"value\":\"bob@okta.example\",\"type\":\"work\"}],\"displayName\":\"Bob B\","
                    + "\"locale\":\"en-US\",\"externalId\":\"00u" + runId + "\",\"groups\":[],\"active\":true}";
            Reply created = scim.post("/Users", body);
            ids.put("user", created.body().get("id").asText());
            steps.add(step(scim, created, ids));
            steps.add(step(scim, scim.post("/Users", body), ids)); // duplicate: 409
            steps.add(step(scim, scim.put("/Users/" + ids.get("user"), body.replace("\"Bob B\"", "\"Robert B\"")),
                    ids));
            Reply group = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                    + "Group\"],\"displayName\":\"Okta-" + runId + "\",\"members\":[{\"value\":\"" + ids.get("user")
                    + "\",\"display\":\"Robert B\"}]}");
            ids.put("group", group.body().get("id").asText());
            steps.add(step(scim, group, ids));
            steps.add(step(scim, scim.get("/Users?startIndex=1&count=100&filter=userName%20eq%20%22bob-" + runId
                    + "%40okta.example%22"), ids));
            return steps;
        });
    }

    /** A client that says it accepts SCIM JSON, as IdPs do. */
    private static ScimHttp scimClient(String base) {
        return new ScimHttp(base, "demo-token").withHeader("Accept", "application/scim+json");
    }
}
