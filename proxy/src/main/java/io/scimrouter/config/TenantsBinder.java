package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.config.RouterConfig.Tenants.Cache;
import io.scimrouter.config.RouterConfig.Tenants.Http;
import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import io.scimrouter.config.RouterConfig.Tenants.Unknown;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps the {@code tenants} section: the directory source (static list and/or file, or http) and the cache. Bound by
 * hand, not by {@link RecordBinder}'s naming rule alone, because the directory kinds exclude one another, the demo
 * tenants are the default only without a backend, and the static list is a tree checked against the routing; the
 * {@code tenants.http} and {@code tenants.cache} subsections are records bound by the rule.
 */
final class TenantsBinder {
    /** The tenants of the embedded demo service, used when neither a backend nor a directory is configured. */
    static final List<StaticTenants> DEMO_TENANTS =
            List.of(new StaticTenants("demo", "dev", List.of("acme", "globex")));

    private static final String STATIC = "tenants.static";
    private static final ConfigKey<Object> STATIC_KEY = ConfigKeys.named(STATIC, Object.class);
    private static final ConfigKey<Path> FILE_KEY = ConfigKeys.named("tenants.file", Path.class);
    private static final List<String> ENTRY_KEYS = List.of("project", "environment", "tenants");

    private final ConfigValues values;
    private final Map<String, String> env;
    private final RecordBinder binder;

    TenantsBinder(ConfigValues values, Map<String, String> env, RecordBinder binder) {
        this.values = values;
        this.env = env;
        this.binder = binder;
    }

    Tenants tenants(Routing routing, boolean backendConfigured) {
        List<StaticTenants> staticTenants = staticTenants(routing);
        Path file = values.get(FILE_KEY);
        Http http = http();
        if (http != null && (values.isSet(STATIC) || file != null)) {
            throw values.fail("tenants.http", "cannot be combined with tenants.static or tenants.file "
                    + "(configure one tenant directory)");
        }
        if (!values.isSet(STATIC) && file == null && http == null && !backendConfigured) {
            staticTenants = DEMO_TENANTS;
        }
        return new Tenants(staticTenants, file, http, binder.bind("tenants.cache", Cache.class),
                binder.bind("tenants.unknown", Unknown.class));
    }

    private List<StaticTenants> staticTenants(Routing routing) {
        Object raw = values.get(STATIC_KEY);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> entries)) {
            throw values.fail(STATIC, "must be a list of {project, environment, tenants: [...]}");
        }
        List<StaticTenants> result = new ArrayList<>(entries.size());
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = STATIC + "[" + i + "]";
            StaticTenants entry = entry(at, entries.get(i), routing);
            if (!pairs.add(entry.project() + "/" + entry.environment())) {
                throw values.fail(at, entry.project() + "/" + entry.environment() + " is listed twice");
            }
            result.add(entry);
        }
        return List.copyOf(result);
    }

    private StaticTenants entry(String at, Object raw, Routing routing) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw values.fail(at, "must be a mapping {project, environment, tenants: [...]}");
        }
        for (Object name : map.keySet()) {
            if (!ENTRY_KEYS.contains(name)) {
                throw values.fail(at + "." + name, "unknown key (known: " + String.join(", ", ENTRY_KEYS) + ")");
            }
        }
        String project = segment(at + ".project", map.get("project"));
        String environment = segment(at + ".environment", map.get("environment"));
        Object tenants = map.get("tenants");
        if (!(tenants instanceof List<?> keys)) {
            throw values.fail(at + ".tenants", "must be a list of tenant keys");
        }
        List<String> result = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String tenant = tenantKey(at + ".tenants[" + i + "]", keys.get(i), routing);
            if (result.contains(tenant)) {
                throw values.fail(at + ".tenants[" + i + "]", Syntax.quote(tenant) + " is listed twice");
            }
            result.add(tenant);
        }
        return new StaticTenants(project, environment, List.copyOf(result));
    }

    private String segment(String key, Object raw) {
        String text = text(key, raw);
        if (!Syntax.isPlainSegment(text)) {
            throw values.fail(key, Syntax.quote(text) + " must be a single plain path segment");
        }
        return text;
    }

    private String tenantKey(String key, Object raw, Routing routing) {
        String tenant = text(key, raw);
        if (!routing.tenantPattern().matcher(tenant).matches()) {
            throw values.fail(key, Syntax.quote(tenant) + " does not match routing.tenantPattern "
                    + routing.tenantPattern().pattern());
        }
        for (String endpoint : routing.endpoints()) {
            if (endpoint.toLowerCase(Locale.ROOT).equals(tenant.toLowerCase(Locale.ROOT))) {
                throw values.fail(key, Syntax.quote(tenant) + " is reserved: it names the endpoint " + endpoint
                        + " (tenant keys may not equal a routing.endpoints name in any letter case)");
            }
        }
        return tenant;
    }

    private String text(String key, Object raw) {
        if (raw == null) {
            throw values.fail(key, "is required");
        }
        if (!(raw instanceof String || raw instanceof Integer || raw instanceof Long)) {
            throw values.fail(key, Syntax.quote(raw) + " must be text; put it in quotes");
        }
        String text = raw.toString();
        if (text.isEmpty()) {
            throw values.fail(key, "must not be empty");
        }
        return text;
    }

    private Http http() {
        if (ConfigKeys.under("tenants.http").stream().noneMatch(key -> values.isSet(key.path()))) {
            return null;
        }
        if (!values.isSet("tenants.http.url")) {
            throw values.fail("tenants.http.url", "is required when tenants.http is configured "
                    + "(e.g. https://directory.example.com/{project}/{environment}/tenants/{tenant})");
        }
        Http http = binder.bind("tenants.http", Http.class);
        String credentialEnv = http.credentialEnv();
        if (credentialEnv != null && (env.get(credentialEnv) == null || env.get(credentialEnv).isBlank())) {
            throw values.fail("tenants.http.credentialEnv", "the environment variable " + credentialEnv
                    + " is not set");
        }
        return http;
    }
}
