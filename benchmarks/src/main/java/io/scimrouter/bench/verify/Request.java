package io.scimrouter.bench.verify;

import java.util.Map;

/**
 * A request of a step, relative to a form's base URL.
 *
 * @param path        starting with '/', query percent-encoded
 * @param json        body, or null
 * @param contentType of the body
 * @param headers     extra headers such as {@code If-Match}
 */
record Request(String method, String path, String json, String contentType, Map<String, String> headers) {
    static final String SCIM_JSON = "application/scim+json";

    static Request get(String path) {
        return new Request("GET", path, null, null, Map.of());
    }

    static Request delete(String path) {
        return new Request("DELETE", path, null, null, Map.of());
    }

    static Request post(String path, String json) {
        return new Request("POST", path, json, SCIM_JSON, Map.of());
    }

    static Request put(String path, String json) {
        return new Request("PUT", path, json, SCIM_JSON, Map.of());
    }

    static Request patch(String path, String operationsJson) {
        return new Request("PATCH", path, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":" + operationsJson + "}", SCIM_JSON, Map.of());
    }

    /** As Okta sends some requests: plain {@code application/json}. */
    Request asPlainJson() {
        return new Request(method, path, json, "application/json", headers);
    }

    Request withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Request(method, path, json, contentType, more);
    }
}
