package io.scimrouter;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.scimrouter.accesslog.AccessLog;
import io.scimrouter.admin.AdminAccess;
import io.scimrouter.admin.AdminEndpoints;
import io.scimrouter.admin.AdminServer;
import io.scimrouter.admin.ConfigReload;
import io.scimrouter.admin.PeerInvalidation;
import io.scimrouter.config.ConfigChanges;
import io.scimrouter.config.ReloadOutcome;
import com.github.benmanes.caffeine.cache.Ticker;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.demo.DemoScimService;
import io.scimrouter.lifecycle.BackendCheck;
import io.scimrouter.lifecycle.Readiness;
import io.scimrouter.metrics.RouterMetrics;
import io.scimrouter.limit.Limiter;
import io.scimrouter.net.Transport;
import io.scimrouter.rewrite.JsonUrlRewriter;
import io.scimrouter.route.RolloutPolicy;
import io.scimrouter.route.RouteParser;
import io.scimrouter.server.ClientConnections;
import io.scimrouter.server.ExchangeListener;
import io.scimrouter.server.ProxyContext;
import io.scimrouter.server.ServerInitializer;
import io.scimrouter.shadow.ShadowResult;
import io.scimrouter.shadow.ShadowRunner;
import io.scimrouter.shadow.ShadowSampler;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.tenant.TenantResolvers;
import io.scimrouter.tls.ServerTls;
import io.scimrouter.tls.TlsFiles;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamPools;
import io.scimrouter.upstream.UpstreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import javax.net.ssl.SSLContext;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Wiring: the embedded demo backend (when no backend is configured), the tenant resolver, the upstream pools, the
 * proxy listener, the admin listener, metrics and the access log. Start once; then {@link #drain} (SIGTERM) or
 * {@link #close} (at once), once.
 */
public final class Router implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    static final int MAX_CHUNK_SIZE = 64 * 1024; // fewer, larger body pieces: the 50 MB list costs less per byte

    private final RouterConfig config;
    private Transport transport;
    private final Readiness readiness;
    private UnaryOperator<String> environment = System::getenv;
    private OutputStream accessLogOutput; // null: standard output
    private volatile TenantResolver tenants; // written by the reload thread too
    private DemoScimService demo;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private EventLoopGroup adminGroup;
    private UpstreamPools pools;
    private ClientConnections clients;
    private Channel serverChannel;
    private ServerTls serverTls;
    private AdminServer admin;
    private RouterMetrics metrics;
    private AccessLog accessLog;
    private ShadowRunner shadow;
    private URI backendUrl;
    private boolean closed;
    /** The context in force; a reload replaces it whole, each request head reads it once. */
    private final AtomicReference<ProxyContext> live = new AtomicReference<>();
    private final boolean ownsTenants;
    private Path configFile; // null: started without one, nothing to reload
    private Map<String, String> configEnvironment = Map.of();
    private boolean watchConfigFile;
    private PeerInvalidation.Peers peerSource; // null: admin.peers.dns
    private PeerInvalidation peerInvalidation;
    private ConfigReloader reloader;

    /** What a drain did, for its last log line and for tests. */
    public record DrainReport(int idleClientsClosed, int idleBackendsClosed, int clientsCut, long millis) {
    }
    private Ticker limitsClock = Ticker.systemTicker();
    private Limiter limiter;
    private JsonUrlRewriter.Factory rewriters; // null: the context's own, the scanner

    public Router(RouterConfig config) {
        this(config, null);
    }

    /** @param tenants the tenant resolver to use, or null to build it from the configuration */
    public Router(RouterConfig config, TenantResolver tenants) {
        this.config = config;
        this.tenants = tenants;
        this.ownsTenants = tenants == null;
        this.readiness = new Readiness(config.admin().readiness().backendFailures());
    }

    /** Where the variable that admin.tokenEnv names is looked up (default: the process environment). */
    public Router environment(UnaryOperator<String> lookup) {
        this.environment = lookup;
        return this;
    }

    /** Writes the access log (when log.access.format is not off) into {@code out} instead of standard output. */
    public Router accessLogTo(OutputStream out) {
        this.accessLogOutput = out;
        return this;
    }

    /** The clock of the overload limits' token buckets and state expiry (tests drive it by hand); before start. */
    public Router limitsClock(Ticker clock) {
        this.limitsClock = clock;
        return this;
    }

    /**
     * Makes the /v2 bodies' URL rewriters with {@code factory} instead of the scanner: the router-level rewrite tests
     * run against the jackson reference too. Package-private, no configuration key: production has no say; before
     * start.
     */
    Router rewriters(JsonUrlRewriter.Factory factory) {
        this.rewriters = factory;
        return this;
    }

    /**
     * The file {@code config} was loaded from, with the environment its overrides came from: watched while the
     * router runs and reloaded when it changes or on {@code POST /config/reload}; before start.
     */
    public Router configFile(Path file, Map<String, String> env) {
        return configFile(file, env, true);
    }

    /** As {@link #configFile(Path, Map)}; {@code watch} false: reloaded on request only (tests of the endpoint). */
    Router configFile(Path file, Map<String, String> env, boolean watch) {
        this.configFile = file;
        this.configEnvironment = Map.copyOf(env);
        this.watchConfigFile = watch;
        return this;
    }

    /**
     * The other replicas' admin addresses for {@code scope=cluster} invalidations, instead of resolving
     * admin.peers.dns (tests, embedders with their own discovery); before start.
     */
    public Router peers(PeerInvalidation.Peers source) {
        this.peerSource = source;
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
        transport = chooseTransport(config.server().transport());
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
                config.server().maxHeaderBytes(), MAX_CHUNK_SIZE), TlsFiles.backendTrust(backend.tls()));
        if (config.server().tls().enabled()) {
            serverTls = ServerTls.start(config.server().tls());
        }
        pools.observeConnects(readiness);
        readiness.watch(legacy, tenantAware);
        metrics = new RouterMetrics(config.metrics());
        List<ExchangeListener> listeners = new ArrayList<>(List.of(metrics.exchanges()));
        if (config.log().access().format() != RouterConfig.AccessLogFormat.OFF) {
            RouterConfig.AccessLogFormat format = config.log().access().format();
            accessLog = accessLogOutput == null ? AccessLog.toStandardOutput(format)
                    : AccessLog.to(format, accessLogOutput, AccessLog.QUEUE_CAPACITY);
            listeners.add(accessLog);
            metrics.counter("scim.router.access.log.dropped", "Access log lines dropped: the output could not "
                    + "keep up", accessLog, AccessLog::dropped);
        }
        if (config.shadow().enabled()) {
            listeners.add(ShadowSampler.of(config.shadow(), startShadow(legacy, tenantAware)));
        }
        ProxyContext context = new ProxyContext(config, parser, rollout::allows, tenants, pools, legacy,
                tenantAware, config.rewrite().backendBaseUrls().stream().map(URI::toString).toList())
                .withExchanges(ExchangeListener.all(listeners))
                .withLimits(Limiter.of(config.limits(), limitsClock::read, limitsClock));
        if (rewriters != null) {
            context = context.withRewriters(rewriters);
        }
        limiter = context.limits();
        clients = context.connections();
        live.set(context);
        metrics.bindConnections(clients, pools);
        metrics.gauge("scim.router.ready", "1 when /readyz answers 200", () -> readiness.notReadyReason() == null
                ? 1 : 0);
        if (tenants instanceof TenantCache) {
            metrics.bindTenantCache(this::tenantCache);
        }

        bossGroup = transport.newGroup(1, "router-accept");
        int workers = config.server().workerThreads() > 0 ? config.server().workerThreads()
                : Runtime.getRuntime().availableProcessors(); // one loop per core, as nginx's worker_processes auto
        workerGroup = transport.newGroup(workers, "router-io");
        pools.startSweeping(workerGroup, backend.idleTimeout(), legacy, tenantAware);
        RouterConfig.Server server = config.server();
        ChannelFuture bound = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ServerInitializer(live, serverTls))
                .bind(server.host(), server.port())
                .await();
        if (!bound.isSuccess()) {
            throw StartException.bindFailed("server.port", server.host(), server.port(), bound.cause());
        }
        serverChannel = bound.channel();
        if (configFile != null) {
            reloader = new ConfigReloader(configFile, configEnvironment, this::apply, metrics);
            if (watchConfigFile) {
                reloader.watch();
            }
        }
        if (config.admin().port() >= 0) {
            startAdmin(legacy, tenantAware);
        }
        readiness.started();
        LOG.info("listening on {} ({} transport, {}), legacy backend {}{}", serverChannel.localAddress(),
                transport.name(), serverTls != null ? "https" : "http", legacy.origin(),
                demo != null ? " (embedded demo)" : "");
    }

    /** server.transport: auto takes epoll where it works, else NIO; a named one that cannot work stops the start. */
    private static Transport chooseTransport(RouterConfig.Server.SocketTransport setting) {
        if (setting == RouterConfig.Server.SocketTransport.AUTO) {
            String noEpoll = Transport.whyUnavailable(Transport.Kind.EPOLL);
            if (noEpoll != null) {
                // on Linux a sign of a noexec /tmp or the like; elsewhere (macOS, Windows) the rule
                boolean linux = System.getProperty("os.name", "").startsWith("Linux");
                LOG.atLevel(linux ? Level.WARN : Level.INFO).log("{}: the nio transport instead", noEpoll);
            }
            return Transport.best();
        }
        Transport.Kind kind = Transport.Kind.valueOf(setting.name());
        try {
            return Transport.of(kind);
        } catch (IllegalStateException e) {
            throw new StartException("server.transport is " + Transport.displayName(kind) + " but " + e.getMessage()
                    + "; write auto (epoll, else nio) or nio", e);
        }
    }

    /** rollout.shadow: the comparisons' own threads and HTTP client, counted in the metrics. */
    private ShadowRunner startShadow(Upstream legacy, Upstream tenantAware) {
        List<String> others = new ArrayList<>(config.rewrite().backendBaseUrls().stream().map(URI::toString).toList());
        if (config.server().publicUrl() != null) {
            URI publicUrl = config.server().publicUrl();
            others.add(publicUrl.getScheme() + "://" + publicUrl.getRawAuthority());
        }
        SSLContext tls;
        try {
            tls = ShadowRunner.tls(TlsFiles.backendTrust(config.backend().tls()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("rollout.shadow: no TLS context for https backends: " + e, e);
        }
        List<String> results = Arrays.stream(ShadowResult.values()).map(ShadowResult::label).toList();
        metrics.bindShadow(results);
        shadow = new ShadowRunner(config.shadow(), legacy.origin(), tenantAware.origin(), others,
                config.routing().tenantHeader(), config.routing().defaultTenant(), config.backend().connectTimeout(),
                tls, result -> metrics.countShadow(result.label()));
        LOG.info("shadow comparison on for {} ({} of legacy reads, at most {} at once)", config.shadow().projects(),
                config.shadow().sampleRate(), config.shadow().maxConcurrent());
        return shadow;
    }

    /** On its own event loop: a scrape or a probe never waits behind the proxy's accept loop, nor the reverse. */
    private void startAdmin(Upstream legacy, Upstream tenantAware) {
        RouterConfig.Admin adminConfig = config.admin();
        adminGroup = transport.newGroup(1, "router-admin");
        List<Upstream> checked = legacy.equals(tenantAware) ? List.of(legacy) : List.of(legacy, tenantAware);
        BackendCheck check = new BackendCheck(adminGroup, checked, config.backend().connectTimeout(), readiness);
        String token = adminConfig.tokenEnv() == null ? null : environment.apply(adminConfig.tokenEnv());
        if (adminConfig.tokenEnv() != null && (token == null || token.isBlank())) {
            LOG.warn("admin.tokenEnv names {}, which is not set: the mutating admin endpoints answer loopback "
                    + "callers only", adminConfig.tokenEnv());
        }
        ConfigReload reload = reloader == null ? null : () -> reloader.reload("POST /config/reload");
        RouterConfig.Admin.Peers peerSettings = adminConfig.peers();
        PeerInvalidation.Peers peers = peerSource != null ? peerSource
                : peerSettings.dns() != null ? PeerInvalidation.Peers.dns(peerSettings.dns(), this::adminPort) : null;
        if (peers != null) {
            peerInvalidation = new PeerInvalidation(peers, peerSettings.timeout(),
                    token == null || token.isBlank() ? null : token.strip(), this::adminPort);
        }
        AdminEndpoints endpoints = new AdminEndpoints(this::tenantCache, metrics, readiness, check,
                AdminAccess.withToken(token), reload, peerInvalidation);
        try {
            admin = AdminServer.start(adminConfig, endpoints, adminGroup);
        } catch (Exception e) { // the bind's exception, thrown without being declared
            throw StartException.bindFailed("admin.port", adminConfig.host(), adminConfig.port(), e);
        }
    }

    /** The tenant cache in force, or null when the resolver is not a cache. */
    private TenantCache tenantCache() {
        return live.get().tenants() instanceof TenantCache cache ? cache : null;
    }

    /** What {@link #apply} did, and the tenant resolver it replaced (to close once lookups on it ended), or null. */
    record Applied(ReloadOutcome outcome, TenantResolver retired) {
        static Applied only(ReloadOutcome outcome) {
            return new Applied(outcome, null);
        }
    }

    /**
     * Takes over a reloaded configuration, whole or not at all: a change to a key that needs a restart refuses the
     * whole file; otherwise the new tenant resolver (when {@code tenants.*} changed: a new cache, the old one is
     * retired), the TLS files, the limits (new state when {@code limits.*} changed) are prepared, then one new
     * {@link ProxyContext} replaces the one in force. An exchange in progress keeps the context it started with.
     * Called by the {@link ConfigReloader}'s thread only.
     */
    Applied apply(RouterConfig next) {
        ProxyContext current = live.get();
        List<String> changed = ConfigChanges.changedKeys(current.config(), next);
        if (changed.isEmpty()) {
            return Applied.only(ReloadOutcome.unchanged());
        }
        List<String> restart = new ArrayList<>(ConfigChanges.needingRestart(current.config(), next, changed));
        if (!ownsTenants) {
            // the embedder's resolver is not rebuilt from the file
            changed.stream().filter(key -> key.startsWith("tenants.")).forEach(restart::add);
        }
        if (!restart.isEmpty()) {
            return Applied.only(ReloadOutcome.refused(restart));
        }
        TenantResolver resolver = current.tenants();
        boolean newTenants = ConfigChanges.touches(changed, "tenants");
        if (newTenants) {
            resolver = TenantResolvers.create(next.tenants()); // a ConfigException fails the reload
        }
        if (serverTls != null && ConfigChanges.touches(changed, "server.tls")) {
            ServerTls.ReloadOutcome tls = serverTls.reload(next.server().tls());
            if (tls.result() == ServerTls.Result.REFUSED) {
                if (newTenants) {
                    resolver.close();
                }
                return Applied.only(ReloadOutcome.failed(tls.problem()));
            }
        }
        if (changed.contains("backend.connectTimeout") || changed.contains("backend.idleTimeout")) {
            pools.timeouts(next.backend().connectTimeout(), next.backend().idleTimeout()); // new connections
        }
        Limiter nextLimits = ConfigChanges.touches(changed, "limits")
                ? Limiter.of(next.limits(), limitsClock::read, limitsClock) : current.limits();
        live.set(current.reconfigured(next, RolloutPolicy.from(next.rollout())::allows, resolver, nextLimits,
                next.rewrite().backendBaseUrls().stream().map(URI::toString).toList()));
        limiter = nextLimits;
        tenants = resolver;
        if (newTenants && resolver instanceof TenantCache cache) {
            metrics.timeDirectoryCalls(cache);
        }
        if (changed.contains("log.level")) {
            LogLevels.apply(next.log().level());
        }
        return new Applied(ReloadOutcome.success(changed), newTenants ? current.tenants() : null);
    }

    /** Reloads the configuration file now and waits for the outcome (tests; operators use the admin endpoint). */
    public ReloadOutcome reloadConfig() {
        if (reloader == null) {
            throw new IllegalStateException("the router was started without a configuration file");
        }
        return reloader.reload("reloadConfig()").join();
    }

    /** The backend connection pools (tests read the timeouts in force). */
    UpstreamPools pools() {
        return pools;
    }

    /** The configuration in force: the one at start, or the last one a reload applied. */
    public RouterConfig currentConfig() {
        return live.get().config();
    }

    /** Directories the configuration file's watcher has registered for events (tests wait for it). */
    int watchedConfigDirectories() {
        return reloader == null ? 0 : reloader.watchedDirectories();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The socket transport the router runs on (io_uring, epoll, nio); after start. */
    public String transportName() {
        return transport.name();
    }

    /** The admin listener's port, or -1 when disabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The listener's TLS (certificate in use, reloads), or null when it speaks plain HTTP. */
    public ServerTls tls() {
        return serverTls;
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

    /** The router's metrics, as {@code /metrics} shows them. */
    public RouterMetrics metrics() {
        return metrics;
    }

    /** Readiness as {@code /readyz} reports it. */
    public Readiness readiness() {
        return readiness;
    }

    /**
     * The graceful stop (SIGTERM): {@code /readyz} turns 503 at once; after server.drain.delay the client listener
     * closes; idle client and backend connections close, the others finish their exchange (its answer carries
     * {@code Connection: close}) for up to server.drain.timeout; what is left then is cut; the admin listener
     * answers until the end. Each step is logged with its counts. Blocks: never call it on an event loop.
     */
    public DrainReport drain(String why) throws InterruptedException {
        long start = System.nanoTime();
        RouterConfig.Server.Drain settings = config.server().drain();
        readiness.draining();
        LOG.info("drain ({}): /readyz answers 503 from now on; {} client connections open; the listener closes in {}",
                why, clients.open(), text(settings.delay()));
        if (!settings.delay().isZero()) {
            TimeUnit.MILLISECONDS.sleep(settings.delay().toMillis()); // load balancers take the 503 in
        }
        serverChannel.close().syncUninterruptibly();
        int idleClients = clients.drainAll();
        int idleBackends = pools.drain();
        int busy = clients.open();
        LOG.info("drain: listener closed; {} idle client connections closed, {} with a request in progress close "
                + "after its answer; {} idle backend connections closed; waiting up to {}", idleClients, busy,
                idleBackends, text(settings.timeout()));
        int cut = 0;
        if (clients.awaitClosed(settings.timeout())) {
            LOG.info("drain: every exchange in progress completed after {} ms", millisSince(start));
        } else {
            cut = clients.cutAll();
            LOG.warn("drain: {} client connections still busy after {}: cut", cut, text(settings.timeout()));
        }
        close();
        DrainReport report = new DrainReport(idleClients, idleBackends, cut, millisSince(start));
        LOG.info("drain: done in {} ms ({} exchanges cut)", report.millis(), cut);
        return report;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reloader != null) {
            reloader.close();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (admin != null) {
            admin.close();
        }
        if (peerInvalidation != null) {
            peerInvalidation.close();
        }
        if (serverTls != null) {
            serverTls.close();
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
        if (adminGroup != null) {
            adminGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (shadow != null) {
            shadow.close(); // after the event loops: nothing submits any more
        }
        if (tenants != null) {
            tenants.close();
        }
        if (demo != null) {
            demo.close();
        }
        if (accessLog != null) {
            accessLog.close(); // after the event loops: every last line is queued by now
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
