package io.scimrouter.config;

import io.scimrouter.testing.RepoFiles;

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
        return RepoFiles.find(relative);
    }

    static Path write(Path dir, String yaml) {
        try {
            return Files.writeString(Files.createTempFile(dir, "config", ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
