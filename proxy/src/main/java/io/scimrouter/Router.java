package io.scimrouter;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.scimrouter.admin.AdminServer;
import com.github.benmanes.caffeine.cache.Ticker;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.demo.DemoScimService;
import io.scimrouter.limit.Limiter;
import io.scimrouter.net.Transport;
import io.scimrouter.route.RolloutPolicy;
import io.scimrouter.route.RouteParser;
import io.scimrouter.server.ProxyContext;
import io.scimrouter.server.ServerInitializer;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.tenant.TenantResolvers;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamPools;
import io.scimrouter.upstream.UpstreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Wiring: the embedded demo backend (when no backend is configured), the tenant resolver, the upstream pools, the
 * proxy listener and the admin listener. Start once, close once.
 */
public final class Router implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    static final int MAX_CHUNK_SIZE = 64 * 1024; // fewer, larger body pieces: the 50 MB list costs less per byte

    private final RouterConfig config;
    private final Transport transport;
    private TenantResolver tenants;
    private DemoScimService demo;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private UpstreamPools pools;
    private Channel serverChannel;
    private AdminServer admin;
    private URI backendUrl;
    private Ticker limitsClock = Ticker.systemTicker();
    private Limiter limiter;

    public Router(RouterConfig config) {
        this(config, null);
    }

    /** @param tenants the tenant resolver to use, or null to build it from the configuration */
    public Router(RouterConfig config, TenantResolver tenants) {
        this.config = config;
        this.tenants = tenants;
        this.transport = Transport.best();
    }

    /** The clock of the overload limits' token buckets and state expiry (tests drive it by hand); before start. */
    public Router limitsClock(Ticker clock) {
        this.limitsClock = clock;
        return this;
    }

    public Router start() throws InterruptedException {
        try {
            doStart();
            return this;
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private void doStart() throws InterruptedException {
        RouterConfig.Routing routing = config.routing();
        RouterConfig.Backend backend = config.backend();
        backendUrl = backend.url();
        if (backendUrl == null) {
            demo = DemoScimService.start(new DemoScimService.Options("127.0.0.1", 0, "demo-token",
                    routing.tenantHeader(), routing.defaultTenant(), routing.basePath(), "demo", "dev"));
            backendUrl = URI.create(demo.origin());
        }
        if (tenants == null) {
            tenants = TenantResolvers.create(config.tenants());
        }
        RouteParser parser = new RouteParser(routing.basePath(), routing.defaultTenant(), routing.tenantPattern(),
                routing.endpoints());
        RolloutPolicy rollout = RolloutPolicy.from(config.rollout());
        Upstream legacy = Upstream.of(backendUrl);
        Upstream tenantAware = backend.tenantAwareUrl() == null ? legacy : Upstream.of(backend.tenantAwareUrl());
        pools = new UpstreamPools(new UpstreamSettings(transport, backend.connectTimeout(), backend.idleTimeout(),
                backend.maxConnectionsPerLoop(), config.server().maxInitialLineLength(),
                config.server().maxHeaderBytes(), MAX_CHUNK_SIZE));
        ProxyContext context = new ProxyContext(config, parser, rollout::allows, tenants, pools, legacy,
                tenantAware, config.rewrite().backendBaseUrls().stream().map(URI::toString).toList())
                .withLimits(Limiter.of(config.limits(), limitsClock::read, limitsClock));
        limiter = context.limits();

        bossGroup = transport.newGroup(1, "router-accept");
        int workers = config.server().workerThreads() > 0 ? config.server().workerThreads()
                : Runtime.getRuntime().availableProcessors(); // one loop per core, as nginx's worker_processes auto
        workerGroup = transport.newGroup(workers, "router-io");
        pools.startSweeping(workerGroup, backend.idleTimeout(), legacy, tenantAware);
        serverChannel = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ServerInitializer(context))
                .bind(config.server().host(), config.server().port())
                .sync()
                .channel();
        if (config.admin().port() >= 0) {
            admin = AdminServer.start(config.admin(), tenants instanceof TenantCache cache ? cache : null, bossGroup);
        }
        LOG.info("listening on {} ({} transport), legacy backend {}{}", serverChannel.localAddress(),
                transport.name(), legacy.origin(), demo != null ? " (embedded demo)" : "");
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The admin listener's port, or -1 when disabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The legacy backend in use: the configured one, or the embedded demo's address. */
    public URI backendUrl() {
        return backendUrl;
    }

    /** The overload limits in force and their state. */
    public Limiter limiter() {
        return limiter;
    }

    public boolean embeddedDemo() {
        return demo != null;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (admin != null) {
            admin.close();
        }
        if (pools != null) {
            pools.closeAll();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (tenants != null) {
            tenants.close();
        }
        if (demo != null) {
            demo.close();
        }
    }
}
