package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time from a request's first byte to its complete head, which the idle timer cannot do: a client that
 * sends its headers a byte at a time never goes idle (slow-header attacks). Sits in front of the HTTP codec to see
 * raw bytes; the frontend reports the decoded messages through {@link #decoded(Object)}. When the time is up it fires
 * {@link #EXPIRED} down the pipeline.
 *
 * <p>A head that is complete at the end of the read that began it, the common case, never arms a timer. Waiting
 * for the first byte of the next request is the idle timer's job, and so are the empty lines the codec skips before a
 * request line (RFC 9112 section 2.2): they start no head. A head that begins in the same read that ends the previous
 * request is timed from the next read that brings more of it; the idle timer bounds that gap.
 */
final class RequestHeadTimer extends ChannelInboundHandlerAdapter {
    /** The user event fired when a head is still incomplete after the timeout. */
    static final Object EXPIRED = new Object() {
        @Override
        public String toString() {
            return "RequestHeadTimer.EXPIRED";
        }
    };

    private enum State { BETWEEN_REQUESTS, IN_HEAD, IN_BODY }

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private State state = State.BETWEEN_REQUESTS;
    private ScheduledFuture<?> timer;

    RequestHeadTimer(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** Arms the timer again for a head that waits behind an answer still in progress. */
    void restart() {
        if (state == State.IN_HEAD) {
            cancel();
            arm();
        }
    }

    /** True from a request's first byte until its head is decoded. */
    boolean inHead() {
        return state == State.IN_HEAD;
    }

    /** Called for every message the HTTP codec produces, in order. */
    void decoded(Object msg) {
        if (msg instanceof HttpRequest) {
            state = State.IN_BODY;
            cancel();
        }
        if (msg instanceof LastHttpContent && state == State.IN_BODY) {
            state = State.BETWEEN_REQUESTS;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.BETWEEN_REQUESTS && msg instanceof ByteBuf bytes && startsAHead(bytes)) {
            state = State.IN_HEAD; // the codec may decode the whole head below, before this read completes
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.IN_HEAD && timer == null) {
            arm();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** False when the bytes are only what the codec, parsing lines strictly, skips before a request line: CR, LF. */
    private static boolean startsAHead(ByteBuf bytes) {
        return bytes.forEachByte(ByteProcessor.FIND_NON_CRLF) >= 0;
    }

    private void arm() {
        timer = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        timer = null;
        if (state == State.IN_HEAD && ctx.channel().isActive()) {
            ctx.fireUserEventTriggered(EXPIRED);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
