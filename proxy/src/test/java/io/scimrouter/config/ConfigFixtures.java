package io.scimrouter.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shipped files from the module directory and writes YAML snippets for tests. */
final class ConfigFixtures {
    private ConfigFixtures() {
    }

    /** A file under the repository root ({@code config/default.yaml}), found from wherever the tests run. */
    static Path repoFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    static Path write(Path dir, String yaml) {
        try {
            return Files.writeString(Files.createTempFile(dir, "config", ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
