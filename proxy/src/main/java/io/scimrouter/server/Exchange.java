package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.scimrouter.policy.Admission;
import io.scimrouter.policy.ResponseFraming;
import io.scimrouter.policy.Verdict;
import io.scimrouter.rewrite.RewriteLimitExceededException;
import io.scimrouter.route.Route;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamListener;
import io.scimrouter.upstream.UpstreamPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request and its answer, from the moment the head was accepted until the last byte of the answer was written.
 * Lives on the client's event loop; its backend connection comes from that loop's pool, so no state here is shared.
 */
final class Exchange implements UpstreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String X_FORWARDED_HOST = "X-Forwarded-Host";


    private final ProxyFrontendHandler frontend;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final Route route;
    private final String clientHost;
    private final boolean clientKeepAlive;
    private final boolean hasBody;
    private final boolean expectContinue;
    private final HttpMethod method;
    private final boolean clientHttp10;

    /** The tenant header's value toward the backend; null on the legacy route. */
    private String tenantKey;
    /** Request chunks that arrived before the head was written to the backend. */
    private final ArrayDeque<HttpContent> queued = new ArrayDeque<>(2);
    private long bodyBytes;
    private long queuedBytes;
    boolean requestComplete;
    boolean headWritten;

    private UpstreamPool pool;
    Channel upstream;
    private boolean reused;
    private boolean retried;

    /** URL rewriting of this /v2 exchange, or null (legacy routes, rewrite disabled). */
    private RewritePlanner rewrite;
    private BodyTransform requestTransform;
    private BodyTransform responseTransform;
    /** The answer's head, held back while the rewriter has produced nothing: an error can still replace it. */
    private HttpResponse heldHead;
    private boolean headSent;

    private boolean responseStarted;
    private boolean responseComplete;
    private boolean skipInterimLast;
    private boolean upstreamReusable;
    private boolean keepClientAfterResponse;
    private ScheduledFuture<?> timer;
    private long lastProgress;
    private boolean finished;

    Exchange(ProxyFrontendHandler frontend, HttpRequest request, Route route, String clientHost,
             boolean keepAlive, boolean hasBody, boolean expectContinue) {
        this.frontend = frontend;
        this.ctx = frontend.ctx();
        this.request = request;
        this.route = route;
        this.clientHost = clientHost;
        this.clientKeepAlive = keepAlive;
        this.hasBody = hasBody;
        this.expectContinue = expectContinue;
        this.method = request.method();
        this.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.requestComplete = false;
    }

    // ---- request direction ----------------------------------------------------------------------------------------

    /** The route (and tenant) are decided: lease a connection to {@code target} and send the request there. */
    void connect(Upstream target, String tenantKey) {
        this.tenantKey = tenantKey;
        pool = frontend.proxy().pools().pool(ctx.channel().eventLoop(), target);
        prepareHead(target);
        Future<UpstreamPool.Lease> lease = pool.acquire();
        if (lease.isDone()) {
            onLease(lease);
        } else {
            lease.addListener(f -> onLease(lease));
        }
    }

    private void onLease(Future<UpstreamPool.Lease> lease) {
        if (!lease.isSuccess()) {
            Throwable cause = lease.cause();
            LOG.warn("backend {} unreachable: {}", pool.upstream().origin(), cause.toString());
            if (cause instanceof ConnectTimeoutException) {
                failBeforeResponse(new Verdict.Reject(504, "The backend did not accept a connection in time", false));
            } else {
                failBeforeResponse(new Verdict.Reject(502, "The backend is unreachable", false));
            }
            return;
        }
        Channel ch = lease.getNow().channel();
        if (finished || !frontend.isCurrent(this)) {
            pool.release(ch, true); // nothing was written on it
            return;
        }
        upstream = ch;
        reused = lease.getNow().reused();
        // from here on the backend owes progress; waiting for the lease is not charged: every leased exchange has
        // this timer, so a pool full of stuck exchanges frees itself within backend.responseTimeout
        startTimer();
        UpstreamPool.lease(ch, this);
        ch.config().setAutoRead(ctx.channel().isWritable());
        writeHead();
    }

    /** Turns the client's head into the backend's, in place (the legacy route pays for nothing else). */
    private void prepareHead(Upstream target) {
        HttpHeaders h = request.headers();
        AsciiString tenantHeader = frontend.proxy().tenantHeader();
        ForwardedHeaders.removeHopByHop(h, tenantHeader);
        if (route.tenantAware()) {
            h.set(tenantHeader, tenantKey);
        }
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = inet.getAddress().getHostAddress();
            String prior = h.contains(X_FORWARDED_FOR) ? String.join(", ", h.getAll(X_FORWARDED_FOR)) : null;
            h.set(X_FORWARDED_FOR, prior == null ? ip : prior + ", " + ip);
        }
        h.set(X_FORWARDED_PROTO, "http");
        if (clientHost != null) {
            h.set(X_FORWARDED_HOST, clientHost);
        }
        if (!frontend.proxy().config().backend().preserveHost() || clientHost == null) {
            h.set(HttpHeaderNames.HOST, target.hostHeader());
        }
        if (rewrite != null) {
            rewrite.backend(target);
        }
        request.setUri(route.backendTarget());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    /**
     * Called when the head is accepted, before the tenant lookup: body chunks that arrive while it runs must already
     * go through the rewriter.
     */
    void planRequestRewrite() {
        rewrite = RewritePlanner.forRequest(frontend.proxy(), route, request.headers(), clientHost, ctx.alloc());
        if (rewrite != null) {
            requestTransform = rewrite.requestBody(request.headers(), hasBody);
        }
    }

    private void writeHead() {
        if (requestTransform != null && requestComplete) {
            // the whole rewritten body is already here (the usual SCIM request): say its length, do not chunk
            long length = 0;
            for (HttpContent c : queued) {
                length += c.content().readableBytes();
            }
            request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            HttpUtil.setContentLength(request, length);
        }
        ChannelFuture headWrite = upstream.write(request);
        int inFlight = queued.size();
        for (HttpContent c : queued) {
            upstream.write(c.retain()); // our reference survives a failed write, for the retry
        }
        upstream.flush();
        headWrite.addListener(f -> onHeadWritten(f.isSuccess(), inFlight));
    }

    private void onHeadWritten(boolean success, int inFlight) {
        if (finished) {
            return;
        }
        if (!success) {
            if (!responseStarted && reused && !retried) {
                retryOnFreshConnection();
            } else {
                failBeforeResponse(new Verdict.Reject(502, "The backend closed the connection", false));
            }
            return;
        }
        for (int i = 0; i < inFlight; i++) {
            queued.poll().release();
        }
        headWritten = true;
        HttpContent c;
        while ((c = queued.poll()) != null) {
            upstream.write(c);
        }
        queuedBytes = 0;
        upstream.flush();
        if (expectContinue && !requestComplete) {
            ctx.writeAndFlush(ProxyFrontendHandler.continueResponse());
        }
        lastProgress = System.nanoTime();
        frontend.updateClientReading();
    }

    private void retryOnFreshConnection() {
        retried = true;
        if (requestComplete && queued.isEmpty()) {
            queued.add(LastHttpContent.EMPTY_LAST_CONTENT); // only bodiless requests are retried after the head
        }
        Channel dead = upstream;
        upstream = null;
        headWritten = false;
        pool.release(dead, false);
        LOG.debug("retrying on a fresh backend connection");
        Future<UpstreamPool.Lease> lease = pool.acquireFresh();
        if (lease.isDone()) {
            onLease(lease);
        } else {
            lease.addListener(f -> onLease(lease));
        }
    }

    void onClientContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            failOrCut(Admission.malformedBody());
            return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > frontend.maxBodyBytes()) {
            content.release();
            failOrCut(frontend.proxy().admission().bodyTooLarge());
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        lastProgress = System.nanoTime();
        if (requestTransform != null) {
            if (!transformRequestContent(content, last)) {
                return;
            }
        } else {
            sendToBackend(content);
        }
        if (last && headWritten) {
            upstream.flush();
        }
        if (!headWritten && queuedBytes > ProxyFrontendHandler.MAX_HELD_BYTES
                || headWritten && !upstream.isWritable()) {
            frontend.updateClientReading();
        }
    }

    /** Bytes of request body held until the head is written. */
    long queuedBytes() {
        return queuedBytes;
    }

    private void sendToBackend(HttpContent content) {
        if (!headWritten) {
            queuedBytes += content.content().readableBytes();
            queued.add(content);
        } else {
            upstream.write(content);
        }
    }

    /** Rewrites one request chunk; false when the exchange failed on it. */
    private boolean transformRequestContent(HttpContent content, boolean last) {
        ByteBuf out;
        ByteBuf tail = null;
        try {
            out = requestTransform.apply(content.content());
            if (last) {
                tail = requestTransform.finish();
            }
        } catch (RewriteLimitExceededException e) {
            failOrCut(413, "A value in the request body exceeds the configured limits");
            return false;
        }
        if (requestTransform.newlyMalformed()) {
            ProxyMetrics.MALFORMED_CLIENT_JSON.increment();
            LOG.debug("request body on {} is not valid JSON; forwarded unchanged from there", route.clientBase());
        }
        if (out.isReadable()) {
            sendToBackend(new DefaultHttpContent(out));
        } else {
            out.release();
        }
        if (last) {
            ProxyMetrics.URLS_REWRITTEN.increment(requestTransform.rewrittenCount());
            sendToBackend(new DefaultLastHttpContent(tail, ((LastHttpContent) content).trailingHeaders()));
        }
        return true;
    }

    // ---- response direction ---------------------------------------------------------------------------------------

    @Override
    public void onUpstreamMessage(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastProgress = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            onResponseContent(content);
        }
    }

    private void onResponseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            LOG.warn("malformed answer from backend {}: {}", pool.upstream().origin(),
                    response.decoderResult().cause().toString());
            skipInterimLast = true;
            failOrCut(502, "The backend sent a malformed answer");
            return;
        }
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            skipInterimLast = true; // 100/102/103 from the backend: the router already handled Expect itself
            return;
        }
        responseStarted = true;
        HttpHeaders h = response.headers();
        boolean backendKeepAlive = HttpUtil.isKeepAlive(response);
        ForwardedHeaders.removeHopByHop(h);
        boolean bodyless = ResponseFraming.bodyless(HttpMethod.HEAD.equals(method), response.status().code());
        boolean backendLength = HttpUtil.isContentLengthSet(response);
        if (rewrite != null) {
            responseTransform = rewrite.responseBody(response, bodyless);
        }
        ResponseFraming framing = ResponseFraming.decide(bodyless, backendLength, HttpUtil.isContentLengthSet(response),
                HttpUtil.isTransferEncodingChunked(response), backendKeepAlive, clientHttp10, clientKeepAlive,
                requestComplete);
        if (framing.chunk()) {
            HttpUtil.setTransferEncodingChunked(response, true);
        } else if (framing.unchunk()) {
            HttpUtil.setTransferEncodingChunked(response, false);
        }
        upstreamReusable = framing.reuseBackend();
        keepClientAfterResponse = framing.keepClient();
        if (framing.connection() == ResponseFraming.ConnectionHeader.CLOSE) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (framing.connection() == ResponseFraming.ConnectionHeader.KEEP_ALIVE) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (responseTransform != null) {
            heldHead = response;
        } else {
            sendHead(response);
        }
    }

    private void sendHead(HttpResponse response) {
        headSent = true;
        ctx.write(response);
    }

    private void onResponseContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (skipInterimLast) {
            content.release();
            if (last) {
                skipInterimLast = false;
            }
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            LOG.warn("malformed body from backend {}", pool.upstream().origin());
            failOrCut(502, "The backend sent a malformed answer");
            return;
        }
        if (responseTransform != null) {
            content = transformResponseContent(content, last);
            if (content == null) {
                return;
            }
        }
        if (!last) {
            ctx.write(content);
            if (!ctx.channel().isWritable()) {
                // pause first: the flush may drain the client at once, and its writability event resumes us
                upstream.config().setAutoRead(false);
                ctx.flush();
            }
            return;
        }
        responseComplete = true;
        ChannelFuture lastWrite = ctx.writeAndFlush(content);
        finish(upstreamReusable && requestComplete);
        frontend.exchangeDone(this, keepClientAfterResponse, lastWrite);
    }

    /**
     * Rewrites one answer chunk. Returns what to write (an empty non-last chunk is swallowed: null), with the held
     * head sent first once there are bytes to follow it.
     */
    private HttpContent transformResponseContent(HttpContent content, boolean last) {
        ByteBuf out;
        ByteBuf tail = null;
        try {
            out = responseTransform.apply(content.content());
            if (last) {
                tail = responseTransform.finish();
            }
        } catch (RewriteLimitExceededException e) {
            LOG.warn("answer from {} exceeds the rewrite limits: {}", pool.upstream().origin(), e.getMessage());
            failOrCut(502, "The backend's answer exceeds the configured rewrite limits");
            return null;
        }
        if (responseTransform.newlyMalformed()) {
            ProxyMetrics.MALFORMED_BACKEND_JSON.increment();
            LOG.warn("answer from {} for {} is not valid JSON; passed through unchanged from the error on",
                    pool.upstream().origin(), route.clientBase());
        }
        if (!last && !out.isReadable()) {
            out.release();
            return null;
        }
        if (heldHead != null) {
            HttpResponse head = heldHead;
            heldHead = null;
            if (last && !clientHttp10) {
                // the whole answer arrived at once (the usual small SCIM answer): send its length, not chunks
                HttpUtil.setTransferEncodingChunked(head, false);
                HttpUtil.setContentLength(head, out.readableBytes() + (long) tail.readableBytes());
            }
            sendHead(head);
        }
        if (!last) {
            return new DefaultHttpContent(out);
        }
        ProxyMetrics.URLS_REWRITTEN.increment(responseTransform.rewrittenCount());
        if (out.isReadable()) {
            ctx.write(new DefaultHttpContent(out));
        } else {
            out.release();
        }
        return new DefaultLastHttpContent(tail, ((LastHttpContent) content).trailingHeaders());
    }

    @Override
    public void onUpstreamReadComplete() {
        if (!finished) {
            ctx.flush();
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (!finished) {
            frontend.updateClientReading();
        }
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        if (finished || responseComplete) {
            return;
        }
        if (cause != null) {
            LOG.debug("backend connection failed: {}", cause.toString());
        }
        if (!responseStarted && reused && !retried && isIdempotentWithoutBody()) {
            retryOnFreshConnection();
            return;
        }
        failOrCut(502, "The backend closed the connection without a complete answer");
    }

    private boolean isIdempotentWithoutBody() {
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && !hasBody;
    }

    // ---- timers and endings ---------------------------------------------------------------------------------------

    private void startTimer() {
        if (timer != null || finished) {
            return;
        }
        long timeoutNanos = frontend.proxy().config().backend().responseTimeout().toNanos();
        lastProgress = System.nanoTime();
        timer = ctx.executor().schedule(this::onTimer, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One timer per exchange, armed when it holds a backend connection: the exchange fails when it made no progress
     * in either direction for backend.responseTimeout (waiting for the answer, or mid-answer). Time spent holding
     * the backend back for a slow client does not count.
     */
    private void onTimer() {
        timer = null;
        if (finished) {
            return;
        }
        long timeoutNanos = frontend.proxy().config().backend().responseTimeout().toNanos();
        if (responseStarted && !upstream.config().isAutoRead()) {
            lastProgress = System.nanoTime(); // we hold the backend back for a slow client: not its stall
        }
        long idle = System.nanoTime() - lastProgress;
        if (!responseStarted && idle >= timeoutNanos) {
            failOrCut(504, "The backend did not answer in time");
        } else if (idle >= timeoutNanos) {
            LOG.warn("backend {} stalled mid-answer; cutting the exchange", pool.upstream().origin());
            failOrCut(504, "The backend stalled");
        } else {
            timer = ctx.executor().schedule(this::onTimer, timeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    /** A router error: as a SCIM error while nothing of the answer was sent, else by cutting the connection. */
    void failOrCut(int status, String detail) {
        failOrCut(new Verdict.Reject(status, detail, false));
    }

    private void failOrCut(Verdict.Reject reject) {
        if (headSent) {
            finish(false);
            frontend.exchangeCut(this);
        } else {
            failBeforeResponse(reject);
        }
    }

    void failBeforeResponse(Verdict.Reject reject) {
        if (finished) {
            return;
        }
        finish(false);
        FullHttpResponse response = ScimErrors.response(ctx.alloc(), reject.status(), reject.detail());
        if (reject.retryAfterSeconds() > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, reject.retryAfterSeconds());
        }
        // the rest of an unread body cannot be told apart from the next request: close instead
        boolean keepClient = !reject.close()
                && ResponseFraming.keepClientAfterRouterAnswer(clientKeepAlive, requestComplete, hasBody);
        frontend.exchangeFailed(this, response, keepClient, !requestComplete);
    }

    Route route() {
        return route;
    }

    /** True while an answer is being written to a client that does not read it. */
    boolean stuckOnClient() {
        return responseStarted && !finished && !ctx.channel().isWritable();
    }

    /** The client went away: drop everything, the backend connection cannot be trusted mid-exchange. */
    void abandon() {
        finish(false);
    }

    private void finish(boolean reusable) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        HttpContent c;
        while ((c = queued.poll()) != null) {
            c.release();
        }
        heldHead = null;
        if (requestTransform != null) {
            requestTransform.discard();
        }
        if (responseTransform != null) {
            responseTransform.discard();
        }
        if (upstream != null) {
            upstream.config().setAutoRead(true); // idle pooled connections must notice a close
            pool.release(upstream, reusable);
            upstream = null;
        }
    }

}
