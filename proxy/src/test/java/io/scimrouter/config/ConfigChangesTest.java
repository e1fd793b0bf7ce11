package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keys a reloaded file changes, and which of them need a restart. */
class ConfigChangesTest {
    private static final String BASE = """
            backend:
              url: http://127.0.0.1:8000
            rollout:
              tenantAware:
                allow: [p1/e1]
            """;

    @TempDir
    Path dir;

    @Test
    void everyDeclaredKey_isFoundInTheRecords() {
        RouterConfig config = ConfigLoader.defaults();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            ConfigChanges.valueAt(config, key.path()); // throws when a key has no component
        }
    }

    @Test
    void sameFile_changesNothing() {
        assertThat(ConfigChanges.changedKeys(load(BASE), load(BASE))).isEmpty();
    }

    @Test
    void rolloutChange_isReloadable() {
        RouterConfig before = load(BASE);
        RouterConfig after = load(BASE.replace("[p1/e1]", "[p1/e1, p2/e1]"));

        List<String> changed = ConfigChanges.changedKeys(before, after);

        assertThat(changed).containsExactly("rollout.tenantAware.allow");
        assertThat(ConfigChanges.needingRestart(before, after, changed)).isEmpty();
    }

    @Test
    void portsThreadsAndBasePath_needARestart_eachNamed() {
        RouterConfig before = load(BASE);
        RouterConfig after = load(BASE + """
                server:
                  port: 8181
                  workerThreads: 3
                routing:
                  basePath: /scim
                limits:
                  concurrency:
                    perTenant: 5
                """);

        List<String> changed = ConfigChanges.changedKeys(before, after);

        assertThat(changed).containsExactly("server.port", "server.workerThreads", "routing.basePath",
                "limits.concurrency.perTenant");
        assertThat(ConfigChanges.needingRestart(before, after, changed))
                .containsExactly("server.port", "server.workerThreads", "routing.basePath");
    }

    @Test
    void timeoutsAndLogLevel_areReloadable_thePoolSizeIsNot() {
        RouterConfig before = load(BASE);
        RouterConfig after = load(BASE.replace("  url: http://127.0.0.1:8000\n", """
                  url: http://127.0.0.1:8000
                  responseTimeout: 5s
                  connectTimeout: 1s
                  maxConnectionsPerLoop: 8
                """) + """
                log:
                  level: debug
                """);

        List<String> changed = ConfigChanges.changedKeys(before, after);

        assertThat(changed).containsExactly("backend.connectTimeout", "backend.responseTimeout",
                "backend.maxConnectionsPerLoop", "log.level");
        assertThat(ConfigChanges.needingRestart(before, after, changed))
                .containsExactly("backend.maxConnectionsPerLoop");
    }

    @Test
    void tenantPattern_comparedByItsText() {
        String withPattern = BASE + """
                routing:
                  tenantPattern: "[a-z]{1,10}"
                """;
        assertThat(ConfigChanges.changedKeys(load(withPattern), load(withPattern))).isEmpty();
        assertThat(ConfigChanges.changedKeys(load(BASE), load(withPattern))).containsExactly("routing.tenantPattern");
    }

    @Test
    void tenantsSection_touchedByAnyOfItsKeys() {
        assertThat(ConfigChanges.touches(List.of("tenants.cache.ttl"), "tenants")).isTrue();
        assertThat(ConfigChanges.touches(List.of("rollout.tenantAware.allow"), "tenants")).isFalse();
        assertThat(ConfigChanges.touches(List.of("tenantsX.y"), "tenants")).isFalse();
    }

    private RouterConfig load(String yaml) {
        return ConfigLoader.load(ConfigFixtures.write(dir, yaml), Map.of());
    }
}
