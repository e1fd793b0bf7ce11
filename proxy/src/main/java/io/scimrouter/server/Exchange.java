package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
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
import io.netty.util.concurrent.Ticker;
import io.scimrouter.limit.Permit;
import io.scimrouter.limit.UpstreamGate;
import io.scimrouter.policy.Admission;
import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.policy.RequestBuffering;
import io.scimrouter.policy.ResponseFraming;
import io.scimrouter.policy.Verdict;
import io.scimrouter.rewrite.RewriteLimitExceededException;
import io.scimrouter.route.Route;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamListener;
import io.scimrouter.upstream.UpstreamPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

import static io.scimrouter.policy.ExchangePhase.ABANDONED;
import static io.scimrouter.policy.ExchangePhase.AWAITING_RESPONSE;
import static io.scimrouter.policy.ExchangePhase.BUFFERING;
import static io.scimrouter.policy.ExchangePhase.CUT;
import static io.scimrouter.policy.ExchangePhase.DONE;
import static io.scimrouter.policy.ExchangePhase.FAILED;
import static io.scimrouter.policy.ExchangePhase.HEAD_HELD;
import static io.scimrouter.policy.ExchangePhase.INTERIM;
import static io.scimrouter.policy.ExchangePhase.LEASING;
import static io.scimrouter.policy.ExchangePhase.RESPONDING;
import static io.scimrouter.policy.ExchangePhase.ROUTING;
import static io.scimrouter.policy.ExchangePhase.SENDING_HEAD;

/**
 * One request and its answer, from the moment the head was admitted until the exchange ends. Lives on the client's
 * event loop; its backend connection comes from that loop's pool, so nothing here is shared or locked.
 *
 * <p>Its lifecycle is an {@link ExchangePhase} (the diagram is there): every step goes through {@link #moveTo}, which
 * refuses a step the diagram does not draw, and every ending goes through {@link #end}, which records the outcome
 * (status, bytes, {@link ExchangeOutcome flags}), lets go of everything the exchange holds and tells the
 * {@link ExchangeListener}. Reading on and off is {@link FlowControl}'s; this class reports what it does. Whether
 * the request body is held until it is whole is {@link BodyBuffering}'s, the place at the backend origin's gate
 * {@link UpstreamGatePlace}'s; this class moves on when they say. When a timeout fires is {@link ExchangeTimers}'s,
 * what it does is decided here; the rewriters of a /v2 exchange's bodies are {@link ExchangeRewriting}'s.
 */
