package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Backend;
import io.scimrouter.config.RouterConfig.Rewrite;
import io.scimrouter.config.RouterConfig.Rollout;
import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Maps the raw values of each section, except tenants ({@link TenantsBinder}), into its record, key by key. */
final class RecordBinder {
    static final List<String> DEFAULT_ENDPOINTS = List.of(
            "Users", "Groups", "Me", "Bulk", ".search", "ServiceProviderConfig", "ResourceTypes", "Schemas");

    // headers the router forwards or sets itself; using one as the tenant header would corrupt the exchange
    private static final Set<String> HEADERS_NOT_FOR_TENANTS = Set.of(
            "host", "authorization", "content-length", "content-type", "content-encoding", "transfer-encoding",
            "connection", "keep-alive", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");

    private static final String ORIGIN_ONLY = "write only scheme, host and optional port";
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;

    private final ConfigValues values;

    RecordBinder(ConfigValues values) {
        this.values = values;
    }

    Server server() {
        String publicUrl = values.text("server.publicUrl", null);
        return new Server(
                host("server.host"),
                (int) values.integer("server.port", 8080, 0, 65_535),
                publicUrl == null ? null : Urls.origin(values, "server.publicUrl", publicUrl,
                        "the router appends the request path itself; " + ORIGIN_ONLY),
                values.size("server.maxRequestBodyBytes", 10 * MIB, 1, Long.MAX_VALUE),
                (int) values.size("server.maxHeaderBytes", 16 * KIB, 1, Integer.MAX_VALUE),
                (int) values.size("server.maxInitialLineLength", 8 * KIB, 1, Integer.MAX_VALUE),
                values.duration("server.clientIdleTimeout", Duration.ofSeconds(60), false),
                values.duration("server.requestHeadTimeout", Duration.ofSeconds(30), false),
                (int) values.integer("server.workerThreads", 0, 0, 1024));
    }

    Backend backend() {
        return new Backend(
                backendUrl("backend.url"),
                backendUrl("backend.tenantAwareUrl"),
                values.duration("backend.connectTimeout", Duration.ofSeconds(2), false),
                values.duration("backend.responseTimeout", Duration.ofSeconds(30), false),
                values.duration("backend.idleTimeout", Duration.ofSeconds(20), false),
                (int) values.integer("backend.maxConnectionsPerLoop", 64, 1, 100_000),
                values.flag("backend.preserveHost", true));
    }

    Routing routing() {
        String basePath = basePath();
        String tenantHeader = tenantHeader();
        Pattern tenantPattern = tenantPattern();
        String defaultTenant = values.text("routing.defaultTenant", "default");
        if (!tenantPattern.matcher(defaultTenant).matches()) {
            throw values.fail("routing.defaultTenant", Syntax.quote(defaultTenant)
                    + " does not match routing.tenantPattern " + tenantPattern.pattern());
        }
        return new Routing(basePath, tenantHeader, defaultTenant, tenantPattern, endpoints());
    }

    Rollout rollout() {
        return new Rollout(rolloutRules("rollout.tenantAware.allow", List.of("*")),
                rolloutRules("rollout.tenantAware.deny", List.of()));
    }

    Rewrite rewrite() {
        List<URI> backendBaseUrls = new ArrayList<>();
        List<String> texts = values.list("rewrite.backendBaseUrls", List.of());
        for (int i = 0; i < texts.size(); i++) {
            backendBaseUrls.add(Urls.origin(values, "rewrite.backendBaseUrls[" + i + "]", texts.get(i),
                    "the project and environment path is matched per request; " + ORIGIN_ONLY));
        }
        return new Rewrite(
                values.flag("rewrite.enabled", true),
                List.copyOf(backendBaseUrls),
                values.flag("rewrite.compressResponses", false),
                (int) values.size("rewrite.maxStringLength", MIB, 1, Integer.MAX_VALUE),
                (int) values.integer("rewrite.maxNestingDepth", 64, 1, 10_000));
    }

    Admin admin(Server server) {
        String host = host("admin.host");
        int port = (int) values.integer("admin.port", 9090, -1, 65_535);
        boolean sameAddress = host.equals(server.host()) || isWildcard(host) || isWildcard(server.host());
        if (port > 0 && port == server.port() && sameAddress) {
            throw values.fail("admin.port", port + " is already server.port; choose another port, "
                    + "0 for any free port or -1 to disable the admin listener");
        }
        return new Admin(host, port);
    }

    private String host(String key) {
        String host = values.text(key, "127.0.0.1").strip();
        if (host.isEmpty()) {
            throw values.fail(key, "must not be empty (write a host name or IP address, e.g. 127.0.0.1)");
        }
        if (!Syntax.isBindHost(host)) {
            throw values.fail(key, Syntax.quote(host) + " is not a host name or IP address (no scheme, path or port)");
        }
        return host;
    }

    private URI backendUrl(String key) {
        String text = values.text(key, null);
        return text == null ? null : Urls.origin(values, key, text,
                "the router forwards the client's path unchanged; " + ORIGIN_ONLY);
    }

    private String basePath() {
        String key = "routing.basePath";
        String path = values.text(key, "/scim/v2");
        if (!path.startsWith("/")) {
            throw values.fail(key, Syntax.quote(path) + " must start with /");
        }
        if (path.endsWith("/")) {
            throw values.fail(key, Syntax.quote(path) + " must not end with / (write /scim/v2)");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (!Syntax.isPlainSegment(segment)) {
                throw values.fail(key, Syntax.quote(path) + " has an empty, dot or non-plain segment "
                        + Syntax.quote(segment));
            }
        }
        return path;
    }

    private String tenantHeader() {
        String key = "routing.tenantHeader";
        String header = values.text(key, "X-Tenant-Id");
        if (!Syntax.isHttpToken(header)) {
            throw values.fail(key, Syntax.quote(header) + " is not a valid HTTP header name");
        }
        if (HEADERS_NOT_FOR_TENANTS.contains(header.toLowerCase(Locale.ROOT))) {
            throw values.fail(key, Syntax.quote(header) + " is a header the router forwards or sets itself");
        }
        return header;
    }

    private Pattern tenantPattern() {
        String key = "routing.tenantPattern";
        String regex = values.text(key, "[A-Za-z0-9_-]{1,64}");
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw values.fail(key, Syntax.quote(regex) + " is not a valid regular expression: " + e.getDescription());
        }
    }

