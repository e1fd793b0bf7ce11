package io.scimrouter.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the router must do with a request target, written down again, independently of {@link RouteParser}, from
 * RFC 3986 and the README's URL and error tables: a test oracle. Where RouteParser scans characters, this model uses
 * the RFC's grammar as regular expressions and whole-string steps, in the order the README gives:
 *
 * <ol>
 *   <li>the form: origin form ({@code /path?query}), or absolute form ({@code http://authority/path?query}, any
 *       letter case in the scheme), whose authority ends at the first '/', '?' or '#' (RFC 3986 section 3.2) and
 *       must be followed by a path; anything else is 400;</li>
 *   <li>the path must be RFC 3986's {@code path-absolute}: '/'-separated segments of pchar (unreserved, sub-delims,
 *       ':', '@') and {@code %XX} escapes; a segment may not decode to '/', '\', a control character, "." or "..";
 *       only the last segment may be empty (a trailing slash); any violation is 400;</li>
 *   <li>the query may hold any byte but control characters and '#' (it is forwarded byte for byte), else 400;</li>
 *   <li>only then the meaning (README table): outside the base path, or fewer than project, environment and one
 *       more segment, 404; {@code v2} (exactly) as the third segment starts the tenant-aware forms: nothing after it
 *       404, an endpoint name (any letter case) the default tenant, else a tenant key that must match the pattern
 *       (400) and be followed by a resource (404); anything else is the legacy form, forwarded as sent.</li>
 * </ol>
 * A trailing slash is no segment of its own and is kept in what is forwarded.
 */
final class UrlGrammarModel {
    /** RFC 3986: pchar = unreserved / pct-encoded / sub-delims / ":" / "@". */
    private static final String PCHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})";
    /** path-absolute, with the empty last segment RFC 3986's path-abempty allows. */
    private static final Pattern PATH_ABSOLUTE = Pattern.compile("(?:/" + PCHAR + "*)+");
    private static final Pattern SCHEME_PREFIX = Pattern.compile("(?i)^https?://");

    /** The model's verdict: a status for a refusal, or the route with what the backend gets. */
    record Outcome(int status, boolean tenantAware, boolean explicitTenant, String tenant, String project,
                   String environment, String forwarded, String clientBase, String legacyBase) {
        static Outcome refused(int status) {
            return new Outcome(status, false, false, null, null, null, null, null, null);
        }
    }

    private final List<String> baseSegments;
    private final String basePath;
    private final List<String> endpoints;
    private final Pattern tenantPattern;
    private final String defaultTenant;

    UrlGrammarModel(String basePath, List<String> endpoints, Pattern tenantPattern, String defaultTenant) {
        this.basePath = basePath;
        this.baseSegments = Arrays.asList(basePath.substring(1).split("/"));
        this.endpoints = endpoints;
        this.tenantPattern = tenantPattern;
        this.defaultTenant = defaultTenant;
    }

    Outcome decide(String target) {
        String originForm = originForm(target);
        if (originForm == null) {
            return Outcome.refused(400);
        }
        int q = originForm.indexOf('?');
        String path = q < 0 ? originForm : originForm.substring(0, q);
        String query = q < 0 ? null : originForm.substring(q + 1);
        if (!PATH_ABSOLUTE.matcher(path).matches()) {
            return Outcome.refused(400);
        }
        List<String> segments = new ArrayList<>(Arrays.asList(path.substring(1).split("/", -1)));
        boolean trailingSlash = segments.get(segments.size() - 1).isEmpty();
        if (trailingSlash) {
            segments.remove(segments.size() - 1);
        }
        for (String segment : segments) {
            String decoded = decode(segment);
            if (segment.isEmpty() || decoded.equals(".") || decoded.equals("..")
                    || decoded.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f)) {
                return Outcome.refused(400);
            }
        }
        if (query != null && query.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '#')) {
            return Outcome.refused(400);
        }
        if (segments.size() < baseSegments.size() + 3
                || !segments.subList(0, baseSegments.size()).equals(baseSegments)) {
            return Outcome.refused(404);
        }
        List<String> rest = segments.subList(baseSegments.size(), segments.size());
        String project = rest.get(0);
        String environment = rest.get(1);
        String legacyBase = basePath + "/" + project + "/" + environment;
        if (!rest.get(2).equals("v2")) {
            return new Outcome(0, false, false, null, project, environment, originForm, legacyBase, legacyBase);
        }
        String suffix = (trailingSlash ? "/" : "") + (query == null ? "" : "?" + query);
        if (rest.size() == 3) {
            return Outcome.refused(404);
        }
        String first = rest.get(3);
        if (isEndpoint(first)) {
            return new Outcome(0, true, false, defaultTenant, project, environment,
                    legacyBase + "/" + String.join("/", rest.subList(3, rest.size())) + suffix, legacyBase + "/v2",
                    legacyBase);
        }
        if (!tenantPattern.matcher(first).matches()) {
            return Outcome.refused(400);
        }
        if (rest.size() == 4) {
            return Outcome.refused(404);
        }
        return new Outcome(0, true, true, first, project, environment,
                legacyBase + "/" + String.join("/", rest.subList(4, rest.size())) + suffix,
                legacyBase + "/v2/" + first, legacyBase);
    }

    private boolean isEndpoint(String segment) {
        for (String endpoint : endpoints) {
            if (endpoint.toLowerCase(Locale.ROOT).equals(segment.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The origin form of the target, or null when it has none. */
    private static String originForm(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        java.util.regex.Matcher scheme = SCHEME_PREFIX.matcher(target);
        if (!scheme.find()) {
            return null;
        }
        String afterScheme = target.substring(scheme.end());
        int end = afterScheme.length();
        for (char delimiter : new char[] {'/', '?', '#'}) {
            int at = afterScheme.indexOf(delimiter);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end < afterScheme.length() && afterScheme.charAt(end) == '/' ? afterScheme.substring(end) : null;
    }

    /** One segment with its (well-formed) %XX escapes decoded to the bytes they stand for. */
    private static String decode(String segment) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                out.append((char) Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
