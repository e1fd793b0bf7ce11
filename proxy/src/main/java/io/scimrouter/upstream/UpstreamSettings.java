package io.scimrouter.upstream;

import io.scimrouter.net.Transport;

import java.time.Duration;

/** How backend connections are made and kept. */
public record UpstreamSettings(
        Transport transport,
        Duration connectTimeout,
        Duration idleTimeout,
        int maxConnections,
        int maxInitialLineLength,
        int maxHeaderBytes,
        int maxChunkSize) {
}
