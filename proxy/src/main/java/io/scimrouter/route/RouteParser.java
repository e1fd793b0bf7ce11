package io.scimrouter.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The URL grammar of DESIGN.md as a pure function from a request target to a {@link RouteDecision}.
 *
 * <pre>
 * path = basePath "/" project "/" environment "/" tail
 * tail = "v2" "/" endpoint *("/" segment) ["/"]            ; default tenant
 *      / "v2" "/" tenant "/" segment *("/" segment) ["/"]  ; explicit tenant
 *      / segment *("/" segment) ["/"]                      ; legacy, forwarded unchanged
 * </pre>
 *
 * Parsing is positional, so a project called {@code v2} is still a project. A trailing slash is forwarded as sent
 * and counts as no segment: {@code /v2/} is a bare {@code /v2}, {@code /Users/} reaches the backend as
 * {@code /Users/}; an empty segment anywhere else is refused. The query is never decoded: it is
 * checked for control characters only and forwarded byte for byte. Thread-safe and allocation-light.
 */
public final class RouteParser {
    private static final String TENANT_AWARE_MARKER = "v2";

    private final String basePath;
    private final String defaultTenant;
    private final Pattern tenantPattern;
    private final Set<String> endpointsLowerCase;

    public RouteParser(String basePath, String defaultTenant, Pattern tenantPattern, List<String> endpoints) {
        this.basePath = basePath;
        this.defaultTenant = defaultTenant;
        this.tenantPattern = tenantPattern;
        this.endpointsLowerCase = endpoints.stream()
                .map(e -> e.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** True when {@code name}, in any letter case, is a routing endpoint and so cannot be a tenant key. */
    public boolean isReservedTenantKey(String name) {
        return endpointsLowerCase.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * @param requestTarget the request-target of the request line, in origin form ({@code /path?query}) or absolute
     *                      form ({@code http://host/path?query}); characters stand for bytes (ISO-8859-1)
     */
    public RouteDecision parse(String requestTarget) {
        String target = stripAbsoluteForm(requestTarget);
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return RouteRejection.badRequest("The request target must be an absolute path");
        }
        int queryStart = target.indexOf('?');
        String path = queryStart < 0 ? target : target.substring(0, queryStart);
        String query = queryStart < 0 ? null : target.substring(queryStart + 1);

        String pathProblem = PathChecks.problemInPath(path);
        if (pathProblem != null) {
            return RouteRejection.badRequest(pathProblem);
        }
        if (query != null) {
            String queryProblem = PathChecks.problemInQuery(query);
            if (queryProblem != null) {
                return RouteRejection.badRequest(queryProblem);
            }
        }
        if (!path.startsWith(basePath) || path.length() <= basePath.length()
                || path.charAt(basePath.length()) != '/') {
            return RouteRejection.notFound("No SCIM endpoint here: paths start with " + basePath
                    + "/{project}/{environment}/");
        }
        List<String> segments = split(path, basePath.length() + 1);
        // a trailing slash is part of the resource's name as the client wrote it: forwarded as sent, never a
        // segment of its own (so /v2/ is still a bare /v2)
        boolean trailingSlash = segments.get(segments.size() - 1).isEmpty();
        if (trailingSlash) {
            segments.remove(segments.size() - 1);
        }
        if (segments.size() < 3) {
            return RouteRejection.notFound("No SCIM endpoint here: expected " + basePath
                    + "/{project}/{environment}/{resource}");
        }
        String project = segments.get(0);
        String environment = segments.get(1);
        String legacyBase = basePath + '/' + project + '/' + environment;

        if (!TENANT_AWARE_MARKER.equals(segments.get(2))) {
            return new Route(false, project, environment, null, false, target, legacyBase, legacyBase);
        }
        if (segments.size() == 3) {
            return RouteRejection.notFound("No SCIM resource after " + legacyBase + "/v2");
        }
        String first = segments.get(3);
        String suffix = (trailingSlash ? "/" : "") + (query == null ? "" : "?" + query);
        if (isReservedTenantKey(first)) {
            String rest = join(segments, 3);
            return new Route(true, project, environment, defaultTenant, false,
                    legacyBase + '/' + rest + suffix, legacyBase + "/v2", legacyBase);
        }
        if (!tenantPattern.matcher(first).matches()) {
            return RouteRejection.badRequest("Invalid tenant key: it must match " + tenantPattern.pattern());
        }
        if (segments.size() == 4) {
            return RouteRejection.notFound("No SCIM resource after " + legacyBase + "/v2/" + first);
        }
        String rest = join(segments, 4);
        return new Route(true, project, environment, first, true,
                legacyBase + '/' + rest + suffix, legacyBase + "/v2/" + first, legacyBase);
    }

    /**
     * The origin form of an absolute-form target ({@code http://host/path?query} gives {@code /path?query}); null when
     * there is no path. The authority ends at the first '/', '?' or '#' (RFC 3986 section 3.2), so a '/' in the query
     * of {@code http://host?x=/a} is no path.
     */
    private static String stripAbsoluteForm(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int authorityStart;
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            authorityStart = 7;
        } else if (target.regionMatches(true, 0, "https://", 0, 8)) {
            authorityStart = 8;
        } else {
            return null;
        }
        // the authority ends at the first '/', '?' or '#'; only a '/' starts a path (a '/' in a query does not)
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        if (authorityEnd == authorityStart || authorityEnd == target.length() || target.charAt(authorityEnd) != '/') {
            return null; // no host (http:///x), or no path
        }
        return target.substring(authorityEnd);
    }

    private static List<String> split(String path, int from) {
        List<String> segments = new ArrayList<>(8);
        int start = from;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                segments.add(path.substring(start));
                return segments;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
    }

    private static String join(List<String> segments, int from) {
        return String.join("/", segments.subList(from, segments.size()));
    }
}
