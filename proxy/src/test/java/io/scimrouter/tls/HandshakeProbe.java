package io.scimrouter.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.scimrouter.net.Transport;

import java.util.concurrent.TimeUnit;

/**
 * A Netty client that only shakes hands, for versions the JDK's client will not offer (TLSv1.1, through OpenSSL):
 * says whether the handshake succeeded and why not.
 */
final class HandshakeProbe implements AutoCloseable {
    private final EventLoopGroup group = Transport.nio().newGroup(1, "handshake-probe");

    /** The cause of the failed handshake, or null when it succeeded. */
    Throwable handshake(int port, SslContext client) throws InterruptedException {
        SslHandler[] tls = new SslHandler[1];
        Channel channel = new Bootstrap().group(group).channel(Transport.nio().clientChannel())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        tls[0] = client.newHandler(ch.alloc(), "127.0.0.1", port);
                        ch.pipeline().addLast(tls[0], new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // the handshake future has the cause
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        try {
            Future<Channel> done = tls[0].handshakeFuture();
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the handshake neither succeeded nor failed within 10 s");
            }
            return done.cause();
        } finally {
            channel.close().sync();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
