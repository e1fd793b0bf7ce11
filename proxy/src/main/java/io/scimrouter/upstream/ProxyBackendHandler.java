package io.scimrouter.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of a backend connection: hands everything to the exchange that leases the connection, and closes the
 * connection when it misbehaves while idle in the pool (unsolicited bytes, idle timeout).
 */
final class ProxyBackendHandler extends ChannelInboundHandlerAdapter {
    private UpstreamListener listener;
    private boolean closedReported;

    void lease(UpstreamListener listener) {
        this.listener = listener;
    }

    void unlease() {
        this.listener = null;
    }

    boolean leased() {
        return listener != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listener != null) {
            listener.onUpstreamMessage(msg);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close(); // a backend talking out of turn cannot be trusted with the next request
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && listener == null) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        report(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        report(cause);
        ctx.close();
    }

    private void report(Throwable cause) {
        if (closedReported) {
            return;
        }
        closedReported = true;
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.onUpstreamClosed(cause);
        }
    }
}
