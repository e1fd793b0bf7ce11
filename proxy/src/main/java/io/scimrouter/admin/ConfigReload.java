package io.scimrouter.admin;

import io.scimrouter.config.ReloadOutcome;

import java.util.concurrent.CompletableFuture;

/** Reloads the configuration file ({@code POST /config/reload}) off the admin event loop, with its outcome. */
@FunctionalInterface
public interface ConfigReload {
    CompletableFuture<ReloadOutcome> reload();
}
