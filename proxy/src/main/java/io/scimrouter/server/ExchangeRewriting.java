package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.scimrouter.route.Route;
import io.scimrouter.upstream.Upstream;

/**
 * The URL rewriting of one /v2 exchange's bodies, both directions: the {@link BodyTransform}s its
 * {@link RewritePlanner} chose, and how much they did (for the {@link ExchangeOutcome}). Each step takes ownership of
 * the bytes it is given and hands back what it made; sending those, and failing the exchange when a step throws,
 * stays with the exchange.
 */
final class ExchangeRewriting {
    private final RewritePlanner planner;
    /** Null when the request body is not rewritten (not plain JSON, or none). */
    private final BodyTransform request;
    /** Null until the answer's head, and after it when its body is not rewritten. */
    private BodyTransform response;
    private long urlsRewritten;
    private long requestBytes;
    private long responseBytes;

    private ExchangeRewriting(RewritePlanner planner, BodyTransform request) {
        this.planner = planner;
        this.request = request;
    }

    /**
     * For a /v2 route with rewriting enabled: the rewriting, with the request head already adjusted; otherwise null,
     * and nothing changed (the legacy route allocates nothing here).
     */
    static ExchangeRewriting forRequest(ProxyContext proxy, Route route, HttpHeaders h, String scheme,
                                        String clientHost, ByteBufAllocator alloc, boolean hasBody) {
        RewritePlanner planner = RewritePlanner.forRequest(proxy, route, h, scheme, clientHost, alloc);
        return planner == null ? null : new ExchangeRewriting(planner, planner.requestBody(h, hasBody));
    }

    boolean rewritesRequest() {
        return request != null;
    }

    boolean rewritesResponse() {
        return response != null;
    }

    /** Once the backend is known: answers are mapped from its origin. */
    void backend(Upstream target) {
        planner.backend(target);
    }

    /** Maps the answer's head; true when its body is rewritten too (then its length is unknown until the end). */
    boolean planResponse(HttpResponse head, boolean bodyless) {
        response = planner.responseBody(head, bodyless);
        return response != null;
    }

    /** Takes ownership of one request chunk; returns what can be sent now (the caller releases it). */
    ByteBuf rewriteRequest(ByteBuf in) {
        requestBytes += in.readableBytes();
        return request.apply(in);
    }

    /** After the last request chunk: the rest of the body (the caller releases it). */
    ByteBuf finishRequest() {
        ByteBuf tail = request.finish();
        urlsRewritten += request.rewrittenCount();
        return tail;
    }

    /** True once, when the request body first turned out not to be JSON. */
    boolean requestNewlyMalformed() {
        return request.newlyMalformed();
    }

    /** Takes ownership of one answer chunk; returns what can be sent now (the caller releases it). */
    ByteBuf rewriteResponse(ByteBuf in) {
        responseBytes += in.readableBytes();
        return response.apply(in);
    }

    /** After the last answer chunk: the rest of the body (the caller releases it). */
    ByteBuf finishResponse() {
        ByteBuf tail = response.finish();
        urlsRewritten += response.rewrittenCount();
        return tail;
    }

    /** True once, when the answer body first turned out not to be JSON. */
    boolean responseNewlyMalformed() {
        return response.newlyMalformed();
    }

    /** Drops what the rewriters hold: the exchange ended, whichever way. */
    void discard() {
        if (request != null) {
            request.discard();
        }
        if (response != null) {
            response.discard();
        }
    }

    long urlsRewritten() {
        return urlsRewritten;
    }

    long requestBytesRewritten() {
        return requestBytes;
    }

    long responseBytesRewritten() {
        return responseBytes;
    }
}
