package io.scimrouter.server;

import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.route.Route;

/**
 * How an exchange ended, as the access log, metrics and limits will read it: one view per exchange, read at its end
 * ({@link ExchangeListener#onExchangeEnd}) on the client's event loop. Flags say in a word what went wrong, in the
 * spirit of Envoy's response flags.
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
    /** The request body stalled for server.requestBodyTimeout: answered 408 (or cut) and closed. */
    int BODY_TIMEOUT = 1 << 8;
    /** The request body was received whole before the backend was asked (server.requestBuffer). */
    int BUFFERED = 1 << 9;

    /** DONE, FAILED, CUT or ABANDONED. */
    ExchangePhase phase();

    /** The status the client was sent: the backend's, the router's own error, or 0 when none was sent. */
    int status();

    /** Body bytes received from the client. */
    long requestBodyBytes();

    /** Body bytes handed to the client connection (after rewriting), not counting the router's own errors. */
    long responseBodyBytes();

    /** The flags above, or-ed. */
    int flags();

    default boolean flagged(int flag) {
        return (flags() & flag) != 0;
    }

    /** The route the request took. */
    Route route();

    /** The request method, e.g. {@code GET}. */
    String method();

    /** The event loop's clock (nanoseconds) when the head was admitted, and when the exchange ended. */
    long startNanos();

    long endNanos();
}
