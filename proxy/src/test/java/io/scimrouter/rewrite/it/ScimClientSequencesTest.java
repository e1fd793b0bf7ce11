package io.scimrouter.rewrite.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimrouter.Router;
import io.scimrouter.RouterSeams;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.demo.DemoScimService;
import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Entra-style and an Okta-style provisioning sequence against a real SCIM implementation behind the router give
 * the same statuses and documents through the legacy form, /v2 and /v2/{tenant}, once the client's base URL, ids and
 * timestamps are normalised. Each form gets a fresh service, so each sequence starts from the same empty data.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class ScimClientSequencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "demo-token";
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern VERSION = Pattern.compile("W/\\\\?\"[^\"\\\\]*\\\\?\"");

    /** The three ways a client addresses project demo, environment dev. */
    enum Form {
        LEGACY("/scim/v2/demo/dev"), DEFAULT_TENANT("/scim/v2/demo/dev/v2"), TENANT("/scim/v2/demo/dev/v2/acme");

        final String path;

        Form(String path) {
            this.path = path;
        }
    }

    /** One answer after normalisation: what must be equal across forms. */
    record Step(String name, int status, String location, JsonNode body) {
    }

    /** The router's body rewriters: every sequence runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    private final String random = UUID.randomUUID().toString().substring(0, 8); // same data for every form

    @Test
    void entraStyleSequence_sameThroughEveryForm() throws Exception {
        Map<Form, List<Step>> results = runInEveryForm(this::entra);

        List<Step> legacy = results.get(Form.LEGACY);
        assertThat(legacy).extracting(Step::status).containsExactly(200, 201, 200, 201, 200, 200, 200, 200);
        assertThat(results.get(Form.DEFAULT_TENANT)).isEqualTo(legacy);
        assertThat(results.get(Form.TENANT)).isEqualTo(legacy);
        assertThat(legacy.get(6).body().path("active").asBoolean(true)).as("deactivated").isFalse();
        assertThat(legacy.get(7).body().at("/members/0/value").asText()).isEqualTo("{id1}");
        assertThat(legacy.get(7).body().at("/meta/location").asText()).isEqualTo("{base}/Groups/{id2}");
    }

    @Test
    void oktaStyleSequence_sameThroughEveryForm() throws Exception {
        Map<Form, List<Step>> results = runInEveryForm(this::okta);

        List<Step> legacy = results.get(Form.LEGACY);
        assertThat(legacy).extracting(Step::status).containsExactly(200, 201, 409, 200, 201, 200, 200);
        assertThat(results.get(Form.DEFAULT_TENANT)).isEqualTo(legacy);
        assertThat(results.get(Form.TENANT)).isEqualTo(legacy);
        assertThat(legacy.get(1).location()).isEqualTo("{base}/Users/{id1}");
        assertThat(legacy.get(5).body().at("/members/0/value").asText()).isEqualTo("{id1}");
    }

    private List<Step> entra(Client c) throws Exception {
        c.call("lookup", "GET", "/Users?filter=userName+eq+%22" + random + "%40contoso.test%22", null);
        String userId = c.call("create user", "POST", "/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"ext-%1$s","userName":"%1$s@contoso.test","active":true,"displayName":"Ada Lovelace",
                 "emails":[{"primary":true,"type":"work","value":"%1$s@contoso.test"}],
                 "name":{"formatted":"Ada Lovelace","familyName":"Lovelace","givenName":"Ada"}}
                """.formatted(random)).path("id").asText();
        c.call("rename", "PATCH", "/Users/" + userId, patch(
                "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Ada K. Lovelace\"}]"));
        String groupId = c.call("create group", "POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"g-%s","displayName":"Eng"}
                """.formatted(random)).path("id").asText();
        c.call("add member", "PATCH", "/Groups/" + groupId, patch(
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + userId + "\"}]}]"));
        c.call("deactivate", "PATCH", "/Users/" + userId, patch(
                "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]"));
        c.call("read user", "GET", "/Users/" + userId, null);
        c.call("read group", "GET", "/Groups/" + groupId, null);
        return c.steps;
    }

    private List<Step> okta(Client c) throws Exception {
        c.call("page", "GET", "/Users?startIndex=1&count=100", null);
        String user = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1$s@okta.test",
                 "name":{"givenName":"Grace","familyName":"Hopper"},"displayName":"Grace Hopper","locale":"en-US",
                 "emails":[{"primary":true,"value":"%1$s@okta.test","type":"work"}],"externalId":"00u%1$s",
                 "active":true}
                """.formatted(random);
        String userId = c.call("create", "POST", "/Users", user).path("id").asText();
        c.call("duplicate", "POST", "/Users", user);
        c.call("replace", "PUT", "/Users/" + userId, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%2$s","userName":"%1$s@okta.test",
                 "name":{"givenName":"Grace","familyName":"Hopper"},"displayName":"Rear Admiral Hopper",
                 "emails":[{"primary":true,"value":"%1$s@okta.test","type":"work"}],"active":true}
                """.formatted(random, userId));
        String groupId = c.call("create group", "POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Okta %s",
                 "members":[{"value":"%s","display":"Grace Hopper","$ref":"%s/Users/%s"}]}
                """.formatted(random, userId, c.base, userId)).path("id").asText();
        c.call("read group", "GET", "/Groups/" + groupId, null);
        c.call("page again", "GET", "/Users?startIndex=1&count=100", null);
        return c.steps;
    }

    private static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
    }

    @FunctionalInterface
    private interface Sequence {
        List<Step> run(Client client) throws Exception;
    }

    private Map<Form, List<Step>> runInEveryForm(Sequence sequence) throws Exception {
        Map<Form, List<Step>> results = new LinkedHashMap<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Form form : Form.values()) {
            try (DemoScimService service = DemoScimService.start(DemoScimService.Options.defaults());
                 Router router = RouterSeams.rewriters(new Router(routerFor(service)), rewriter).start()) {
                results.put(form, sequence.run(new Client(http, "http://127.0.0.1:" + router.port() + form.path)));
            }
        }
        return results;
    }

    private static RouterConfig routerFor(DemoScimService service) {
        return TestConfigs.builder(URI.create(service.origin())).staticTenants("demo", "dev", "acme").build();
    }

    /** Sends requests on one base URL and records normalised answers. */
    private static final class Client {
        final String base;
        private final HttpClient http;
        private final Map<String, String> ids = new LinkedHashMap<>();
        final List<Step> steps = new ArrayList<>();

        Client(HttpClient http, String base) {
            this.http = http;
            this.base = base;
        }

        /** Returns the raw answer body (for ids); records its normalised form. */
        JsonNode call(String name, String method, String pathAndQuery, String json)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/scim+json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String location = response.headers().firstValue("Location").map(this::normalise).orElse(null);
            String body = response.body();
            JsonNode normalised = body.isEmpty() ? null : JSON.readTree(normalise(body));
            assertThat(body.isEmpty() ? "" : normalise(body)).as("%s: no legacy or foreign base left", name)
                    .doesNotContain("/scim/v2/demo/dev");
            steps.add(new Step(name, response.statusCode(), location, normalised));
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }

        /** The client's base becomes {base}; ids {id1}, {id2}... in order of appearance; times and versions fixed. */
        private String normalise(String text) {
            String s = text.replace(base, "{base}");
            s = replaceAll(UUID_TEXT, s, id -> ids.computeIfAbsent(id.toLowerCase(), k -> "{id" + (ids.size() + 1)
                    + "}"));
            s = replaceAll(TIMESTAMP, s, t -> "{time}");
            return replaceAll(VERSION, s, v -> "{version}");
        }

        private static String replaceAll(Pattern pattern, String text, Function<String, String> replacement) {
            Matcher m = pattern.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m.group())));
            }
            m.appendTail(sb);
            return sb.toString();
        }
    }
}
