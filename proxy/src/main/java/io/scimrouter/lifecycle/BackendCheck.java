package io.scimrouter.lifecycle;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.scimrouter.net.Transport;
import io.scimrouter.upstream.Upstream;

import java.time.Duration;
import java.util.List;

/**
 * Once the backend counts as down, traffic usually stops (the load balancer follows {@code /readyz}), so no request
 * would ever find out that it is back. Each {@code /readyz} then runs this check: a TCP connect to every configured
 * upstream, at most one check at a time; its results go to {@link Readiness} like the pools' own connects.
 */
public final class BackendCheck {
    private final EventLoopGroup group;
    private final Transport transport;
    private final List<Upstream> upstreams;
    private final Duration connectTimeout;
    private final Readiness readiness;
    private Promise<Void> running; // guarded by this

    public BackendCheck(EventLoopGroup group, List<Upstream> upstreams, Duration connectTimeout,
                        Readiness readiness) {
        this.group = group;
        this.transport = Transport.of(group);
        this.upstreams = List.copyOf(upstreams);
        this.connectTimeout = connectTimeout;
        this.readiness = readiness;
    }

    /** Starts a check, or joins the one running; the future completes when every upstream answered or failed. */
    public synchronized Future<Void> run() {
        if (running != null && !running.isDone()) {
            return running;
        }
        Promise<Void> done = group.next().newPromise();
        running = done;
        int[] left = {upstreams.size()};
        for (Upstream upstream : upstreams) {
            ChannelFuture connect = new Bootstrap()
                    .group(group)
                    .channel(transport.clientChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(upstream.host(), upstream.port());
            connect.addListener(f -> {
                if (f.isSuccess()) {
                    readiness.connected(upstream);
                    connect.channel().close();
                } else {
                    readiness.failed(upstream, f.cause());
                }
                synchronized (this) {
                    if (--left[0] == 0) {
                        done.trySuccess(null);
                    }
                }
            });
        }
        return done;
    }
}
