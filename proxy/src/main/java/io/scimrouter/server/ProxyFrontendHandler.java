package io.scimrouter.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.scimrouter.limit.LimitDecision;
import io.scimrouter.limit.Limiter;
import io.scimrouter.policy.Admission;
import io.scimrouter.policy.DecoderFailure;
import io.scimrouter.policy.OverloadAnswers;
import io.scimrouter.policy.TenantAnswers;
import io.scimrouter.policy.Verdict;
import io.scimrouter.route.Route;
import io.scimrouter.route.RouteDecision;
import io.scimrouter.tenant.CallerVerdict;
import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.tenant.TenantQuery;
import io.scimrouter.upstream.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection. Reads a request head, decides (route, rollout, tenant), then hands the request to an
 * {@link Exchange} that streams it to a pooled backend connection and the answer back. Everything runs on the
 * client's event loop; the tenant lookup is the only asynchronous turn, and it hops back here.
 *
 * <p>Which requests are admitted is {@link io.scimrouter.policy.Admission}'s decision, what a tenant decision means
 * is {@link io.scimrouter.policy.TenantAnswers}'; this class applies them. Reading on and off, in both directions,
 * is {@link FlowControl}'s.
 */
final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyFrontendHandler.class);

    private final AtomicReference<ProxyContext> live;
    /**
     * The context of the current (or last) exchange: read from {@link #live} once per request head, so a reload
     * changes the next exchange, never one in progress.
     */
    private ProxyContext proxy;
    private final RequestHeadTimer headTimer;
    private final HeadView head = new HeadView();
    private final long maxBodyBytes;
    /** Messages of pipelined requests that arrived while an exchange was in progress; replayed in order. */
    private final ArrayDeque<Object> deferred = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    private FlowControl flow;
    /** The peer's IP address as text, or null when it has none; and whether it is a trusted proxy. */
    private String peerAddress;
    private boolean peerTrusted;
    private Exchange exchange;
    /** Releasing the rest of a request that was already answered (without a body it is the empty last chunk). */
    private boolean discarding;
    private boolean closing;
    /** The router drains: every answer closes the connection, an idle one is closed at once. */
    private boolean draining;

    ProxyFrontendHandler(AtomicReference<ProxyContext> live, RequestHeadTimer headTimer) {
        this.live = live;
        this.proxy = live.get();
        this.headTimer = headTimer;
        this.maxBodyBytes = proxy.config().server().maxRequestBodyBytes();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.flow = new FlowControl(this, ctx.channel());
        // accepted while the listener closed: serve the request in flight, with Connection: close
        draining = proxy.connections().joined(ctx.channel());
        // an accepted connection knows its peer from the start: decided once, not per request
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            peerAddress = inet.getAddress().getHostAddress();
            peerTrusted = proxy.forwarding().trusts(inet.getAddress());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        headTimer.decoded(msg);
        dispatch(msg, false);
    }

    /** @param replaying true when the message comes from {@link #deferred}, which keeps arrival order */
    private void dispatch(Object msg, boolean replaying) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (discarding) {
            if (msg instanceof LastHttpContent) {
                discarding = false;
            }
            if (msg instanceof HttpContent) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        Exchange ex = exchange;
        if (ex != null && !ex.requestComplete() && msg instanceof HttpContent content) {
            ex.onClientContent(content);
            return;
        }
        if (ex != null || !replaying && !deferred.isEmpty()) {
            if (replaying) {
                deferred.addFirst(msg);
            } else {
                deferred.add(msg);
            }
            flow.pipelinedHeld(msg);
            flow.update();
            return;
        }
        if (msg instanceof HttpRequest request) {
            onRequestHead(request);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.flushRequest();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        flow.clientWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == RequestHeadTimer.EXPIRED) {
            onRequestHeadTimeout();
            return;
        }
        if (evt instanceof IdleStateEvent idle && closesOnIdle(idle)) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        Exchange ex = exchange;
        exchange = null;
        if (ex != null) {
            ex.abandon(ExchangeOutcome.CLIENT_CLOSED);
        }
        Object msg;
        while ((msg = deferred.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("client connection failed: {}", cause.toString());
        } else {
            LOG.warn("unexpected failure on a client connection; closing it", cause); // a bug, not the client's doing
        }
        ctx.close();
    }

    /**
     * All-idle: a silent connection. Writer-idle: one that sends bytes but has taken no answer for as long, such as
     * empty lines that start no request. Neither closes an exchange waiting on the backend, nor does writer-idle
     * close a head still arriving, which has its own clock.
     */
    private boolean closesOnIdle(IdleStateEvent idle) {
        Exchange ex = exchange;
        if (ex != null) {
            return ex.stuckOnClient();
        }
        return idle.state() == IdleState.ALL_IDLE || !headTimer.inHead();
    }

    /** A request head began but did not complete in time: 408, unless an earlier answer is still on its way. */
    private void onRequestHeadTimeout() {
        if (closing) {
            return;
        }
        Exchange ex = exchange;
        if (ex != null && ex.stuckOnClient()) {
            ctx.close(); // dribbling a head while not reading the answer: no 408 can get through
            return;
        }
        if (ex != null || !deferred.isEmpty()) {
            headTimer.restart(); // a pipelined head behind an answer in progress: its clock starts again
            return;
        }
        refuse(Admission.headTimeout(proxy.config().server().requestHeadTimeout()), null, RequestIds.next());
    }

    private void onRequestHead(HttpRequest request) {
        proxy = live.get(); // no exchange is in progress here: this one sees the configuration in force now
        String requestId = RequestIds.of(request.headers());
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(request);
            refuse(Admission.undecodable(decoderFailure(cause)), null, requestId);
            return;
        }
        HeadView head = this.head.of(request);
        RouteDecision target = proxy.routeParser().parse(request.uri());
        Verdict verdict = proxy.admission().admit(head, target);
        String host = head.host();
        boolean keepAlive = head.keepAlive();
        boolean hasBody = head.hasBody();
        long contentLength = head.contentLength();
        boolean expectContinue = Admission.expectsContinue(head);
        head.clear();
        if (verdict instanceof Verdict.Reject reject) {
            refuse(reject, request, requestId);
            return;
        }
        HttpHeaders headers = request.headers();
        if (expectContinue) {
            headers.remove(HttpHeaderNames.EXPECT); // the router answers it itself
        }
        Route route = (Route) target;
        Exchange ex = new Exchange(this, request, requestId, route, host, keepAlive, hasBody, expectContinue);
        exchange = ex;
        if (hasBody) {
            int wanted = proxy.exchanges().requestBodyWanted(route, request.method().name());
            if (wanted > 0) {
                ex.copyRequestBody(wanted);
            }
        }
        Limiter limits = proxy.limits();
        if (limits.active() && !admitWithinLimits(ex, limits, route, !keepAlive || hasBody)) {
            return;
        }
        ex.planBuffering(contentLength);
        ex.planRequestRewrite();
        flow.update();
        if (route.explicitTenant()) {
            CompletableFuture<TenantDecision> lookup = proxy.tenants().resolve(new TenantQuery(
                    route.project(), route.environment(), route.tenant(),
                    headers.get(HttpHeaderNames.AUTHORIZATION)));
            if (lookup.isDone() && !lookup.isCompletedExceptionally()) {
                onTenantDecision(ex, lookup.join(), null); // cache hit: no hop
            } else {
                lookup.whenComplete((d, err) -> ctx.executor().execute(() -> onTenantDecision(ex, d, err)));
            }
        } else {
            ex.connect(route.tenantAware() ? proxy.tenantAwareUpstream() : proxy.legacyUpstream(), route.tenant());
        }
    }

    /**
     * The overload limits, checked before any tenant lookup or backend work: an exchange that is refused ends at
     * once with its flag (so the access log and the metrics see it), one that is admitted holds its permit until its
     * end, whichever way it ends.
     */
    private boolean admitWithinLimits(Exchange ex, Limiter limits, Route route, boolean close) {
        String tenant = route.tenant() != null ? route.tenant() : proxy.config().routing().defaultTenant();
        LimitDecision decision = limits.admit(route.project(), route.environment(), tenant);
        if (decision instanceof LimitDecision.Granted granted) {
            ex.holdPermit(granted.permit());
            return true;
        }
        if (decision instanceof LimitDecision.RateLimited) {
            ex.flag(ExchangeOutcome.RATE_LIMITED);
        } else {
            ex.flag(ExchangeOutcome.CONCURRENCY_LIMITED);
        }
        ex.failBeforeResponse(OverloadAnswers.refused(decision, close));
        return false;
    }

    private void onTenantDecision(Exchange ex, TenantDecision decision, Throwable error) {
        if (exchange != ex) {
            return; // the client went away meanwhile
        }
        if (error == null && decision instanceof TenantDecision.Unknown && proxy.callerVerdicts() != null) {
            checkCaller(ex);
            return;
        }
        Verdict verdict;
        if (error != null) {
            LOG.warn("tenant lookup failed: {}", error.toString());
            verdict = TenantAnswers.lookupFailed();
        } else {
            verdict = TenantAnswers.answer(decision, ex.route());
        }
        if (verdict instanceof Verdict.Reject reject) {
            ex.flag(refusalFlag(decision, error));
            ex.failBeforeResponse(reject);
            return;
        }
        TenantDecision.Known known = (TenantDecision.Known) decision;
        ex.connect(known.upstream() != null ? Upstream.of(known.upstream()) : proxy.tenantAwareUpstream(),
                known.tenantKey());
    }

    private static int refusalFlag(TenantDecision decision, Throwable error) {
        if (error != null || decision instanceof TenantDecision.Unavailable) {
            return ExchangeOutcome.DIRECTORY_UNAVAILABLE;
        }
        return decision instanceof TenantDecision.Denied ? ExchangeOutcome.TENANT_DENIED
                : ExchangeOutcome.TENANT_UNKNOWN;
    }

    // ---- the drain ----------------------------------------------------------------------------------------------

    /**
     * The router drains (on this connection's loop): from now on every answer carries {@code Connection: close}
     * and the connection closes after it; a connection with nothing in progress closes now.
     *
     * @return true when the connection was idle and is being closed
     */
    boolean drain() {
        draining = true;
        if (!closing && exchange == null && deferred.isEmpty() && !headTimer.inHead()) {
            closing = true;
            ctx.close();
            return true;
        }
        return false;
    }

    /**
     * The drain ran out of time: the exchange in progress is cut. The close is a reset (SO_LINGER 0), so that not
     * even an answer delimited by the close (HTTP/1.0) can look whole.
     */
    void cutForDrain() {
        Exchange ex = exchange;
        if (ex != null) {
            ex.abandon(ExchangeOutcome.DRAIN_CUT);
        }
        closing = true;
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }

    /** True while the router drains. */
    boolean draining() {
        return draining;
    }

    /**
     * An unknown tenant: before the 404, the legacy backend is asked whether the caller's credential is valid, so a
     * caller without one hears what it would hear for a known tenant (the backend's 401/403), not that the tenant
     * does not exist. The verdict is remembered per credential fingerprint; the check runs on this event loop
     * through its own pool.
     */
    private void checkCaller(Exchange ex) {
        ex.flag(ExchangeOutcome.TENANT_UNKNOWN | ExchangeOutcome.CALLER_CHECKED);
        Route route = ex.route();
        String authorization = ex.authorization();
        CompletableFuture<CallerVerdict> verdict = proxy.callerVerdicts().verdict(route.project(),
                route.environment(), authorization,
                () -> CallerCheck.start(proxy, ctx.channel().eventLoop(), route, authorization, ex.clientHost()));
        if (verdict.isDone()) {
            onCallerVerdict(ex, verdict.getNow(null), null);
        } else {
            verdict.whenComplete((v, err) -> ctx.executor().execute(() -> onCallerVerdict(ex, v, err)));
        }
    }

    private void onCallerVerdict(Exchange ex, CallerVerdict verdict, Throwable error) {
        if (exchange != ex) {
            return; // the client went away meanwhile
        }
        if (error != null || verdict == null) {
            ex.flag(ExchangeOutcome.CALLER_CHECK_FAILED);
            ex.failBeforeResponse(TenantAnswers.callerCheckFailed());
            return;
        }
        if (verdict instanceof CallerVerdict.Refused refused) {
            ex.answerInstead(CallerCheck.relay(ctx.alloc(), refused), false);
            return;
        }
        ex.failBeforeResponse((Verdict.Reject) TenantAnswers.answer(new TenantDecision.Unknown(), ex.route()));
    }

    // ---- called by Exchange and FlowControl ---------------------------------------------------------------------

    ProxyContext proxy() {
        return proxy;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    FlowControl flow() {
        return flow;
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The client's IP address as text, or null when the connection has none. */
    String peerAddress() {
        return peerAddress;
    }

    /** The client is a trusted proxy (server.trustedProxies): its X-Forwarded-* headers are believed. */
    boolean peerTrusted() {
        return peerTrusted;
    }

    /** The exchange in progress on this connection, or null between requests. */
    Exchange exchange() {
        return exchange;
    }

    /** The connection is being closed: nothing more is read or started. */
    boolean closing() {
        return closing;
    }

    /** The exchange ended with a complete answer; keep the connection for the next request or close it. */
    void exchangeDone(Exchange ex, boolean keepClient, ChannelFuture lastWrite) {
        if (exchange != ex) {
            return;
        }
        exchange = null;
        if (!keepClient || draining) {
            closing = true;
            lastWrite.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        replayDeferred();
    }

    /** Answers with a router error; the exchange (if any) has already let go of its backend connection. */
    void exchangeFailed(Exchange ex, FullHttpResponse response, boolean keepClient, boolean discardRest) {
        if (exchange != ex) {
            ReferenceCountUtil.release(response);
            return;
        }
        exchange = null;
        discarding = discardRest;
        if (!keepClient || draining) {
            closing = true;
            if (HttpUtil.isKeepAlive(response)) {
                HttpUtil.setKeepAlive(response, false);
            }
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response);
        replayDeferred();
    }

    /**
     * The answer was cut after it started: deliver what was written, then close without a terminating chunk (or
     * short of Content-Length), so the client sees the cut.
     */
    void exchangeCut(Exchange ex) {
        if (exchange == ex) {
            exchange = null;
        }
        closing = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void replayDeferred() {
        Object msg;
        while (!closing && (msg = deferred.peek()) != null) {
            Exchange ex = exchange;
            if (ex != null && (ex.requestComplete() || !(msg instanceof HttpContent))) {
                break; // the next request waits for this answer
            }
            deferred.poll();
            flow.pipelinedReleased(msg);
            dispatch(msg, true);
        }
        Exchange ex = exchange;
        if (ex != null && !closing) {
            // a replay ends like a read: what it brought goes out, and a body still owed is timed from here
            ex.flushRequest();
        }
        flow.update();
    }

    /**
     * Answers a request the router refuses before it became an exchange, and tells the listener.
     *
     * @param request the decoded head, or null when there is none to trust
     */
    private void refuse(Verdict.Reject reject, HttpRequest request, String requestId) {
        FullHttpResponse response = ScimErrors.response(ctx.alloc(), reject.status(), reject.detail());
        response.headers().set(RequestIds.HEADER, requestId);
        try {
            proxy.exchanges().onExchangeEnd(new RejectedRequest(request, requestId, ctx.channel().remoteAddress(),
                    reject.status(), Exchange.answerBodyBytes(request, response), ctx.executor().ticker().nanoTime()));
        } catch (RuntimeException e) {
            LOG.warn("exchange listener failed", e);
        }
        if (reject.close() || draining) {
            closing = true;
            HttpUtil.setKeepAlive(response, false);
            flow.stopReadingClient();
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        discarding = true; // the decoder still delivers the (empty) last chunk of this request
        ctx.writeAndFlush(response);
    }

    private static DecoderFailure decoderFailure(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return DecoderFailure.REQUEST_LINE_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return DecoderFailure.HEADERS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return DecoderFailure.FRAME_TOO_LARGE;
        }
        return DecoderFailure.MALFORMED;
    }

    static FullHttpResponse continueResponse() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER);
    }
}
