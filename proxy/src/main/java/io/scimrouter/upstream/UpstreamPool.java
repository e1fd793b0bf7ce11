package io.scimrouter.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to one upstream, owned by one event loop: every method runs on that loop, so there are no
 * locks, and an exchange never changes threads. At most {@code maxConnections} are open; further acquirers wait in
 * FIFO order. Idle connections are reused last-in first-out (the warmest first) and closed after the idle timeout.
 */
public final class UpstreamPool {
    static final String CODEC = "upstream-codec";
    static final String HANDLER = "upstream-handler";

    /** A connection handed to an exchange; {@code reused} tells whether it served an earlier request. */
    public record Lease(Channel channel, boolean reused) {
    }

    private final Upstream upstream;
    private final EventLoop loop;
    private final UpstreamSettings settings;
    private final SslContext sslContext;
    private final UpstreamConnector connector;
    private final UpstreamPools owner;
    private final ChannelInitializer<Channel> pipeline = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
            initConnection(ch);
        }
    };
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Promise<Lease>> waiters = new ArrayDeque<>();
    private int open;

    UpstreamPool(Upstream upstream, EventLoop loop, UpstreamSettings settings, SslContext sslContext,
                 UpstreamConnector connector, UpstreamPools owner) {
        this.upstream = upstream;
        this.loop = loop;
        this.settings = settings;
        this.sslContext = sslContext;
        this.connector = connector;
        this.owner = owner;
    }

    public Upstream upstream() {
        return upstream;
    }

    /** Open connections, leased or idle. */
    public int openConnections() {
        return open;
    }

    public int idleConnections() {
        return idle.size();
    }

    /** No connection open and nobody waiting: the pool can be forgotten. */
    boolean isUnused() {
        return open == 0 && waiters.isEmpty();
    }

    /** A connection for one exchange: an idle one if any is alive, a new one while under the cap, else a wait. */
    public Future<Lease> acquire() {
        Promise<Lease> promise = loop.newPromise();
        Channel ch;
        while ((ch = idle.pollLast()) != null) {
            if (ch.isActive()) {
                promise.setSuccess(new Lease(ch, true));
                return promise;
            }
        }
        if (open < settings.maxConnections()) {
            connect(promise);
        } else {
            waiters.add(promise);
        }
        return promise;
    }

    /** A new connection, bypassing idle ones: the retry after a reused connection turned out dead. */
    public Future<Lease> acquireFresh() {
        Promise<Lease> promise = loop.newPromise();
        if (open < settings.maxConnections()) {
            connect(promise);
        } else {
            waiters.addFirst(promise);
        }
        return promise;
    }

    /** Returns a connection after its exchange; {@code reusable} is false when its framing state is unknown. */
    public void release(Channel ch, boolean reusable) {
        handler(ch).unlease();
        if (!reusable || !ch.isActive()) {
            ch.close();
            return;
        }
        Promise<Lease> waiter;
        while ((waiter = waiters.poll()) != null) {
            if (waiter.trySuccess(new Lease(ch, true))) {
                return;
            }
        }
        if (owner.draining()) {
            ch.close(); // nobody will need it: the drain closes idle connections
            return;
        }
        idle.addLast(ch);
    }

    /** Closes the idle connections (the drain); leased ones and waiters are left alone. Returns how many. */
    int closeIdle() {
        int closed = 0;
        Channel ch;
        while ((ch = idle.poll()) != null) {
            ch.close();
            closed++;
        }
        return closed;
    }

    /** Closes idle connections and fails waiters; leased connections close when their exchange ends. */
    public void close() {
        Channel ch;
        while ((ch = idle.poll()) != null) {
            ch.close();
        }
        Promise<Lease> waiter;
        while ((waiter = waiters.poll()) != null) {
            waiter.tryFailure(new IllegalStateException("upstream pool closed"));
        }
    }

    public static void lease(Channel ch, UpstreamListener listener) {
        handler(ch).lease(listener);
    }

    private static ProxyBackendHandler handler(Channel ch) {
        return (ProxyBackendHandler) ch.pipeline().get(HANDLER);
    }

    private void connect(Promise<Lease> promise) {
        open++;
        ChannelFuture future = connector.connect(loop, upstream, pipeline);
        Channel ch = future.channel();
        ch.closeFuture().addListener(f -> onClosed(ch));
        future.addListener(f -> {
            if (f.isSuccess()) {
                owner.observer().connected(upstream);
            } else {
                owner.observer().failed(upstream, f.cause());
            }
            if (f.isSuccess()) {
                if (!promise.trySuccess(new Lease(ch, false))) {
                    release(ch, true);
                }
            } else {
                promise.tryFailure(f.cause());
            }
        });
    }

    private void onClosed(Channel ch) {
        open--;
        idle.remove(ch);
        if (!waiters.isEmpty() && open < settings.maxConnections()) {
            connect(waiters.poll());
        }
    }

    private void initConnection(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext != null) {
            SslHandler ssl = sslContext.newHandler(ch.alloc(), upstream.host(), upstream.port());
            SSLEngine engine = ssl.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
            p.addLast("tls", ssl);
        }
        p.addLast(CODEC, new UpstreamCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxInitialLineLength())
                .setMaxHeaderSize(settings.maxHeaderBytes())
                .setMaxChunkSize(settings.maxChunkSize())));
        p.addLast("idle", new IdleStateHandler(0, 0, owner.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(HANDLER, new ProxyBackendHandler());
    }
}
