package io.scimrouter.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.scimrouter.config.ReloadOutcome;
import io.scimrouter.lifecycle.BackendCheck;
import io.scimrouter.lifecycle.Readiness;
import io.scimrouter.metrics.RouterMetrics;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.tenant.TenantCacheStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Answers the admin endpoints. Stateless, so one instance serves every admin connection.
 *
 * <pre>
 * GET  /livez                                               200 {"status":"UP"} while the process serves
 * GET  /readyz                                              200 {"status":"READY"}, or 503 with a reason
 * GET  /health                                              200 {"status":"UP"} (kept for compatibility)
 * GET  /metrics                                             Prometheus text, or OpenMetrics when asked for
 * GET  /cache/stats                                         200 {size, hitRate, hitCount, missCount, ...}
 * POST /cache/invalidate?project=p&amp;environment=e&amp;tenant=t  204   (loopback, or the admin token)
 * POST /cache/invalidate-all                                204   (loopback, or the admin token)
 * POST /cache/invalidate[-all]?...&amp;scope=cluster           200 {local, peers: [{address, status|error}]} when
 *                                                           every peer answered 204, else 502 with the same body;
 *                                                           409 without admin.peers.dns (loopback, or the token)
 * POST /config/reload                                       200 {result, message, keys}: success or unchanged;
 *                                                           409 refused (keys that need a restart), 422 failed
 *                                                           (invalid file); 409 without a configuration file
 *                                                           (loopback, or the admin token)
 * </pre>
 */
