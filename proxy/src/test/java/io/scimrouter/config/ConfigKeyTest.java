package io.scimrouter.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ConfigKey built directly (ConfigKeys builds its keys only while its constants initialise). */
class ConfigKeyTest {

    @Test
    void of_parsesTheDefault_andDocumentsItInBackquotes() {
        ConfigKey<Long> key = ConfigKey.of("a.size", ValueType.size(0, 4096), "1KiB", "a size");
        assertThat(key.path()).isEqualTo("a.size");
        assertThat(key).hasToString("a.size");
        assertThat(key.envName()).isEqualTo("SCIM_ROUTER_A_SIZE");
        assertThat(key.defaultValue()).isEqualTo(1024L);
        assertThat(key.documentedDefault()).isEqualTo("`1KiB`");
        assertThat(key.doc()).isEqualTo("a size");
        assertThat(key.javaType()).isEqualTo(Long.class);
        assertThat(key.read(ConfigValues.of(Map.of()))).isEqualTo(1024L);
        assertThat(key.read(ConfigValues.of(Map.of("a.size", "2KiB")))).isEqualTo(2048L);
    }

    @Test
    void of_aListDefault_isDocumentedInBrackets() {
        ConfigKey<List<String>> key = ConfigKey.of("a.list", ValueType.list(), "x, y", "a list");
        assertThat(key.defaultValue()).containsExactly("x", "y");
        assertThat(key.documentedDefault()).isEqualTo("`[x, y]`");
    }

    @Test
    void of_withoutADefault_isUnset() {
        ConfigKey<String> key = ConfigKey.of("a.text", ValueType.text(), null, "a text");
        assertThat(key.defaultValue()).isNull();
        assertThat(key.documentedDefault()).isEqualTo("unset");
        assertThat(key.read(ConfigValues.of(Map.of()))).isNull();
    }

    @Test
    void unsetByDefault_documentsTheWordsGiven() {
        ConfigKey<String> key = ConfigKey.unsetByDefault("a.url", ValueType.text(), "the Host header", "a url");
        assertThat(key.defaultValue()).isNull();
        assertThat(key.documentedDefault()).isEqualTo("the Host header");
        assertThat(key.path()).isEqualTo("a.url");
    }

    @Test
    void anInvalidDeclaredDefault_failsAtDeclaration() {
        assertThatThrownBy(() -> ConfigKey.of("a.size", ValueType.size(0, 10), "1KiB", "a size"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the declared default of a.size is invalid: a.size: '1KiB' is out of range 0..10");
    }
}
