package io.scimrouter.demo;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Decodes a raw query string strictly (UTF-8, {@code +} as space, {@code %XX}) and re-encodes it in the one form
 * the SCIM SDK decodes back exactly ({@link URLEncoder}). The router forwards queries byte for byte, so this
 * backend is where {@code %22}, {@code %20} and {@code +} in filters are finally decoded.
 */
final class QueryStrings {

    private QueryStrings() {
    }

    /**
     * @throws IllegalArgumentException on a malformed percent escape or invalid UTF-8
     */
    static String canonical(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        Map<String, List<String>> parameters = new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false)
                .parameters();
        StringJoiner canonical = new StringJoiner("&");
        parameters.forEach((name, values) -> values.forEach(
                value -> canonical.add(encode(name) + "=" + encode(value))));
        return canonical.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
