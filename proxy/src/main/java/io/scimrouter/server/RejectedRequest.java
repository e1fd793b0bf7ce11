package io.scimrouter.server;

import io.netty.handler.codec.http.HttpRequest;
import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.route.Route;

import java.net.SocketAddress;

/**
 * The outcome of a request the router refused before it became an exchange (admission, a head it could not decode,
 * a head that took too long): {@link ExchangeOutcome#REJECTED}, no route, no backend.
 *
 * @param request           the decoded head, or null when there was none to trust
 * @param responseBodyBytes the body bytes of the router's answer that reach the client
 */
record RejectedRequest(HttpRequest request, String requestId, SocketAddress clientAddress, int status,
                       long responseBodyBytes, long atNanos) implements ExchangeOutcome {

    @Override
    public ExchangePhase phase() {
        return ExchangePhase.FAILED;
    }

    @Override
    public long requestBodyBytes() {
        return 0;
    }

    @Override
    public int flags() {
        return REJECTED;
    }

    @Override
    public Route route() {
        return null;
    }

    @Override
    public String method() {
        return request == null ? null : request.method().name();
    }

    @Override
    public String target() {
        return request == null ? null : request.uri();
    }

    @Override
    public String header(CharSequence name) {
        return request == null ? null : request.headers().get(name);
    }

    @Override
    public long startNanos() {
        return atNanos;
    }

    @Override
    public long endNanos() {
        return atNanos;
    }
}
