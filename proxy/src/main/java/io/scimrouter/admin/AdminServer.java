package io.scimrouter.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.net.Transport;
import io.scimrouter.tenant.TenantCache;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The admin listener: probes, metrics and tenant cache control, on its own port (loopback unless configured
 * otherwise), independent of the proxy pipeline. Requests are tiny, so they are aggregated here.
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
     * The cache endpoints only (tests, tools): see {@link #start(Admin, AdminEndpoints, EventLoopGroup)}.
     *
     * @param cacheOrNull the tenant cache, or null when the router has none (the cache endpoints then answer 404)
     */
    public static AdminServer start(Admin config, TenantCache cacheOrNull, EventLoopGroup group) {
        return start(config, AdminEndpoints.cacheOnly(cacheOrNull), group);
    }

    /**
     * Binds and returns once listening. Runs on the caller's thread at start-up, never on an event loop.
     *
     * @param group the event loops to serve on; not shut down by {@link #close()}
     */
    public static AdminServer start(Admin config, AdminEndpoints endpoints, EventLoopGroup group) {
        Objects.requireNonNull(config, "admin");
        Objects.requireNonNull(group, "group");
        if (config.port() < 0) {
            throw new IllegalArgumentException("admin listener is disabled (admin.port = " + config.port() + ")");
        }
        String host = config.host() == null || config.host().isBlank() ? "127.0.0.1" : config.host();
        ChannelGroup connections = new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);
        AdminRequestHandler handler = new AdminRequestHandler(endpoints);
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(Transport.of(group).serverChannel())
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
