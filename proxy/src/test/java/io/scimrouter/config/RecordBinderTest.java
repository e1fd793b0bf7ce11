package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Tenants.Cache;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binding rule: a record component takes the key named section + "." + component, or the subsection. */
class RecordBinderTest {
    record PortOnly(int port) {
    }

    record WithUnknownComponent(int port, String drainTimeout) {
    }

    record WrongType(long port) {
    }

    record CacheHolder(Cache cache) {
    }

    @Test
    void component_takesTheKeyOfItsName_inTheSection() {
        ConfigValues values = ConfigValues.of(Map.of("server.port", 8081, "admin.port", 9091));

        assertThat(new RecordBinder(values).bind("server", PortOnly.class)).isEqualTo(new PortOnly(8081));
        assertThat(new RecordBinder(values).bind("admin", PortOnly.class)).isEqualTo(new PortOnly(9091));
    }

    @Test
    void component_withoutValue_takesTheDeclaredDefault() {
        assertThat(new RecordBinder(ConfigValues.of(Map.of())).bind("server", PortOnly.class))
                .isEqualTo(new PortOnly(8080));
    }

    @Test
    void recordComponent_takesTheSubsectionOfItsName() {
        ConfigValues values = ConfigValues.of(Map.of("tenants.cache.ttl", "1m"));

        CacheHolder holder = new RecordBinder(values).bind("tenants", CacheHolder.class);

        assertThat(holder.cache()).isEqualTo(new Cache(Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofSeconds(30), 100_000));
    }

    @Test
    void component_withoutAKey_isAProgrammingError() {
        assertThatThrownBy(() -> new RecordBinder(ConfigValues.of(Map.of())).bind("server", WithUnknownComponent.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no configuration key server.drainTimeout for WithUnknownComponent.drainTimeout: "
                        + "declare it in ConfigKeys");
    }

    @Test
    void component_ofAnotherTypeThanItsKey_isAProgrammingError() {
        assertThatThrownBy(() -> new RecordBinder(ConfigValues.of(Map.of())).bind("server", WrongType.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("server.port holds Integer but WrongType.port is long");
    }

    @Test
    void keyErrors_passThrough_asConfigExceptions() {
        ConfigValues values = ConfigValues.of(Map.of("server.port", "http"));

        assertThatThrownBy(() -> new RecordBinder(values).bind("server", PortOnly.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.port: 'http' is not a whole number");
    }
}
