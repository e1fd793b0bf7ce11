package io.scimrouter.bench.load;

import io.netty.handler.codec.http.HttpMethod;

/**
 * One request of a scenario, relative to a tenant's base URL.
 *
 * @param pathAndQuery appended to the base path, starting with '/', query already percent-encoded
 * @param body         JSON body or null
 */
public record ScimRequest(HttpMethod method, String pathAndQuery, byte[] body) {
}
