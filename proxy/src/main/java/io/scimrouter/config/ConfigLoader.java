package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Backend;
import io.scimrouter.config.RouterConfig.Log;
import io.scimrouter.config.RouterConfig.Metrics;
import io.scimrouter.config.RouterConfig.Limits;
import io.scimrouter.config.RouterConfig.Rewrite;
import io.scimrouter.config.RouterConfig.Rollout;
import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Server;
import io.scimrouter.config.RouterConfig.Shadow;
import io.scimrouter.config.RouterConfig.Tenants;

import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the {@link RouterConfig}: one optional YAML file, environment overrides on top ({@code SCIM_ROUTER_} + the
 * key path in UPPER_SNAKE, see {@link ConfigKeys#envName}), defaults for the rest, every value validated. Any problem
 * is a {@link ConfigException} naming the key. Keys, defaults and their docs are declared in {@link ConfigKeys}.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** The built-in defaults: the embedded demo backend and its tenants. */
    public static RouterConfig defaults() {
        return load(null, Map.of());
    }

    /**
     * @param yamlFileOrNull the configuration file, or null for defaults plus environment
     * @param env            the process environment; a {@code SCIM_ROUTER_} variable that names no key is an error,
     *                       unless a {@code *Env} key names it ({@link EnvironmentNames})
     */
    public static RouterConfig load(Path yamlFileOrNull, Map<String, String> env) {
        ConfigValues values = yamlFileOrNull == null
                ? ConfigValues.fromYaml(null, "")
                : ConfigValues.fromYaml(SafeYaml.read(yamlFileOrNull), yamlFileOrNull.toString());
        values.overlay(env);
        RouterConfig config = bind(values, env);
        EnvironmentNames.checkAllKnown(env, values);
        return config;
    }

    /** Reads the values of a file without binding them (for the tests that keep the shipped files complete). */
    static ConfigValues rawValues(Path yamlFile) {
        return ConfigValues.fromYaml(SafeYaml.read(yamlFile), yamlFile.toString());
    }

    static RouterConfig bind(ConfigValues values, Map<String, String> env) {
        RecordBinder binder = new RecordBinder(values);
        Server server = binder.bind("server", Server.class);
        CrossKeyRules.checkServerTls(values, server.tls());
        CrossKeyRules.checkRequestBuffer(values, server);
        Backend backend = binder.bind("backend", Backend.class);
        Routing routing = binder.bind("routing", Routing.class);
        CrossKeyRules.checkDefaultTenant(values, routing);
        Tenants tenants = new TenantsBinder(values, env, binder).tenants(routing, backend.url() != null);
        // the rollout section holds two records: the /v2 allow-list and the shadow comparison
        Rollout rollout = binder.bind("rollout.tenantAware", Rollout.class);
        Shadow shadow = binder.bind("rollout.shadow", Shadow.class);
        Rewrite rewrite = binder.bind("rewrite", Rewrite.class);
        Limits limits = binder.bind("limits", Limits.class);
        Admin admin = binder.bind("admin", Admin.class);
        CrossKeyRules.checkAdminPort(values, admin, server);
        CrossKeyRules.checkAdminToken(values, admin, env);
        Metrics metrics = binder.bind("metrics", Metrics.class);
        Log log = binder.bind("log", Log.class);
        return new RouterConfig(server, backend, routing, tenants, rollout, shadow, rewrite, limits, admin, metrics,
                log);
    }
}
