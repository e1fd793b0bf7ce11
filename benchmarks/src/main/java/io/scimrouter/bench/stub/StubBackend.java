package io.scimrouter.bench.stub;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.scimrouter.net.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast stand-in SCIM service: answers generated users and groups, so a proxy in front of it is what gets measured.
 */
public final class StubBackend implements AutoCloseable {
    private final StubOptions options;
    private final Transport transport;
    private final EventLoopGroup group;
    private final AtomicLong requestCounter = new AtomicLong();
    private final Channel serverChannel;

    private StubBackend(StubOptions options, int ioThreads) throws InterruptedException {
        this.options = options;
        this.transport = Transport.best();
        this.group = transport.newGroup(ioThreads, "stub-backend");
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("http", new HttpServerCodec(8192, 16384, 8192))
                                    .addLast("chunked", new ChunkedWriteHandler())
                                    .addLast("scim", new StubBackendHandler(options, requestCounter));
                        }
                    });
            this.serverChannel = bootstrap.bind(options.host(), options.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Binds and starts serving; the caller closes it. */
    public static StubBackend start(StubOptions options, int ioThreads) throws InterruptedException {
        return new StubBackend(options, ioThreads);
    }

    public static StubBackend start(StubOptions options) throws InterruptedException {
        return start(options, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String host() {
        return options.host();
    }

    public String transportName() {
        return transport.name();
    }

    /** Requests answered or being answered so far. */
    public long requestCount() {
        return requestCounter.get();
    }

    /** Blocks until the server channel is closed (by {@link #close()} from another thread). */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().await();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
