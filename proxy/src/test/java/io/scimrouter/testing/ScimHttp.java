package io.scimrouter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SCIM client of the tests: one base URL (a URL form of the router, or a SCIM service itself), an optional
 * bearer token, query strings sent exactly as written, JSON in and out over HTTP/1.1. Immutable: {@link #withHeader},
 * {@link #withToken} and {@link #forTenant} return changed copies.
 */
public final class ScimHttp {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One answer: status, headers, and the parsed body (null when empty). */
    public record Reply(int status, HttpResponse<String> raw, JsonNode body) {
        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** The Location header, or null. */
        public String location() {
            return header("Location").orElse(null);
        }

        /** The body as received. */
        public String text() {
            return raw.body();
        }

        public String id() {
            return body.path("id").asText();
        }

        /** The ids of a list answer's {@code Resources}, in order. */
        public List<String> resourceIds() {
            List<String> ids = new ArrayList<>();
            body.path("Resources").forEach(resource -> ids.add(resource.path("id").asText()));
            return ids;
        }

        /** The {@code value}s of a group's {@code members}. */
        public List<String> memberIds() {
            List<String> ids = new ArrayList<>();
            body.path("members").forEach(member -> ids.add(member.path("value").asText()));
            return ids;
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private final String baseUrl;
    private final String token;
    private final Map<String, String> extraHeaders;

    /**
     * @param baseUrl {@code http://host:port} plus a URL form's prefix, without a trailing slash
     * @param token   the bearer token, or null to send no Authorization header
     */
    public ScimHttp(String baseUrl, String token) {
        this(baseUrl, token, Map.of());
    }

    private ScimHttp(String baseUrl, String token, Map<String, String> extraHeaders) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.extraHeaders = extraHeaders;
    }

    public static ScimHttp of(int port, String prefix, String token) {
        return new ScimHttp("http://127.0.0.1:" + port + prefix, token);
    }

    /** The same client sending one more header on every request (replacing an earlier one of that name). */
    public ScimHttp withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new ScimHttp(baseUrl, token, Map.copyOf(headers));
    }

    /** The same client with another bearer token (null: none). */
    public ScimHttp withToken(String otherToken) {
        return new ScimHttp(baseUrl, otherToken, extraHeaders);
    }

    /** The same client naming a tenant in {@code X-Tenant-Id}, as the router does toward a backend. */
    public ScimHttp forTenant(String tenant) {
        return withHeader("X-Tenant-Id", tenant);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    public Reply post(String path, String json) {
        return send("POST", path, json);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    public Reply patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    public Reply createUser(String userName) {
        return post("/Users", """
                {"schemas":["%s"],"userName":%s,"active":true}
                """.formatted(USER_SCHEMA, quote(userName)));
    }

    public Reply createGroup(String displayName) {
        return post("/Groups", """
                {"schemas":["%s"],"displayName":%s}
                """.formatted(GROUP_SCHEMA, quote(displayName)));
    }

    /** {@code ?filter=userName eq "name"}, percent-encoded the way IdPs send it. */
    public Reply findUser(String userName) {
        return get("/Users?filter=userName%20eq%20%22" + userName + "%22");
    }

    public static String patchOp(String operationsJson) {
        return """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":%s}
                """.formatted(operationsJson);
    }

    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply send(String method, String pathAndQuery, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/scim+json");
        }
        extraHeaders.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), response, body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
