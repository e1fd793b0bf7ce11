package io.scimrouter;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.route.RouteParser;
import io.scimrouter.server.ProxyContext;
import io.scimrouter.server.ServerInitializer;
import io.scimrouter.tenant.StaticTenantResolver;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamPools;
import io.scimrouter.upstream.UpstreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/** Starts and stops the proxy listener around one configuration. */
public final class Router implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final RouterConfig config;
    private final Transport transport;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private UpstreamPools pools;
    private TenantResolver tenants;
    private Channel serverChannel;

    public Router(RouterConfig config) {
        this.config = config;
        this.transport = Transport.best();
    }

    /**
     * Binds the listener. {@code backendUrl} is the legacy service (from the configuration, or the embedded demo's
     * address when none is configured).
     */
    public Router start(URI backendUrl) throws InterruptedException {
        Objects.requireNonNull(backendUrl, "backendUrl");
        RouterConfig.Routing routing = config.routing();
        RouterConfig.Backend backend = config.backend();
        RouteParser parser = new RouteParser(routing.basePath(), routing.defaultTenant(), routing.tenantPattern(),
                routing.endpoints());
        tenants = new StaticTenantResolver(config.tenants().staticTenants());
        pools = new UpstreamPools(new UpstreamSettings(transport, backend.connectTimeout(), backend.idleTimeout(),
                backend.maxConnectionsPerLoop(), config.server().maxInitialLineLength(),
                config.server().maxHeaderBytes(), 16 * 1024));
        Upstream legacy = Upstream.of(backendUrl);
        Upstream tenantAware = backend.tenantAwareUrl() == null ? legacy : Upstream.of(backend.tenantAwareUrl());
        ProxyContext context = new ProxyContext(config, parser, (project, environment) -> true, tenants, pools,
                legacy, tenantAware);

        bossGroup = transport.newGroup(1, "router-accept");
        workerGroup = transport.newGroup(config.server().workerThreads(), "router-io");
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
        LOG.info("scim-tenant-router listening on {} ({} transport), backend {}", serverChannel.localAddress(),
                transport.name(), legacy.origin());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (pools != null) {
            pools.closeAll();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (tenants != null) {
            tenants.close();
        }
    }
}
