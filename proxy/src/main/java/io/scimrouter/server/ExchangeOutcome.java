package io.scimrouter.server;

import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.route.Route;

import java.net.SocketAddress;

/**
 * How an exchange ended, as the access log, metrics and limits will read it: one view per exchange, read at its end
 * ({@link ExchangeListener#onExchangeEnd}) on the client's event loop. Flags say in a word what went wrong, in the
 * spirit of Envoy's response flags. A request the router refused before it became an exchange (a bad head, a path
 * outside the grammar) has an outcome too: {@link #REJECTED}, no route.
 *
 * <p>Adding a flag: a constant here, and its row (response flag code, metric) in
 * {@code io.scimrouter.metrics.ResponseFlag}; {@code ResponseFlagTest} fails on a flag without a row.
 */
public interface ExchangeOutcome {
    /** The request was sent again on a fresh backend connection after a reused one turned out dead. */
    int RETRIED = 1;
    /** No connection to the backend could be made. */
    int CONNECT_FAILED = 1 << 1;
    /** The backend did not accept a connection within backend.connectTimeout. */
    int CONNECT_TIMEOUT = 1 << 2;
    /** The backend did not answer, or stalled mid-answer, for backend.responseTimeout. */
    int UPSTREAM_TIMEOUT = 1 << 3;
    /** The backend connection closed or failed before the answer was complete. */
    int UPSTREAM_CLOSED = 1 << 4;
    /** The backend sent something that is not a valid HTTP answer. */
    int UPSTREAM_MALFORMED = 1 << 5;
    /** A value in a rewritten body exceeded the rewrite limits. */
    int REWRITE_LIMIT = 1 << 6;
    /** The client connection closed before the exchange ended. */
    int CLIENT_CLOSED = 1 << 7;
    /** Refused before it became an exchange: admission (bad head, path, method, size) or a request head timeout. */
    int REJECTED = 1 << 8;
    /** The tenant directory does not know the tenant (404). */
    int TENANT_UNKNOWN = 1 << 9;
    /** The tenant directory refused the caller's credentials (401/403). */
    int TENANT_DENIED = 1 << 10;
    /** The tenant directory could not be asked and the tenant was not cached (503). */
    int DIRECTORY_UNAVAILABLE = 1 << 11;
    /** The request body was not valid JSON: forwarded unchanged from the error on. */
    int REQUEST_JSON_MALFORMED = 1 << 12;
    /** The backend's answer was not valid JSON: passed through unchanged from the error on. */
    int RESPONSE_JSON_MALFORMED = 1 << 13;
    /** Cut by the router because a drain ran out of time (server.drain.timeout). */
    int DRAIN_CUT = 1 << 14;
    /** Refused by a request rate (limits.rate): 429. */
    int RATE_LIMITED = 1 << 15;
    /** Refused by a cap of requests in progress (limits.concurrency): 503. */
    int CONCURRENCY_LIMITED = 1 << 16;
    /** The backend origin's wait queue was full (limits.upstream.maxQueue): 503. */
    int UPSTREAM_QUEUE_FULL = 1 << 17;
    /** Waited for the backend origin longer than limits.upstream.queueTimeout: 503. */
    int UPSTREAM_QUEUE_TIMEOUT = 1 << 18;
    /** An unknown tenant's caller was checked with the legacy backend before the answer (tenants.unknown). */
    int CALLER_CHECKED = 1 << 19;
    /** That check got no usable answer from the backend: 502. */
    int CALLER_CHECK_FAILED = 1 << 20;
    /** The request body stalled for server.requestBodyTimeout: answered 408 (or cut) and closed. */
    int BODY_TIMEOUT = 1 << 21;
    /** The request body was received whole before the backend was asked (server.requestBuffer). */
    int BUFFERED = 1 << 22;

    /** DONE, FAILED, CUT or ABANDONED. */
    ExchangePhase phase();

    /** The status the client was sent: the backend's, the router's own error, or 0 when none was sent. */
    int status();

    /** Body bytes received from the client. */
    long requestBodyBytes();

    /**
     * Body bytes of the answer handed to the client connection, whoever made it: the backend's answer as written
     * (after rewriting), or the router's own (a SCIM error, a relayed refusal). Without the head and without chunk
     * framing, as nginx's {@code $body_bytes_sent}; 0 for an answer without a body (to HEAD, 204, 304) and when no
     * answer began; short of the whole when the answer was cut.
     */
    long responseBodyBytes();

    /** The flags above, or-ed. */
    int flags();

    default boolean flagged(int flag) {
        return (flags() & flag) != 0;
    }

    /** The route the request took; null when it was {@link #REJECTED} before one was decided. */
    Route route();

    /** The request method, e.g. {@code GET}; null when the head could not be decoded. */
    String method();

    /** {@code X-Request-Id}: the client's when valid, else one the router made. Never null. */
    String requestId();

    /** The request target as the client sent it (path and query); null when the head could not be decoded. */
    String target();

    /** The client's address (or null, on channels without one). */
    SocketAddress clientAddress();

    /** The backend connection's remote address; null when no connection was leased. */
    default SocketAddress upstreamAddress() {
        return null;
    }

    /** A request header the access log reads ({@code User-Agent}, {@code traceparent}), or null. */
    String header(CharSequence name);

    /**
     * The whole request body as the client sent it, when a listener asked for it at admission
     * ({@link ExchangeListener#requestBodyWanted}) and it was within that many bytes; else null.
     */
    default byte[] requestBody() {
        return null;
    }

    /** The event loop's clock when the backend's answer began (its head), or 0 when it never did. */
    default long firstByteNanos() {
        return 0;
    }

    /** URL values rewritten in both bodies. */
    default long urlsRewritten() {
        return 0;
    }

    /** Body bytes fed to the URL rewriter: request and response side. */
    default long requestBytesRewritten() {
        return 0;
    }

    default long responseBytesRewritten() {
        return 0;
    }

    /** The event loop's clock (nanoseconds) when the head was admitted, and when the exchange ended. */
    long startNanos();

    long endNanos();
}