    private List<String> endpoints() {
        String key = "routing.endpoints";
        List<String> endpoints = values.list(key, DEFAULT_ENDPOINTS);
        if (endpoints.isEmpty()) {
            throw values.fail(key, "must list at least one endpoint (default: " + String.join(", ", DEFAULT_ENDPOINTS)
                    + ")");
        }
        Map<String, String> seen = new HashMap<>();
        for (String endpoint : endpoints) {
            if (!Syntax.isPlainSegment(endpoint)) {
                throw values.fail(key, Syntax.quote(endpoint) + " is not a single plain path segment");
            }
            String previous = seen.put(endpoint.toLowerCase(Locale.ROOT), endpoint);
            if (previous != null) {
                throw values.fail(key, Syntax.quote(endpoint) + " is listed twice (endpoints compare without regard "
                        + "to letter case)");
            }
        }
        return endpoints;
    }

    private List<String> rolloutRules(String key, List<String> fallback) {
        List<String> rules = values.list(key, fallback);
        for (String rule : rules) {
            if (!isRolloutRule(rule)) {
                throw values.fail(key, Syntax.quote(rule) + " is not a rule (write *, project/*, */environment or project/environment)");
            }
        }
        return rules;
    }

    private static boolean isRolloutRule(String rule) {
        if (rule.equals("*")) {
            return true;
        }
        String[] parts = rule.split("/", -1);
        return parts.length == 2 && (parts[0].equals("*") || isPlainName(parts[0]))
                && (parts[1].equals("*") || isPlainName(parts[1]));
    }

    private static boolean isPlainName(String segment) {
        return Syntax.isPlainSegment(segment) && !segment.contains("*");
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
