package io.scimrouter.bench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the bearer token comes from: an environment variable or a file, never the command line itself, where it
 * would land in the shell history and in {@code ps} output.
 */
public final class TokenOptions {
    @Option(names = "--token-env", paramLabel = "NAME",
            description = "read the bearer token from this environment variable")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "read the bearer token from this file (surrounding whitespace ignored)")
    Path tokenFile;

    /** The token, or empty when neither option was given. */
    public Optional<String> resolve(Map<String, String> environment) {
        if (tokenEnv != null && tokenFile != null) {
            throw new UsageException("give --token-env or --token-file, not both");
        }
        if (tokenEnv != null) {
            String value = environment.get(tokenEnv);
            if (value == null || value.isBlank()) {
                throw new UsageException("environment variable " + tokenEnv + " (--token-env) is not set");
            }
            return Optional.of(value.trim());
        }
        if (tokenFile != null) {
            try {
                String value = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw new UsageException("token file " + tokenFile + " is empty");
                }
                return Optional.of(value);
            } catch (IOException e) {
                throw new UsageException("cannot read token file " + tokenFile + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    public boolean given() {
        return tokenEnv != null || tokenFile != null;
    }
}
