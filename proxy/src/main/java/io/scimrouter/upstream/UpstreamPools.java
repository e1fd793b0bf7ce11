package io.scimrouter.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * All upstream pools: one per (event loop, upstream). The per-loop maps are only touched on their own loop.
 */
public final class UpstreamPools {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamPools.class);

    private final UpstreamSettings settings;
    private final UpstreamConnector connector;
    private final List<X509Certificate> trustedCas; // empty: the JDK's default trust store
    private final ConcurrentHashMap<EventLoop, Map<Upstream, UpstreamPool>> byLoop = new ConcurrentHashMap<>();
    /** Every pool, for the gauges (read from the scraping thread: racy, which a gauge may be). */
    private final CopyOnWriteArrayList<UpstreamPool> all = new CopyOnWriteArrayList<>();
    private volatile SslContext sslContext;
    private volatile ConnectObserver observer = ConnectObserver.NONE;
    private volatile boolean draining;
    /** backend.connectTimeout and backend.idleTimeout in force: read when a connection opens, so a reload applies. */
    private volatile Duration connectTimeout;
    private volatile Duration idleTimeout;

    public UpstreamPools(UpstreamSettings settings) {
        this(settings, List.of());
    }

    /**
     * Pools of TCP connections; https backends must present a certificate for their host name that chains to one
     * of {@code trustedCas} (backend.tls.caFile), or, when it is empty, to the JDK's default trust store.
     */
    public UpstreamPools(UpstreamSettings settings, List<X509Certificate> trustedCas) {
        this(settings, null, trustedCas);
    }

    /** Pools whose connections {@code connector} opens (in-memory channels in tests). */
    public UpstreamPools(UpstreamSettings settings, UpstreamConnector connector) {
        this(settings, connector, List.of());
    }

    private UpstreamPools(UpstreamSettings settings, UpstreamConnector connector, List<X509Certificate> trustedCas) {
        this.settings = settings;
        this.connectTimeout = settings.connectTimeout();
        this.idleTimeout = settings.idleTimeout();
        this.connector = connector != null ? connector
                : UpstreamConnector.sockets(settings, () -> this.connectTimeout);
        this.trustedCas = List.copyOf(trustedCas);
    }

    /**
     * New timeouts from a reloaded configuration: connections opened from now on use them; open ones keep the idle
     * timeout they were opened with (until they close, at most that long idle).
     */
    public void timeouts(Duration connect, Duration idle) {
        this.connectTimeout = connect;
        this.idleTimeout = idle;
    }

    /** backend.connectTimeout in force. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** backend.idleTimeout in force, for connections opened from now on. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The pool for {@code upstream} on {@code loop}; call on that loop. */
    public UpstreamPool pool(EventLoop loop, Upstream upstream) {
        Map<Upstream, UpstreamPool> pools = byLoop.computeIfAbsent(loop, l -> new HashMap<>());
        UpstreamPool pool = pools.get(upstream);
        if (pool == null) {
            pool = new UpstreamPool(upstream, loop, settings, upstream.tls() ? ssl() : null, connector, this);
            pools.put(upstream, pool);
            all.add(pool);
        }
        return pool;
    }

    /**
     * Every {@code period}, on each loop, forgets pools that have no connection left and serve no configured
     * upstream: per-tenant upstreams that the directory no longer names do not pile up.
     */
    public void startSweeping(EventLoopGroup group, Duration period, Upstream... keep) {
        java.util.Set<Upstream> pinned = java.util.Set.of(keep.length == 2 && keep[0].equals(keep[1])
                ? new Upstream[] {keep[0]} : keep);
        for (io.netty.util.concurrent.EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            loop.scheduleWithFixedDelay(() -> sweep(loop, pinned), period.toMillis(), period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void sweep(EventLoop loop, java.util.Set<Upstream> pinned) {
        Map<Upstream, UpstreamPool> pools = byLoop.get(loop);
        if (pools != null) {
            pools.values().removeIf(p -> {
                boolean forget = !pinned.contains(p.upstream()) && p.isUnused();
                if (forget) {
                    all.remove(p);
                }
                return forget;
            });
        }
    }

    /** Pools on {@code loop}; call on that loop. */
    public int poolCount(EventLoop loop) {
        Map<Upstream, UpstreamPool> pools = byLoop.get(loop);
        return pools == null ? 0 : pools.size();
    }

    /** Tells {@code observer} about every new connection (set before traffic starts). */
    public void observeConnects(ConnectObserver observer) {
        this.observer = observer;
    }

    ConnectObserver observer() {
        return observer;
    }

    boolean draining() {
        return draining;
    }

    /** Backend connections open, leased or idle, over all pools. */
    public int openConnections() {
        int open = 0;
        for (UpstreamPool pool : all) {
            open += pool.openConnections();
        }
        return open;
    }

    /** Idle backend connections over all pools. */
    public int idleConnections() {
        int idle = 0;
        for (UpstreamPool pool : all) {
            idle += Math.max(0, pool.idleConnections());
        }
        return idle;
    }

    /**
     * The drain: idle connections close now, each on its own loop, and connections given back from now on close
     * instead of waiting idle. Waits (never call on an event loop) until each loop did it.
     *
     * @return the idle connections closed
     */
    public int drain() throws InterruptedException {
        draining = true;
        List<io.netty.util.concurrent.Future<Integer>> closed = new ArrayList<>();
        byLoop.forEach((loop, pools) -> {
            if (!loop.isShuttingDown()) {
                closed.add(loop.submit(() -> {
                    int n = 0;
                    for (UpstreamPool pool : pools.values()) {
                        n += pool.closeIdle();
                    }
                    return n;
                }));
            }
        });
        int total = 0;
        for (io.netty.util.concurrent.Future<Integer> f : closed) {
            if (f.await(5, TimeUnit.SECONDS) && f.isSuccess()) {
                total += f.getNow();
            }
        }
        return total;
    }

    /** Closes every idle connection, each on its own loop. */
    public void closeAll() {
        byLoop.forEach((loop, pools) -> {
            if (!loop.isShuttingDown()) {
                loop.execute(() -> pools.values().forEach(UpstreamPool::close));
            }
        });
    }

    private SslContext ssl() {
        SslContext ctx = sslContext;
        if (ctx == null) {
            synchronized (this) {
                ctx = sslContext;
                if (ctx == null) {
                    SslContextBuilder builder = SslContextBuilder.forClient();
                    if (!trustedCas.isEmpty()) {
                        builder.trustManager(trustedCas.toArray(X509Certificate[]::new));
                    }
                    try {
                        ctx = builder.build();
                    } catch (SSLException e) {
                        throw new UncheckedIOException(e);
                    }
                    // host names are checked on every connection (UpstreamPool sets the HTTPS endpoint algorithm)
                    LOG.info("TLS to https backends with {}, trusting {}",
                            OpenSsl.isAvailable() ? "OpenSSL" : "the JDK's TLS",
                            trustedCas.isEmpty() ? "the JDK's default trust store"
                                    : trustedCas.size() + " CA certificate(s) of backend.tls.caFile");
                    sslContext = ctx;
                }
            }
        }
        return ctx;
    }
}
