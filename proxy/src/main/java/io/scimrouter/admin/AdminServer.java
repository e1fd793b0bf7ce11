package io.scimrouter.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.tenant.TenantCache;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The admin listener: health and tenant cache control, on its own port (loopback unless configured otherwise),
 * independent of the proxy pipeline. Requests are tiny, so they are aggregated here.
 */
public final class AdminServer implements AutoCloseable {
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;
    private static final int MAX_BODY_BYTES = 8192;

    private final Channel serverChannel;
    private final ChannelGroup connections;

    private AdminServer(Channel serverChannel, ChannelGroup connections) {
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Binds and returns once listening. Runs on the caller's thread at start-up, never on an event loop.
     *
     * @param cacheOrNull the tenant cache, or null when the router has none (the cache endpoints then answer 404)
     * @param group       the event loops to serve on; not shut down by {@link #close()}
     */
    public static AdminServer start(Admin config, TenantCache cacheOrNull, EventLoopGroup group) {
        Objects.requireNonNull(config, "admin");
        Objects.requireNonNull(group, "group");
        if (config.port() < 0) {
            throw new IllegalArgumentException("admin listener is disabled (admin.port = " + config.port() + ")");
        }
        String host = config.host() == null || config.host().isBlank() ? "127.0.0.1" : config.host();
        ChannelGroup connections = new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);
        AdminRequestHandler handler = new AdminRequestHandler(cacheOrNull);
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(serverChannelType(group))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192))
                                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast("admin", handler);
                    }
                })
                .bind(new InetSocketAddress(host, config.port()))
                .syncUninterruptibly()
                .channel();
        return new AdminServer(channel, connections);
    }

    /** The server channel matching the group's transport (the router uses epoll on Linux, NIO elsewhere). */
    private static Class<? extends ServerChannel> serverChannelType(EventLoopGroup group) {
        if (!(group instanceof IoEventLoopGroup ioGroup) || ioGroup.isIoType(NioIoHandler.class)) {
            return NioServerSocketChannel.class;
        }
        // epoll is a runtime-only dependency of this module, so its classes are looked up by name
        try {
            Class<? extends IoHandler> epoll =
                    Class.forName("io.netty.channel.epoll.EpollIoHandler").asSubclass(IoHandler.class);
            if (ioGroup.isIoType(epoll)) {
                return Class.forName("io.netty.channel.epoll.EpollServerSocketChannel").asSubclass(ServerChannel.class);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("the event loop group's transport is not on the class path", e);
        }
        throw new IllegalArgumentException("unsupported event loop group transport: " + group.getClass().getName());
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops listening and closes open admin connections; the event loop group stays up. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }
}