final class Exchange implements UpstreamListener, ExchangeOutcome, ExchangeTimers.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
    private static final Verdict.Reject CONNECT_TIMED_OUT =
            new Verdict.Reject(504, "The backend did not accept a connection in time", false);
    private static final Verdict.Reject UNREACHABLE = new Verdict.Reject(502, "The backend is unreachable", false);
    private static final Verdict.Reject HEAD_NOT_WRITTEN =
            new Verdict.Reject(502, "The backend closed the connection", false);
    private static final Verdict.Reject CLOSED_EARLY =
            new Verdict.Reject(502, "The backend closed the connection without a complete answer", false);
    private static final Verdict.Reject MALFORMED_ANSWER =
            new Verdict.Reject(502, "The backend sent a malformed answer", false);
    private static final Verdict.Reject ANSWER_OVER_LIMITS =
            new Verdict.Reject(502, "The backend's answer exceeds the configured rewrite limits", false);
    private static final Verdict.Reject REQUEST_OVER_LIMITS =
            new Verdict.Reject(413, "A value in the request body exceeds the configured limits", false);
    private static final Verdict.Reject NO_ANSWER_IN_TIME =
            new Verdict.Reject(504, "The backend did not answer in time", false);
    private static final Verdict.Reject STALLED = new Verdict.Reject(504, "The backend stalled", false);

    private final ProxyFrontendHandler frontend;
    private final ChannelHandlerContext ctx;
    private final ProxyContext proxy;
    private final FlowControl flow;
    private final Ticker ticker;
    private final HttpRequest request;
    private final String requestId;
    /** The target as the client sent it ({@link #prepareHead} replaces the request's). */
    private final String clientTarget;
    private final Route route;
    private final HttpMethod method;
    private final String clientHost;
    private final boolean clientKeepAlive;
    private final boolean clientHttp10;
    private final boolean hasBody;
    private final boolean expectContinue;
    /** The scheme the client used: a trusted proxy's X-Forwarded-Proto, else the router's own. */
    private final String scheme;
    private final long startNanos;

    private ExchangePhase phase = ROUTING;
    /** The client sent the request's last chunk. Independent of the phase: an answer may begin before it. */
    private boolean requestComplete;
    /** The tenant header's value toward the backend; null on the legacy route. */
    private String tenantKey;
    /** Request chunks not yet confirmed written to the backend (kept for the one retry). */
    private final BodyQueue queued = new BodyQueue();
    /** Whether the body is held back until it is whole (server.requestBuffer), and the budget taken for it. */
    private final BodyBuffering buffering;
    /** Where the request goes, known with the tenant; kept while the body is buffered. */
    private Upstream target;
    /** The 100 (Continue) was sent: the client was asked for its body. */
    private boolean continueSent;
    /** backend.responseTimeout and server.requestBodyTimeout: when they fire; what they do is decided here. */
    private final ExchangeTimers timers;

    private UpstreamPool pool;
    private Channel upstream;
    private SocketAddress upstreamAddress;
    private boolean reused;

    /** A copy of the request body for a listener ({@link #copyRequestBody}), or null; dropped when over its limit. */
    private ByteArrayOutputStream bodyCopy;
    private int bodyCopyLimit;

    /** The places this exchange holds in the limits of requests in progress; released at {@link #end}. */
    private Permit permit;
    /** The place at the backend origin's gate (limits.upstream.*), held or waited for; null without a gate. */
    private UpstreamGatePlace gatePlace;

    /** URL rewriting of this /v2 exchange's bodies, or null (legacy routes, rewrite disabled). */
    private ExchangeRewriting rewriting;
    /** The answer's head while HEAD_HELD: an error can still replace it. */
    private HttpResponse heldHead;
    /** Decided from the answer's head. */
    private ResponseFraming framing;

    // ---- the outcome
    private int status;
    private long requestBodyBytes;
    private long responseBodyBytes;
    private int flags;
    private long firstByteNanos;
    private long endNanos;

    Exchange(ProxyFrontendHandler frontend, HttpRequest request, String requestId, Route route, String clientHost,
             boolean keepAlive, boolean hasBody, boolean expectContinue) {
        this.frontend = frontend;
        this.ctx = frontend.ctx();
        this.proxy = frontend.proxy();
        this.flow = frontend.flow();
        this.ticker = ctx.executor().ticker();
        this.request = request;
        this.requestId = requestId;
        this.clientTarget = request.uri();
        this.route = route;
        this.method = request.method();
        this.clientHost = clientHost;
        this.clientKeepAlive = keepAlive;
        this.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.hasBody = hasBody;
        this.expectContinue = expectContinue;
        this.scheme = !frontend.peerTrusted() ? proxy.forwarding().ownScheme()
                : proxy.forwarding().schemeFromTrustedPeer(request.headers().get(ForwardedHeaders.X_FORWARDED_PROTO));
        this.startNanos = ticker.nanoTime();
        this.timers = new ExchangeTimers(ctx.executor(), proxy.config().backend().responseTimeout().toNanos(),
                proxy.config().server().requestBodyTimeout().toNanos(), startNanos, this);
        this.buffering = new BodyBuffering(proxy.requestBuffering(), proxy.bufferBudget());
    }

    /** The one guarded step of the lifecycle. */
    private void moveTo(ExchangePhase next) {
        phase = phase.moveTo(next);
    }

    // ---- request direction ----------------------------------------------------------------------------------------

    /**
     * Called when the head is admitted, before the tenant lookup: body chunks that arrive while it runs must already
     * go through the rewriter.
     */
    void planRequestRewrite() {
        rewriting = ExchangeRewriting.forRequest(proxy, route, request.headers(), scheme, clientHost, ctx.alloc(),
                hasBody);
    }

    /** Keeps a copy of up to {@code limit} bytes of the request body for the listener; more: no copy at all. */
    void copyRequestBody(int limit) {
        bodyCopyLimit = limit;
        bodyCopy = new ByteArrayOutputStream(Math.min(limit, 1024));
    }

    /** The places this exchange took in the limits of requests in progress; released when it ends. */
    void holdPermit(Permit taken) {
        this.permit = taken;
    }

    /** Adds one of the {@link ExchangeOutcome} flags, for an outcome decided outside this class. */
    void flag(int flag) {
        flags |= flag;
    }

    /**
     * Called when the head is admitted: a small body is received whole before the backend is asked
     * ({@link RequestBuffering}), within the shared budget; otherwise it streams.
     *
     * @param contentLength the declared Content-Length, or -1 (chunked)
     */
    void planBuffering(long contentLength) {
        buffering.plan(hasBody, contentLength);
    }

    /**
     * The route and tenant are decided: lease a connection to {@code target} and send the request there, or first
     * wait for the rest of a body being buffered (no connection is held meanwhile).
     */
    void connect(Upstream target, String tenantKey) {
        this.tenantKey = tenantKey;
        this.target = target;
        if (buffering.holding() && !requestComplete) {
            moveTo(BUFFERING);
            sendContinue();
            return;
        }
        lease();
    }

    private void lease() {
        moveTo(LEASING);
        pool = proxy.pools().pool(ctx.channel().eventLoop(), target);
        prepareHead(target);
        UpstreamGate origin = proxy.limits().gate(target);
        if (origin == null) {
            whenLeased(pool.acquire());
            return;
        }
        gatePlace = new UpstreamGatePlace(origin, ctx.executor(),
                proxy.limits().limits().upstream().queueTimeout().toNanos(), () -> whenLeased(pool.acquire()),
                this::refusedAtGate);
        gatePlace.enter();
    }

    /** No place at the backend origin: its queue was full, or the wait was too long. */
    private void refusedAtGate(int flag, Verdict.Reject answer) {
        flags |= flag;
        failBeforeResponse(answer);
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
            Throwable cause = lease.cause();
            LOG.warn("backend {} unreachable: {}", pool.upstream().origin(), cause.toString());
            if (!phase.terminal()) {
                boolean timedOut = cause instanceof ConnectTimeoutException;
                flags |= timedOut ? CONNECT_TIMEOUT : CONNECT_FAILED;
                failBeforeResponse(timedOut ? CONNECT_TIMED_OUT : UNREACHABLE);
            }
            return;
        }
        Channel ch = lease.getNow().channel();
        if (phase.terminal()) {
            pool.release(ch, true); // nothing was written on it
            return;
        }
        moveTo(SENDING_HEAD);
        upstream = ch;
        upstreamAddress = ch.remoteAddress();
        reused = lease.getNow().reused();
        // from here on the backend owes progress; waiting for the lease is not charged: every leased exchange has
        // this timer, so a pool full of stuck exchanges frees itself within backend.responseTimeout
        timers.startResponseTimer();
        UpstreamPool.lease(ch, this);
        flow.backendLeased(ch);
        writeHead();
    }

    /** Turns the client's head into the backend's, in place (the legacy route pays for nothing else). */
    private void prepareHead(Upstream target) {
        HttpHeaders h = request.headers();
        AsciiString tenantHeader = proxy.tenantHeader();
        ForwardedHeaders.removeHopByHop(h, tenantHeader);
        if (route.tenantAware()) {
            h.set(tenantHeader, tenantKey);
        }
        ForwardedHeaders.setForwarded(h, frontend.peerTrusted(), frontend.peerAddress(), scheme, clientHost);
        h.set(RequestIds.HEADER, requestId);
        if (!proxy.config().backend().preserveHost() || clientHost == null) {
            h.set(HttpHeaderNames.HOST, target.hostHeader());
        }
        if (rewriting != null) {
            rewriting.backend(target);
        }
        request.setUri(route.backendTarget());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    private void writeHead() {
        if (hasBody) {
            // admitted chunked requests carry the one coding chunked (any other is refused 501)
            boolean chunked = request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
            if (RequestBuffering.announceLength(requestComplete, chunked, rewritesRequest())) {
                // the whole body is here (buffered, or the usual small SCIM request): say its length, do not chunk
                request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                HttpUtil.setContentLength(request, queued.bytes());
            } else if (chunked) {
                // one field line in one spelling, whatever the client wrote ("Chunked", " chunked ")
                request.headers().set(TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        queued.seal();
        ChannelFuture headWrite = upstream.write(request);
        int inFlight = queued.size();
        for (HttpContent c : queued) {
            upstream.write(c.retain()); // our reference survives a failed write, for the retry
        }
        upstream.flush();
        headWrite.addListener(f -> onHeadWritten(headWrite, inFlight));
    }

    private void onHeadWritten(ChannelFuture headWrite, int inFlight) {
        if (phase != SENDING_HEAD || headWrite.channel() != upstream) {
            return; // ended meanwhile, or a write on a connection this exchange already gave up
        }
        if (!headWrite.isSuccess()) {
            if (reused && !flagged(RETRIED)) {
                retryOnFreshConnection();
            } else {
                flags |= UPSTREAM_CLOSED;
                failBeforeResponse(HEAD_NOT_WRITTEN);
            }
            return;
        }
        for (int i = 0; i < inFlight; i++) {
            queued.poll().release();
        }
        moveTo(AWAITING_RESPONSE);
        HttpContent c;
        while ((c = queued.poll()) != null) {
            upstream.write(c);
        }
        buffering.release(); // the body left the router's hands
        upstream.flush();
        sendContinue(); // a body that streams: asked for now that it has somewhere to go
        timers.progress();
        flow.update();
    }

    /** A reused connection turned out dead before the answer began: once, on a fresh one. */
    private void retryOnFreshConnection() {
        flags |= RETRIED;
        moveTo(LEASING);
        if (requestComplete && queued.isEmpty()) {
            // only bodiless requests are retried after the head
            queued.add(LastHttpContent.EMPTY_LAST_CONTENT, ctx.alloc());
        }
        Channel dead = upstream;
        upstream = null;
        flow.backendReleased(false);
        pool.release(dead, false);
        LOG.debug("retrying on a fresh backend connection");
        whenLeased(pool.acquireFresh());
    }

    /** A chunk of the request body; the frontend sends them here until {@link #requestComplete()}. */
    void onClientContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            failOrCut(Admission.malformedBody());
            return;
        }
        int size = content.content().readableBytes();
        requestBodyBytes += size;
        if (requestBodyBytes > frontend.maxBodyBytes()) {
            content.release();
            failOrCut(proxy.admission().bodyTooLarge());
            return;
        }
        if (bodyCopy != null) {
            copyBody(content.content());
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
            timers.stopBodyTimer();
        }
        timers.bodyArrived();
        if (!last) {
            buffering.grew(requestBodyBytes, size); // past the limit or the budget: it streams, with what it holds
        } else if (buffering.holding()) {
            flags |= BUFFERED;
        }
        if (rewritesRequest()) {
            if (!transformRequestContent(content, last)) {
                return;
            }
        } else {
            sendToBackend(content);
        }
        if (phase == BUFFERING && (requestComplete || !buffering.holding())) {
            lease(); // whole (checked, sized), or too big to wait for: the backend is asked now
            if (phase.terminal()) {
                return;
            }
        }
        boolean headWritten = phase.requestHeadWritten();
        if (last && headWritten) {
            upstream.flush();
        }
        if (!headWritten && !buffering.holding() && queued.bytes() > FlowControl.MAX_HELD_BYTES
                || headWritten && !upstream.isWritable()) {
            flow.update();
        }
    }

    private void copyBody(ByteBuf chunk) {
        int n = chunk.readableBytes();
        if (bodyCopy.size() + (long) n > bodyCopyLimit) {
            bodyCopy = null; // a cut copy is never passed off as the body
            return;
        }
        byte[] bytes = new byte[n];
        chunk.getBytes(chunk.readerIndex(), bytes);
        bodyCopy.write(bytes, 0, n);
    }

    private boolean rewritesRequest() {
        return rewriting != null && rewriting.rewritesRequest();
    }

    private boolean rewritesResponse() {
        return rewriting != null && rewriting.rewritesResponse();
    }

    private void sendToBackend(HttpContent content) {
        if (phase.requestHeadWritten()) {
            upstream.write(content);
        } else {
            queued.add(content, ctx.alloc());
        }
    }

    /** Asks a client that sent {@code Expect: 100-continue} for its body, once, when the router wants it. */
    private void sendContinue() {
        if (expectContinue && !continueSent && !requestComplete) {
            continueSent = true;
            ctx.writeAndFlush(ProxyFrontendHandler.continueResponse());
            timers.bodyRequested();
        }
    }

    /** Rewrites one request chunk; false when the exchange failed on it. */
    private boolean transformRequestContent(HttpContent content, boolean last) {
        ByteBuf out = null;
        ByteBuf tail = null;
        try {
            out = rewriting.rewriteRequest(content.content());
            if (last) {
                tail = rewriting.finishRequest();
            }
        } catch (RewriteLimitExceededException e) {
            if (out != null) {
                out.release(); // the chunk went through, the end did not: nothing of it is sent
            }
            failOrCut(REQUEST_OVER_LIMITS);
            return false;
        }
        if (rewriting.requestNewlyMalformed()) {
            flags |= REQUEST_JSON_MALFORMED;
            LOG.debug("request body on {} is not valid JSON; forwarded unchanged from there", route.clientBase());
        }
        if (out.isReadable()) {
            sendToBackend(new DefaultHttpContent(out));
        } else {
            out.release();
        }
        if (last) {
            sendToBackend(new DefaultLastHttpContent(tail, ((LastHttpContent) content).trailingHeaders()));
        }
        return true;
    }

    /**
     * At the end of a read from the client: what it brought goes out to the backend in one flush, and a body still
     * owed is timed from here (a body that arrived with its head, the usual case, arms no timer).
     */
    void flushRequest() {
        if (phase.requestHeadWritten()) {
            upstream.flush();
        }
        if (hasBody && !requestComplete && !phase.terminal()
                && (!expectContinue || continueSent || requestBodyBytes > 0)) {
            timers.armBodyTimer(); // once: an armed timer stays as it is
        }
    }

    // ---- response direction ---------------------------------------------------------------------------------------

    @Override
    public void onUpstreamMessage(Object msg) {
        if (phase.terminal()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        timers.progress();
        if (msg instanceof HttpResponse response) {
            onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            onResponseContent(content); // after a failed head (a full invalid message) this releases it
        }
    }

    private void onResponseHead(HttpResponse response) {
        if (firstByteNanos == 0) {
            firstByteNanos = ticker.nanoTime();
        }
        if (response.decoderResult().isFailure()) {
            LOG.warn("malformed answer from backend {}: {}", pool.upstream().origin(),
                    response.decoderResult().cause().toString());
            failMalformed();
            return;
        }
        if (phase != AWAITING_RESPONSE) {
            // an answer before the request head was even written: the backend is out of step with us
            LOG.warn("backend {} answered before the request was written", pool.upstream().origin());
            failMalformed();
            return;
        }
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            moveTo(INTERIM); // 100/102/103 from the backend: the router already handled Expect itself
            return;
        }
        HttpHeaders h = response.headers();
        boolean backendKeepAlive = HttpUtil.isKeepAlive(response);
        ForwardedHeaders.removeHopByHop(h);
        status = response.status().code();
        boolean bodyless = ResponseFraming.bodyless(HttpMethod.HEAD.equals(method), status);
        boolean backendLength = HttpUtil.isContentLengthSet(response);
        boolean rewritesBody = rewriting != null && rewriting.planResponse(response, bodyless);
        framing = ResponseFraming.decide(bodyless, backendLength, HttpUtil.isContentLengthSet(response),
                HttpUtil.isTransferEncodingChunked(response), backendKeepAlive, clientHttp10, keepClientWanted(),
                requestComplete);
        h.set(RequestIds.HEADER, requestId);
        if (framing.chunk()) {
            HttpUtil.setTransferEncodingChunked(response, true);
        } else if (framing.unchunk()) {
            HttpUtil.setTransferEncodingChunked(response, false);
        }
        if (framing.connection() == ResponseFraming.ConnectionHeader.CLOSE) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (framing.connection() == ResponseFraming.ConnectionHeader.KEEP_ALIVE) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (rewritesBody) {
            heldHead = response;
            moveTo(HEAD_HELD);
        } else {
            sendHead(response);
        }
    }

    private void sendHead(HttpResponse response) {
        moveTo(RESPONDING);
        ctx.write(response);
    }

    private void onResponseContent(HttpContent content) {
        if (phase.terminal()) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (phase == INTERIM) {
            content.release();
            if (last) {
                moveTo(AWAITING_RESPONSE); // the interim answer is over; the final one follows
            }
            return;
        }
        if (content.decoderResult().isFailure() || !phase.answerStarted()) {
            content.release();
            LOG.warn("malformed body from backend {}", pool.upstream().origin());
            failMalformed();
            return;
        }
        if (rewritesResponse()) {
            content = transformResponseContent(content, last);
            if (content == null) {
                return;
            }
        }
        responseBodyBytes += content.content().readableBytes();
        if (!last) {
            ctx.write(content);
            flow.answerWritten();
            return;
        }
        ChannelFuture lastWrite = ctx.writeAndFlush(content);
        end(DONE, framing.reuseBackend() && requestComplete);
        frontend.exchangeDone(this, framing.keepClient(), lastWrite);
    }

    /**
     * Rewrites one answer chunk. Returns what to write (an empty non-last chunk is swallowed: null), with the held
     * head sent first once there are bytes to follow it.
     */
    private HttpContent transformResponseContent(HttpContent content, boolean last) {
        ByteBuf out = null;
        ByteBuf tail = null;
        try {
            out = rewriting.rewriteResponse(content.content());
            if (last) {
                tail = rewriting.finishResponse();
            }
        } catch (RewriteLimitExceededException e) {
            ReferenceCountUtil.release(out); // what the last chunk gave before its end failed
            LOG.warn("answer from {} exceeds the rewrite limits: {}", pool.upstream().origin(), e.getMessage());
            flags |= REWRITE_LIMIT;
            failOrCut(ANSWER_OVER_LIMITS);
            return null;
        } catch (CorruptBodyException e) {
            ReferenceCountUtil.release(out);
            LOG.warn("answer from {} for {}: {}", pool.upstream().origin(), route.clientBase(), e.getMessage());
            failMalformed();
            return null;
        }
        if (rewriting.responseNewlyMalformed()) {
            flags |= RESPONSE_JSON_MALFORMED;
            LOG.warn("answer from {} for {} is not valid JSON; passed through unchanged from the error on",
                    pool.upstream().origin(), route.clientBase());
        }
        if (!last && !out.isReadable()) {
            out.release();
            return null;
        }
        if (phase == HEAD_HELD) {
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
        if (out.isReadable()) {
            responseBodyBytes += out.readableBytes();
            ctx.write(new DefaultHttpContent(out));
        } else {
            out.release();
        }
        return new DefaultLastHttpContent(tail, ((LastHttpContent) content).trailingHeaders());
    }

    @Override
    public void onUpstreamReadComplete() {
        if (!phase.terminal()) {
            ctx.flush();
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (!phase.terminal()) {
            flow.update();
        }
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        if (phase.terminal()) {
            return;
        }
        if (cause instanceof IOException || cause instanceof DecoderException) {
            // the network, or bytes the backend sent that a decoder refused (a TLS record)
            LOG.debug("backend connection failed: {}", cause.toString());
        } else if (cause != null) {
            LOG.warn("unexpected failure on a backend connection", cause); // a bug, not the backend's doing
        }
        if (!phase.answerStarted() && reused && !flagged(RETRIED) && isIdempotentWithoutBody()) {
            retryOnFreshConnection();
            return;
        }
        flags |= UPSTREAM_CLOSED;
        failOrCut(CLOSED_EARLY);
    }

    private boolean isIdempotentWithoutBody() {
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && !hasBody;
    }

    private void failMalformed() {
        flags |= UPSTREAM_MALFORMED;
        failOrCut(MALFORMED_ANSWER);
    }

    // ---- timeouts (when: ExchangeTimers) and endings --------------------------------------------------------------

    @Override
    public boolean awaitsBackend() {
        return !phase.terminal();
    }

    /**
     * The response timer runs from the first backend connection and counts time without progress in either
     * direction, so a pool full of stuck exchanges frees itself. Not the backend's: time we hold it back for a slow
     * client, and time it waits for the rest of a body the client owes (the body timer's case).
     */
    @Override
    public boolean backendExcused() {
        if (phase.answerStarted()) {
            return flow.backendPaused();
        }
        return !requestComplete && ctx.channel().config().isAutoRead();
    }

    @Override
    public void backendTimedOut() {
        flags |= UPSTREAM_TIMEOUT;
        if (phase.answerStarted()) {
            LOG.warn("backend {} stalled mid-answer; cutting the exchange", pool.upstream().origin());
            failOrCut(STALLED);
        } else {
            failOrCut(NO_ANSWER_IN_TIME);
        }
    }

    @Override
    public boolean awaitsBody() {
        return !phase.terminal() && !requestComplete;
    }

    @Override
    public boolean clientUnread() {
        return !ctx.channel().config().isAutoRead();
    }

    /**
     * The client owes body bytes and none came for server.requestBodyTimeout: it fails (408, close). While the body
     * is buffered nothing has reached the backend; once it streams, the backend connection is closed with the
     * exchange, and an answer already begun is cut.
     */
    @Override
    public void bodyTimedOut() {
        flags |= BODY_TIMEOUT;
        Duration timeout = proxy.config().server().requestBodyTimeout();
        LOG.debug("request body on {} stalled for {} ms in {}", route.clientBase(), timeout.toMillis(), phase);
        failOrCut(Admission.bodyTimeout(timeout));
    }

    /** A router error: as a SCIM error while nothing of the answer was sent, else by cutting the connection. */
    private void failOrCut(Verdict.Reject reject) {
        if (phase == RESPONDING) {
            end(CUT, false);
            frontend.exchangeCut(this);
        } else {
            failBeforeResponse(reject);
        }
    }

    /** Answers with the router's own SCIM error instead of the backend's answer; nothing of that was sent. */
    void failBeforeResponse(Verdict.Reject reject) {
        if (phase.terminal()) {
            return;
        }
        FullHttpResponse response = ScimErrors.response(ctx.alloc(), reject.status(), reject.detail());
        if (reject.retryAfterSeconds() > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, reject.retryAfterSeconds());
        }
        answerInstead(response, reject.close());
    }

    /**
     * Answers with {@code response}, made by the router, instead of the backend's answer; nothing of that was sent.
     *
     * @param close close the client connection after it, whatever else holds
     */
    void answerInstead(FullHttpResponse response, boolean close) {
        if (phase.terminal()) {
            response.release();
            return;
        }
        status = response.status().code();
        responseBodyBytes = answerBodyBytes(request, response);
        end(FAILED, false);
        response.headers().set(RequestIds.HEADER, requestId);
        // the rest of an unread body cannot be told apart from the next request: close instead
        boolean keepClient = !close
                && ResponseFraming.keepClientAfterRouterAnswer(keepClientWanted(), requestComplete, hasBody);
        if (!keepClient) {
            // Connection before Content-Length, as in a backend's answer passed on whole: a relayed answer
            // (an unknown tenant's caller check) must not differ from a known tenant's even in header order
            String length = response.headers().get(HttpHeaderNames.CONTENT_LENGTH);
            response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            HttpUtil.setKeepAlive(response, false);
            if (length != null) {
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
            }
        }
        frontend.exchangeFailed(this, response, keepClient, !requestComplete);
    }

    /**
     * The body bytes of an answer the router makes itself that reach the client: its content, none for a HEAD
     * request (the codec writes the head only), as for a backend's answer.
     *
     * @param request the client's head, or null when there was none to trust
     */
    static long answerBodyBytes(HttpRequest request, FullHttpResponse response) {
        boolean head = request != null && HttpMethod.HEAD.equals(request.method());
        return ResponseFraming.bodyless(head, response.status().code()) ? 0 : response.content().readableBytes();
    }

    /** The client asked to keep its connection, and the router is not draining (then every answer closes it). */
    private boolean keepClientWanted() {
        return clientKeepAlive && !frontend.draining();
    }

    /**
     * The client connection is going away ({@code why}: {@link #CLIENT_CLOSED}, or {@link #DRAIN_CUT} when the
     * router cuts it): drop everything, the backend connection cannot be trusted mid-exchange.
     */
    void abandon(int why) {
        if (!phase.terminal()) {
            flags |= why;
            end(ABANDONED, false);
        }
    }

    /**
     * The one place where an exchange ends, whichever way: the phase becomes {@code how}, the timer stops, queued
     * chunks and rewriters are released, the backend connection goes back to its pool ({@code reusable}) or is
     * closed, and the listener learns the outcome.
     */
    private void end(ExchangePhase how, boolean reusable) {
        moveTo(how);
        endNanos = ticker.nanoTime();
        timers.stopAll();
        queued.releaseAll();
        buffering.release();
        heldHead = null;
        if (rewriting != null) {
            rewriting.discard();
        }
        if (upstream != null) {
            flow.backendReleased(reusable);
            pool.release(upstream, reusable);
            upstream = null;
        }
        releaseLimits();
        try {
            proxy.exchanges().onExchangeEnd(this);
        } catch (RuntimeException e) {
            LOG.warn("exchange listener failed", e);
        }
    }

    /** Every place this exchange holds in the limits goes back, once: the permit, the gate, a pending wait. */
    private void releaseLimits() {
        if (permit != null) {
            permit.release();
            permit = null;
        }
        if (gatePlace != null) {
            gatePlace.release();
        }
    }

    // ---- queries ----------------------------------------------------------------------------------------------------

    /** The caller's Authorization header as sent, or null. */
    String authorization() {
        return request.headers().get(HttpHeaderNames.AUTHORIZATION);
    }

    /** The client's validated Host, or null. */
    String clientHost() {
        return clientHost;
    }

    @Override
    public ExchangePhase phase() {
        return phase;
    }

    /** The client sent the whole request: what it sends next belongs to the next request. */
    boolean requestComplete() {
        return requestComplete;
    }

    /** Bytes of request body held until the head is written. */
    long queuedBytes() {
        return queued.bytes();
    }

    /** The body is being received whole before the backend is asked: its size is bounded by the buffering limit. */
    boolean buffering() {
        return buffering.holding();
    }

    /** True while an answer is being written to a client that does not read it. */
    boolean stuckOnClient() {
        return phase.answerStarted() && !ctx.channel().isWritable();
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public long requestBodyBytes() {
        return requestBodyBytes;
    }

    @Override
    public long responseBodyBytes() {
        return responseBodyBytes;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public Route route() {
        return route;
    }

    @Override
    public String method() {
        return method.name();
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String target() {
        return clientTarget;
    }

    @Override
    public SocketAddress clientAddress() {
        return ctx.channel().remoteAddress();
    }

    @Override
    public SocketAddress upstreamAddress() {
        return upstreamAddress;
    }

    @Override
    public String header(CharSequence name) {
        return request.headers().get(name);
    }

    @Override
    public byte[] requestBody() {
        return bodyCopy != null && requestComplete ? bodyCopy.toByteArray() : null;
    }

    @Override
    public long firstByteNanos() {
        return firstByteNanos;
    }

    @Override
    public long urlsRewritten() {
        return rewriting == null ? 0 : rewriting.urlsRewritten();
    }

    @Override
    public long requestBytesRewritten() {
        return rewriting == null ? 0 : rewriting.requestBytesRewritten();
    }

    @Override
    public long responseBytesRewritten() {
        return rewriting == null ? 0 : rewriting.responseBytesRewritten();
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    @Override
    public long endNanos() {
        return endNanos;
    }

    @Override
    public String toString() {
        return "Exchange[" + method + " " + route.clientBase() + ", " + phase + "]";
    }
}
