package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.route.Route;
import io.scimrouter.tenant.CallerVerdict;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamListener;
import io.scimrouter.upstream.UpstreamPool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One check of a caller's credential with the legacy backend ({@code tenants.unknown.verifyPath}, a GET with the
 * caller's {@code Authorization}), on the client's event loop through that loop's pool: no blocking client, no
 * thread hand-off. 401 and 403 are a {@link CallerVerdict.Refused} carrying the backend's answer (body up to
 * {@value #MAX_RELAYED_BODY} bytes), any other answer below 500 is {@link CallerVerdict.Accepted}; a 5xx, no answer
 * within {@code backend.responseTimeout}, or no connection completes the future exceptionally (never cached, answered
 * 502). A reused connection found dead before the answer began is replaced once, as the exchange does.
 */
final class CallerCheck implements UpstreamListener {
    /** A refusal's body is relayed up to this size; a larger one is replaced by the router's SCIM error. */
    static final int MAX_RELAYED_BODY = 16 * 1024;

    private final UpstreamPool pool;
    private final EventLoop loop;
    private final String target;
    private final String host;
    private final String authorization;
    private final long timeoutNanos;
    private final CompletableFuture<CallerVerdict> result = new CompletableFuture<>();

    private Channel channel;
    private boolean reused;
    private boolean retried;
    private ScheduledFuture<?> timer;
    private boolean interim;
    private HttpResponse head;
    private byte[] body = new byte[0];
    private boolean bodyTooLarge;

    private CallerCheck(ProxyContext proxy, EventLoop loop, Route route, String authorization, String clientHost) {
        RouterConfig config = proxy.config();
        Upstream legacy = proxy.legacyUpstream();
        this.pool = proxy.pools().pool(loop, legacy);
        this.loop = loop;
        this.target = config.tenants().unknown().verifyPath()
                .replace("{basePath}", config.routing().basePath())
                .replace("{project}", route.project())
                .replace("{environment}", route.environment());
        this.host = config.backend().preserveHost() && clientHost != null ? clientHost : legacy.hostHeader();
        this.authorization = authorization;
        this.timeoutNanos = config.backend().responseTimeout().toNanos();
    }

    /** Starts a check on {@code loop} (the caller's); call on that loop. */
    static CompletableFuture<CallerVerdict> start(ProxyContext proxy, EventLoop loop, Route route,
                                                  String authorization, String clientHost) {
        CallerCheck check = new CallerCheck(proxy, loop, route, authorization, clientHost);
        check.timer = loop.schedule(check::onTimeout, check.timeoutNanos, TimeUnit.NANOSECONDS);
        check.whenLeased(check.pool.acquire());
        return check.result;
    }

    /**
     * The backend's refusal as the client gets it: as an exchange passes a known tenant's answer on, its end-to-end
     * headers (names and order as the backend wrote them), its body, and a Content-Length set as the exchange sets
     * it for a body that arrived whole. Too large a body becomes the router's SCIM error with the same status and
     * challenge.
     */
    static FullHttpResponse relay(ByteBufAllocator alloc, CallerVerdict.Refused refused) {
        if (refused.body() == null) {
            FullHttpResponse error = ScimErrors.response(alloc, refused.status(), refused.status() == 401
                    ? "Authentication required" : "Not allowed");
            String challenge = refused.header(HttpHeaderNames.WWW_AUTHENTICATE.toString());
            if (challenge != null) {
                error.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
            }
            return error;
        }
        ByteBuf content = alloc.buffer(refused.body().length).writeBytes(refused.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refused.status()), content);
        for (Map.Entry<String, String> header : refused.headers()) {
            response.headers().add(header.getKey(), header.getValue());
        }
        HttpUtil.setTransferEncodingChunked(response, false);
        HttpUtil.setContentLength(response, refused.body().length);
        return response;
    }

    private void whenLeased(Future<UpstreamPool.Lease> lease) {
        if (lease.isDone()) {
            onLease(lease);
        } else {
            lease.addListener(f -> onLease(lease));
        }
    }

    private void onLease(Future<UpstreamPool.Lease> lease) {
        if (!lease.isSuccess()) {
            cancelTimer();
            result.completeExceptionally(lease.cause());
            return;
        }
        if (result.isDone()) {
            pool.release(lease.getNow().channel(), true); // timed out while waiting for it; nothing was written
            return;
        }
        channel = lease.getNow().channel();
        reused = lease.getNow().reused();
        UpstreamPool.lease(channel, this);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target,
                Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.ACCEPT, "application/scim+json")
                .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        Channel ch = channel;
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                ch.close(); // reported through onUpstreamClosed
            }
        });
    }

    @Override
    public void onUpstreamMessage(Object msg) {
        try {
            if (result.isDone()) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    giveUp(new IllegalStateException("malformed answer to the caller check"));
                    return;
                }
                interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (!interim) {
                    head = response;
                }
            }
            if (msg instanceof HttpContent content) {
                if (!interim && head != null) {
                    collect(content.content());
                }
                if (msg instanceof LastHttpContent) {
                    if (interim) {
                        interim = false;
                    } else {
                        finish();
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void collect(ByteBuf bytes) {
        int readable = bytes.readableBytes();
        if (bodyTooLarge || readable == 0) {
            return;
        }
        if (body.length + readable > MAX_RELAYED_BODY) {
            bodyTooLarge = true;
            return;
        }
        byte[] more = new byte[body.length + readable];
        System.arraycopy(body, 0, more, 0, body.length);
        bytes.getBytes(bytes.readerIndex(), more, body.length, readable);
        body = more;
    }

    private void finish() {
        cancelTimer();
        Channel ch = channel;
        channel = null;
        pool.release(ch, HttpUtil.isKeepAlive(head));
        int status = head.status().code();
        if (status == 401 || status == 403) {
            HttpHeaders headers = head.headers();
            ForwardedHeaders.removeHopByHop(headers);
            List<Map.Entry<String, String>> kept = new ArrayList<>(headers.size());
            headers.iteratorAsString().forEachRemaining(h -> kept.add(Map.entry(h.getKey(), h.getValue())));
            result.complete(new CallerVerdict.Refused(status, kept, bodyTooLarge ? null : body));
        } else if (status >= 500) {
            result.completeExceptionally(new IllegalStateException("the backend answered " + status));
        } else {
            result.complete(new CallerVerdict.Accepted());
        }
    }

    @Override
    public void onUpstreamReadComplete() {
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        if (result.isDone()) {
            return;
        }
        Channel dead = channel;
        channel = null;
        pool.release(dead, false);
        if (reused && !retried && head == null) {
            retried = true;
            whenLeased(pool.acquireFresh());
            return;
        }
        cancelTimer();
        result.completeExceptionally(new IllegalStateException("the backend closed the connection", cause));
    }

    private void onTimeout() {
        timer = null;
        giveUp(new IllegalStateException("the backend did not answer the caller check in time"));
    }

    private void giveUp(Exception why) {
        cancelTimer();
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            pool.release(ch, false);
        }
        result.completeExceptionally(why);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