@ChannelHandler.Sharable
final class AdminRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRequestHandler.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String SCOPE = "scope";

    private final AdminEndpoints endpoints;

    AdminRequestHandler(AdminEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, error(HttpResponseStatus.BAD_REQUEST, "malformed request"), true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        if (path.equals("/readyz") && method.equals(HttpMethod.GET)) {
            readyz(ctx, HttpUtil.isKeepAlive(request));
            return;
        }
        boolean reload = path.equals("/config/reload");
        if ((path.startsWith("/cache/invalidate") || reload) && !mayMutate(ctx, request)) {
            respond(ctx, request, error(HttpResponseStatus.FORBIDDEN, "only loopback callers, or callers with the "
                    + "admin token (admin.tokenEnv), may change the cache or reload the configuration"), false);
            return;
        }
        if (path.startsWith("/cache/invalidate") && method.equals(HttpMethod.POST)
                && uri.parameters().containsKey(SCOPE)) {
            invalidateWithScope(ctx, request, uri);
            return;
        }
        if (reload && method.equals(HttpMethod.POST) && endpoints.reload() != null) {
            boolean close = !HttpUtil.isKeepAlive(request);
            // the reload reads files and builds contexts on its own thread; the answer is written from there
            endpoints.reload().reload().whenComplete((outcome, error) -> respond(ctx,
                    error != null ? error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "reload failed: " + error)
                            : reloadAnswer(outcome), close));
            return;
        }
        respond(ctx, request, route(method, uri, request.headers().get(HttpHeaderNames.ACCEPT)), false);
    }

    private boolean mayMutate(ChannelHandlerContext ctx, FullHttpRequest request) {
        SocketAddress remote = ctx.channel().remoteAddress();
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        return endpoints.access().mayMutate(address, request.headers().get(HttpHeaderNames.AUTHORIZATION));
    }

    /** While the backend counts as down, a connect check runs first, so readiness can come back without traffic. */
    private void readyz(ChannelHandlerContext ctx, boolean keepAlive) {
        Readiness readiness = endpoints.readiness();
        BackendCheck check = endpoints.backendCheck();
        if (check != null && readiness.backendDown() && !readiness.isDraining()) {
            check.run().addListener(f -> respond(ctx, readyzAnswer(readiness), !keepAlive));
        } else {
            respond(ctx, readyzAnswer(readiness), !keepAlive);
        }
    }

    private static FullHttpResponse readyzAnswer(Readiness readiness) {
        String reason = readiness.notReadyReason();
        if (reason == null) {
            return json(HttpResponseStatus.OK, writeJson(json -> json.writeStringField("status", "READY")));
        }
        return json(HttpResponseStatus.SERVICE_UNAVAILABLE, writeJson(json -> {
            json.writeStringField("status", "NOT_READY");
            json.writeStringField("reason", reason);
        }));
    }

    private FullHttpResponse route(HttpMethod method, QueryStringDecoder uri, String accept) {
        TenantCache cache = endpoints.cache() == null ? null : endpoints.cache().get();
        return switch (uri.path()) {
            case "/health", "/livez" -> method.equals(HttpMethod.GET) ? json(HttpResponseStatus.OK, health())
                    : notAllowed("GET");
            case "/readyz" -> notAllowed("GET");
            case "/cache/stats" -> !method.equals(HttpMethod.GET) ? notAllowed("GET")
                    : cache == null ? noCache() : json(HttpResponseStatus.OK, stats(cache.stats()));
            case "/cache/invalidate" -> !method.equals(HttpMethod.POST) ? notAllowed("POST")
                    : cache == null ? noCache() : invalidate(cache, uri.parameters());
            case "/cache/invalidate-all" -> {
                if (!method.equals(HttpMethod.POST)) {
                    yield notAllowed("POST");
                }
                if (cache == null) {
                    yield noCache();
                }
                cache.invalidateAll();
                LOG.info("Admin: tenant cache invalidated");
                yield empty(HttpResponseStatus.NO_CONTENT);
            }
            case "/config/reload" -> !method.equals(HttpMethod.POST) ? notAllowed("POST")
                    : error(HttpResponseStatus.CONFLICT, "this router was started without a configuration file "
                        + "(--config): there is nothing to reload; the environment is read at start only");
            case "/metrics" -> !method.equals(HttpMethod.GET) ? notAllowed("GET")
                    : endpoints.metrics() == null ? error(HttpResponseStatus.NOT_FOUND, "this router has no metrics")
                    : metrics(endpoints.metrics().scrape(accept));
            default -> error(HttpResponseStatus.NOT_FOUND, "no such admin endpoint");
        };
    }

    /**
     * {@code scope=cluster}: this router's cache first (a bad request stops there), then the same request without
     * the scope to every peer, answered once they all answered or the timeout passed.
     */
    private void invalidateWithScope(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        String scope = single(uri.parameters(), SCOPE);
        if (!"cluster".equals(scope)) {
            respond(ctx, request, error(HttpResponseStatus.BAD_REQUEST, "scope must be cluster, once (without it: "
                    + "this router only)"), false);
            return;
        }
        PeerInvalidation peers = endpoints.peers();
        if (peers == null) {
            respond(ctx, request, error(HttpResponseStatus.CONFLICT, "scope=cluster needs admin.peers.dns (the "
                    + "replicas' DNS name); without it, call every replica"), false);
            return;
        }
        QueryStringEncoder local = new QueryStringEncoder(uri.path());
        uri.parameters().forEach((name, values) -> {
            if (!name.equals(SCOPE)) {
                values.forEach(value -> local.addParam(name, value));
            }
        });
        FullHttpResponse here = route(request.method(), new QueryStringDecoder(local.toString()), null);
        if (here.status().code() != HttpResponseStatus.NO_CONTENT.code()) {
            respond(ctx, request, here, false);
            return;
        }
        here.release();
        boolean close = !HttpUtil.isKeepAlive(request);
        peers.invalidate(local.toString()).whenComplete((result, error) -> respond(ctx,
                error != null ? error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "fan-out failed: " + error)
                        : clusterAnswer(result), close));
    }

    private static FullHttpResponse clusterAnswer(PeerInvalidation.Result result) {
        boolean allDone = result.error() == null
                && result.peers().stream().allMatch(p -> p.status() == HttpResponseStatus.NO_CONTENT.code());
        return json(allDone ? HttpResponseStatus.OK : HttpResponseStatus.BAD_GATEWAY, writeJson(json -> {
            json.writeNumberField("local", HttpResponseStatus.NO_CONTENT.code());
            if (result.error() != null) {
                json.writeStringField("error", result.error());
            }
            json.writeArrayFieldStart("peers");
            for (PeerInvalidation.PeerResult peer : result.peers()) {
                json.writeStartObject();
                json.writeStringField("address", peer.address());
                if (peer.error() == null) {
                    json.writeNumberField("status", peer.status());
                } else {
                    json.writeStringField("error", peer.error());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }));
    }

    private static FullHttpResponse reloadAnswer(ReloadOutcome outcome) {
        HttpResponseStatus status = switch (outcome.result()) {
            case SUCCESS, UNCHANGED -> HttpResponseStatus.OK;
            case REFUSED -> HttpResponseStatus.CONFLICT;
            case FAILED -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
        };
        return json(status, writeJson(json -> {
            json.writeStringField("result", outcome.result().label());
            json.writeStringField("message", outcome.message());
            json.writeArrayFieldStart("keys");
            for (String key : outcome.keys()) {
                json.writeString(key);
            }
            json.writeEndArray();
        }));
    }

    private static FullHttpResponse invalidate(TenantCache cache, Map<String, List<String>> parameters) {
        String project = single(parameters, "project");
        String environment = single(parameters, "environment");
        String tenant = single(parameters, "tenant");
        if (project == null || environment == null || tenant == null) {
            return error(HttpResponseStatus.BAD_REQUEST, "project, environment and tenant are required, once each");
        }
        cache.invalidate(project, environment, tenant);
        LOG.info("Admin: tenant cache entry invalidated for {}/{}/{}", project, environment, tenant);
        return empty(HttpResponseStatus.NO_CONTENT);
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.size() != 1 || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
                                boolean close) {
        respond(ctx, response, close || !HttpUtil.isKeepAlive(request));
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response);
        }
    }

    private static FullHttpResponse noCache() {
        return error(HttpResponseStatus.NOT_FOUND, "this router has no tenant cache");
    }

    private static FullHttpResponse notAllowed(String allowed) {
        FullHttpResponse response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        return json(status, writeJson(json -> {
            json.writeNumberField("status", status.code());
            json.writeStringField("error", message);
        }));
    }

    private static FullHttpResponse metrics(RouterMetrics.Scrape scrape) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(scrape.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, scrape.contentType());
        return response;
    }

    private static byte[] health() {
        return writeJson(json -> json.writeStringField("status", "UP"));
    }

    private static byte[] stats(TenantCacheStats stats) {
        return writeJson(json -> {
            json.writeNumberField("size", stats.size());
            json.writeNumberField("hitRate", stats.hitRate());
            json.writeNumberField("hitCount", stats.hitCount());
            json.writeNumberField("missCount", stats.missCount());
            json.writeNumberField("loadSuccessCount", stats.loadSuccessCount());
            json.writeNumberField("loadFailureCount", stats.loadFailureCount());
            json.writeNumberField("evictionCount", stats.evictionCount());
            json.writeNumberField("staleServedCount", stats.staleServedCount());
        });
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }

    private static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return response;
    }

    private interface ObjectFields {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] writeJson(ObjectFields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
