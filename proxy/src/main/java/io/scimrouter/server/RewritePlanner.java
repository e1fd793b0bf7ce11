package io.scimrouter.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.rewrite.RewriteLimits;
import io.scimrouter.rewrite.TenantUrlPlan;
import io.scimrouter.route.Route;
import io.scimrouter.upstream.Upstream;

import java.util.Locale;

/**
 * URL rewriting decisions of one /v2 exchange, on its heads: which body goes through a rewriter, which headers are
 * mapped, how framing and encoding change. The bytes themselves go through {@link BodyTransform}s it creates.
 */
final class RewritePlanner {
    private final ProxyContext proxy;
    private final Route route;
    private final ByteBufAllocator alloc;
    /** The origin the client addressed: server.publicUrl, or scheme + validated Host. */
    private final String publicOrigin;
    private final boolean clientAcceptsGzip;
    private TenantUrlPlan urlPlan;

    private RewritePlanner(ProxyContext proxy, Route route, ByteBufAllocator alloc, String publicOrigin,
                           boolean clientAcceptsGzip) {
        this.proxy = proxy;
        this.route = route;
        this.alloc = alloc;
        this.publicOrigin = publicOrigin;
        this.clientAcceptsGzip = clientAcceptsGzip;
    }

    /**
     * For a /v2 route with rewriting enabled: a planner, with the request head already adjusted (the backend is asked
     * for plain answers); otherwise null and nothing changed.
     *
     * @param scheme the scheme the client used ({@link io.scimrouter.policy.Forwarding}): never a client's say-so
     */
    static RewritePlanner forRequest(ProxyContext proxy, Route route, HttpHeaders h, String scheme,
                                     String clientHost, ByteBufAllocator alloc) {
        RouterConfig config = proxy.config();
        if (!route.tenantAware() || !config.rewrite().enabled()) {
            return null;
        }
        String publicOrigin;
        if (config.server().publicUrl() != null) {
            publicOrigin = stripSlash(config.server().publicUrl().toString());
        } else {
            // the scheme a trusted balancer in front reported (X-Forwarded-Proto), else the router's own
            publicOrigin = scheme + "://" + clientHost;
        }
        String acceptEncoding = h.get(HttpHeaderNames.ACCEPT_ENCODING);
        boolean acceptsGzip = acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
        h.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY); // answers are parsed: ask for plain bytes
        return new RewritePlanner(proxy, route, alloc, publicOrigin, acceptsGzip);
    }

    /**
     * The request body's rewriter, or null when the body is not (plain) JSON. The request mapping does not depend on
     * the backend, so this runs before the tenant lookup: chunks that arrive meanwhile are rewritten too.
     */
    BodyTransform requestBody(HttpHeaders h, boolean hasBody) {
        String encoding = h.get(HttpHeaderNames.CONTENT_ENCODING);
        if (!hasBody || !TenantUrlPlan.isJson(h.get(HttpHeaderNames.CONTENT_TYPE))
                || encoding != null && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(encoding)) {
            return null;
        }
        TenantUrlPlan plan = proxy.urlPlans().plan(publicOrigin, publicOrigin, route.legacyBase(), route.clientBase());
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return new BodyTransform(alloc, proxy.rewriters().create(plan.requests(), limits()), false, false);
    }

    /** Once the backend is known: answers are mapped from its origin (and the public one) to the client's form. */
    void backend(Upstream target) {
        urlPlan = proxy.urlPlans().plan(publicOrigin, target.origin(), route.legacyBase(), route.clientBase());
    }

    /**
     * Maps Location and Content-Location; returns the answer body's rewriter, or null when the body stays untouched
     * (not JSON, no body, or an encoding that cannot be undone). With a rewriter the length is unknown until the end.
     */
    BodyTransform responseBody(HttpResponse response, boolean bodyless) {
        HttpHeaders h = response.headers();
        mapHeader(h, HttpHeaderNames.LOCATION);
        mapHeader(h, HttpHeaderNames.CONTENT_LOCATION);
        if (bodyless || !TenantUrlPlan.isJson(h.get(HttpHeaderNames.CONTENT_TYPE))) {
            return null;
        }
        String encoding = h.get(HttpHeaderNames.CONTENT_ENCODING);
        String coding = encoding == null ? null : encoding.trim();
        boolean gzipped = coding != null && (HttpHeaderValues.GZIP.contentEqualsIgnoreCase(coding)
                || HttpHeaderValues.X_GZIP.contentEqualsIgnoreCase(coding));
        if (coding != null && !gzipped && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(coding)) {
            return null;
        }
        boolean compress = proxy.config().rewrite().compressResponses() && clientAcceptsGzip;
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        if (compress) {
            h.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            h.add(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        } else {
            h.remove(HttpHeaderNames.CONTENT_ENCODING);
        }
        return new BodyTransform(alloc, proxy.rewriters().create(urlPlan.responses(), limits()), gzipped, compress);
    }

    private void mapHeader(HttpHeaders h, CharSequence name) {
        String value = h.get(name);
        if (value != null) {
            String mapped = urlPlan.responses().map(value);
            if (mapped != null) {
                h.set(name, mapped);
            }
        }
    }

    private RewriteLimits limits() {
        RouterConfig.Rewrite rewrite = proxy.config().rewrite();
        return new RewriteLimits(rewrite.maxStringLength(), rewrite.maxNestingDepth());
    }

    private static String stripSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
