package io.scimrouter.demo;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as the demo service sees it, free of Netty types.
 *
 * @param method  HTTP method name, upper case
 * @param rawUri  request target exactly as received (path and raw query)
 * @param headers header values keyed by lower-case name; the first value wins for repeated headers
 * @param body    request body decoded as UTF-8, empty when there is none
 */
record DemoRequest(String method, String rawUri, Map<String, String> headers, String body) {

    DemoRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawUri, "rawUri");
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    String rawPath() {
        int query = rawUri.indexOf('?');
        return query < 0 ? rawUri : rawUri.substring(0, query);
    }

    String rawQuery() {
        int query = rawUri.indexOf('?');
        return query < 0 ? "" : rawUri.substring(query + 1);
    }
}
