package io.scimrouter.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which absolute URLs of one /v2 exchange are rewritten, in each direction. Pure: built from strings.
 *
 * <ul>
 *   <li>answers: {@code {origin}{legacyBase}} for the backend's origin, the public origin and every configured
 *       backend base becomes {@code {publicOrigin}{clientBase}};</li>
 *   <li>requests: {@code {publicOrigin}{clientBase}} becomes {@code {publicOrigin}{legacyBase}}: the backend sees
 *       the URLs it would have seen without the router.</li>
 * </ul>
 *
 * @param responses mapping for answer bodies and Location/Content-Location
 * @param requests  mapping for request bodies
 */
public record TenantUrlPlan(UrlMapping responses, UrlMapping requests) {

    /**
     * @param publicOrigin   e.g. {@code https://scim.example.com} (server.publicUrl, or the validated Host)
     * @param backendOrigin  e.g. {@code http://10.0.0.5:8080}
     * @param extraOrigins   rewrite.backendBaseUrls
     * @param legacyBase     e.g. {@code /scim/v2/p1/e1}
     * @param clientBase     e.g. {@code /scim/v2/p1/e1/v2/acme}
     */
    public static TenantUrlPlan of(String publicOrigin, String backendOrigin, List<String> extraOrigins,
                                   String legacyBase, String clientBase) {
        List<String> legacyBases = new ArrayList<>(2 + extraOrigins.size());
        addOnce(legacyBases, backendOrigin + legacyBase);
        addOnce(legacyBases, publicOrigin + legacyBase);
        for (String origin : extraOrigins) {
            addOnce(legacyBases, stripSlash(origin) + legacyBase);
        }
        String clientVisible = publicOrigin + clientBase;
        return new TenantUrlPlan(UrlMapping.of(legacyBases, clientVisible),
                UrlMapping.of(List.of(clientVisible), publicOrigin + legacyBase));
    }

    /** True for the content types IdPs and backends use for JSON: */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json")
                && (type.startsWith("application/") || type.startsWith("text/"));
    }

    private static void addOnce(List<String> bases, String base) {
        for (String b : bases) {
            if (b.equalsIgnoreCase(base)) {
                return;
            }
        }
        bases.add(base);
    }

    private static String stripSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
