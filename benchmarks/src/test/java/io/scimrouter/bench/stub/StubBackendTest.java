package io.scimrouter.bench.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StubBackendTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private StubBackend stub;
    private String base;

    @BeforeEach
    void start() throws InterruptedException {
        stub = StubBackend.start(StubOptions.loopbackEphemeral(), 1);
        base = "http://127.0.0.1:" + stub.port() + "/scim/v2/p1/e1";
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void getUser_answersAboutOneKilobyteOfScimWithAbsoluteLocations() throws Exception {
        HttpResponse<String> response = send("GET", "/Users/u-42", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/scim+json");
        assertThat(response.body().length()).isBetween(900, 1600);
        JsonNode user = json.readTree(response.body());
        assertThat(texts(user.get("schemas"))).containsExactly(USER, ENTERPRISE);
        assertThat(user.get("id").asText()).isEqualTo("u-42");
        assertThat(user.at("/meta/location").asText()).isEqualTo(base + "/Users/u-42");
        assertThat(user.at("/meta/resourceType").asText()).isEqualTo("User");
        assertThat(user.get("emails")).hasSize(2);
        assertThat(user.at("/groups/0/$ref").asText()).isEqualTo(base + "/Groups/g-0000000001");
        assertThat(user.path(ENTERPRISE).at("/manager/$ref").asText()).startsWith(base + "/Users/");
    }

    @Test
    void filter_answersListResponseWithOneUser() throws Exception {
        HttpResponse<String> response = send("GET",
                "/Users?filter=userName%20eq%20%22loaduser-7%40example.com%22", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = json.readTree(response.body());
        assertThat(texts(list.get("schemas"))).containsExactly(LIST);
        assertThat(list.get("totalResults").asLong()).isEqualTo(1);
        assertThat(list.get("Resources")).hasSize(1);
        assertThat(list.at("/Resources/0/meta/location").asText()).startsWith(base + "/Users/u-");
    }

    @Test
    void count_answersThatManyUsers() throws Exception {
        for (int count : new int[] {0, 3, 250}) {
            JsonNode list = json.readTree(send("GET", "/Users?count=" + count, null).body());

            assertThat(list.get("totalResults").asLong()).isEqualTo(count);
            assertThat(list.get("Resources")).hasSize(count);
        }
    }

    @Test
    void post_answers201WithLocationOfTheCreatedResource() throws Exception {
        HttpResponse<String> response = send("POST", "/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = json.readTree(response.body());
        assertThat(response.headers().firstValue("location")).hasValue(created.at("/meta/location").asText());
        assertThat(created.at("/meta/location").asText()).startsWith(base + "/Users/u-");
    }

    @Test
    void patchPutDeleteOnGroups_answerLikeAScimService() throws Exception {
        HttpResponse<String> patched = send("PATCH", "/Groups/g-9", "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[]}");
        HttpResponse<String> put = send("PUT", "/Users/u-9", "{}");
        HttpResponse<String> deleted = send("DELETE", "/Users/u-9", null);

        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode group = json.readTree(patched.body());
        assertThat(texts(group.get("schemas"))).containsExactly("urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(group.at("/meta/location").asText()).isEqualTo(base + "/Groups/g-9");
        assertThat(group.at("/members/0/$ref").asText()).startsWith(base + "/Users/");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
    }

    @Test
    void unknownEndpoint_answersScimError404() throws Exception {
        HttpResponse<String> response = send("GET", "/Devices/1", null);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = json.readTree(response.body());
        assertThat(texts(error.get("schemas"))).containsExactly("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.get("status").asText()).isEqualTo("404");
    }

    @Test
    void listBytes_streamsValidJsonOfTheRequestedSize() throws Exception {
        int requested = 5 * 1024 * 1024;
        HttpResponse<byte[]> response = client.send(request("GET", "/Users?listBytes=" + requested, null),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        assertThat(response.body().length).isBetween(requested - 1600, requested + 1600);
        JsonNode list = json.readTree(response.body());
        assertThat(list.get("totalResults").asLong()).isEqualTo(list.get("Resources").size()).isGreaterThan(3000);
        JsonNode last = list.get("Resources").get(list.get("Resources").size() - 1);
        assertThat(last.at("/meta/location").asText()).startsWith(base + "/Users/u-");
    }

    @Test
    void keepAlive_servesManyRequestsOnOneConnection() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(send("GET", "/Users/u-" + i, null).statusCode()).isEqualTo(200);
        }
        assertThat(stub.requestCount()).isEqualTo(50);
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        return client.send(request(method, pathAndQuery, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String pathAndQuery, String body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", "application/scim+json");
        }
        return builder.build();
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
