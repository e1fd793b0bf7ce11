package io.scimrouter.accesslog;

import io.scimrouter.server.RouteLabel;

import java.net.SocketAddress;

/**
 * The facts of one exchange, copied on the event loop at its end (references, no formatting): what a line is made
 * of. {@code target} still holds the query with its values; only {@link AccessLogFields} reads it, and it writes the
 * path and the parameter names.
 *
 * @param timeMillis     wall clock when the request head arrived
 * @param firstByteNanos from the head to the backend's answer, or -1 when there was none
 */
public record AccessLogEntry(
        long timeMillis,
        String requestId,
        SocketAddress client,
        String method,
        RouteLabel route,
        String project,
        String environment,
        String tenant,
        String target,
        int status,
        long bytesIn,
        long bytesOut,
        long durationNanos,
        long firstByteNanos,
        SocketAddress upstream,
        int flags,
        String traceparent,
        String userAgent) {
}
