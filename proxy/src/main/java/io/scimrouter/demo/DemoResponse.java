package io.scimrouter.demo;

import java.util.Map;

/**
 * One HTTP response of the demo service, free of Netty types.
 *
 * @param status  HTTP status code
 * @param headers response headers (single values)
 * @param body    response body, empty for 204
 */
record DemoResponse(int status, Map<String, String> headers, String body) {

    DemoResponse {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }
}
