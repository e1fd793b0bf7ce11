package io.scimrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small SCIM client for end-to-end tests: one base URL, bearer token, JSON in and out. */
final class ScimClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;

    ScimClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    String base() {
        return base;
    }

    Answer get(String path) throws Exception {
        return send("GET", path, null);
    }

    Answer post(String path, String json) throws Exception {
        return send("POST", path, json);
    }

    Answer put(String path, String json) throws Exception {
        return send("PUT", path, json);
    }

    Answer patch(String path, String json) throws Exception {
        return send("PATCH", path, json);
    }

    Answer delete(String path) throws Exception {
        return send("DELETE", path, null);
    }

    Answer send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json");
        if (json != null) {
            b.header("Content-Type", "application/scim+json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), body, r.headers().firstValue("Location").orElse(null), r.body());
    }

    record Answer(int status, JsonNode json, String location, String raw) {
    }
}
