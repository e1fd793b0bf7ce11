package io.scimrouter.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Backpressure for test backends that stream: run a pump again once the socket has drained, then flush. */
public final class WhenWritable {
    private WhenWritable() {
    }

    /**
     * Runs {@code pump} on the channel's loop when it is writable again, then flushes what was written. The listener is
     * added before the flush because the flush itself may drain the socket.
     */
    public static void resumeAfterFlush(ChannelHandlerContext ctx, Runnable pump) {
        ctx.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
                if (c.channel().isWritable()) {
                    c.pipeline().remove(this);
                    c.executor().execute(pump);
                }
            }
        });
        ctx.flush();
    }
}
