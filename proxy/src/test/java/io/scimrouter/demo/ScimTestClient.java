package io.scimrouter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A small SCIM client for tests: one tenant (or none), one token, raw query strings sent as written. */
final class ScimTestClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, the headers we assert on, the parsed body (null when empty). */
    record Reply(int status, HttpResponse<String> raw, JsonNode body) {

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String id() {
            return body.path("id").asText();
        }
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String token;
    private final String tenant;

    ScimTestClient(HttpClient http, String baseUrl, String token, String tenant) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
        this.tenant = tenant;
    }

    ScimTestClient forTenant(String otherTenant) {
        return new ScimTestClient(http, baseUrl, token, otherTenant);
    }

    ScimTestClient withToken(String otherToken) {
        return new ScimTestClient(http, baseUrl, otherToken, tenant);
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    Reply patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Reply createUser(String userName) {
        return post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":%s,"active":true}
                """.formatted(quote(userName)));
    }

    Reply createGroup(String displayName) {
        return post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":%s}
                """.formatted(quote(displayName)));
    }

    static String patchOp(String operationsJson) {
        return """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":%s}
                """.formatted(operationsJson);
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply send(String method, String pathAndQuery, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (tenant != null) {
            request.header("X-Tenant-Id", tenant);
        }
        if (json != null) {
            request.header("Content-Type", "application/scim+json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), response, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
