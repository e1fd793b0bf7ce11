package io.scimrouter.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (docs, deploy assets), found from wherever the tests run (the module or the root). */
public final class RepoFiles {
    private RepoFiles() {
    }

    /** A file under the repository root, such as {@code docs/RUNBOOK.md}. */
    public static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
