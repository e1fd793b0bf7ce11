package io.scimrouter.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a pool opens a backend connection: a socket on the pool's event loop in production; tests that drive the
 * exchange without sockets hand out in-memory channels instead. Called only when a pool opens a new connection,
 * never per request.
 */
@FunctionalInterface
public interface UpstreamConnector {

    /**
     * Opens a connection to {@code upstream}, registered on {@code loop}; {@code pipeline} builds its handlers.
     * The returned future completes when the connection is established.
     */
    ChannelFuture connect(EventLoop loop, Upstream upstream, ChannelHandler pipeline);

    /**
     * TCP connections (TCP_NODELAY, SO_KEEPALIVE) with {@code settings}' transport and the connect timeout that
     * {@code connectTimeout} gives when each connection opens (a reloaded configuration may change it).
     */
    static UpstreamConnector sockets(UpstreamSettings settings, Supplier<Duration> connectTimeout) {
        return (loop, upstream, pipeline) -> new Bootstrap()
                .group(loop)
                .channel(settings.transport().clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.get().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(pipeline)
                .connect(upstream.host(), upstream.port());
    }
}
