package io.scimrouter.shadow;

import java.util.List;
import java.util.Map;

/**
 * What a replay of one legacy read needs, copied from the exchange when it ended. The headers (with the caller's
 * {@code Authorization}) are held in memory for the replay only; {@link #toString} shows none of them, nor the query.
 *
 * @param project     the project segment as sent
 * @param environment the environment segment as sent
 * @param target      path and query as the backend received them
 * @param legacyBase  the legacy base path, e.g. {@code /scim/v2/p1/e1}
 * @param headers     the request headers to send again, name and value pairs
 * @param body        the body of a {@code POST .search}, whole; null for a {@code GET}
 */
public record ShadowRead(String project, String environment, String target, String legacyBase,
                         List<Map.Entry<String, String>> headers, byte[] body) {

    public ShadowRead {
        headers = List.copyOf(headers);
    }

    /** A {@code GET}. */
    public ShadowRead(String project, String environment, String target, String legacyBase,
                      List<Map.Entry<String, String>> headers) {
        this(project, environment, target, legacyBase, headers, null);
    }

    /** {@code GET}, or {@code POST} for a search with its body. */
    public String method() {
        return body == null ? "GET" : "POST";
    }

    /** The path without its query: SCIM filters in the query carry user names and e-mails. */
    public String pathWithoutQuery() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The value of a replayed header (names compare without regard to case), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ShadowRead[" + method() + " " + project + "/" + environment + " " + pathWithoutQuery() + "]";
    }
}
