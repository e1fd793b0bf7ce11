package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.rewrite.JsonUrlRewriter;
import io.scimrouter.route.RolloutPolicy;
import io.scimrouter.route.RouteParser;
import io.scimrouter.testing.TestConfigs;
import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamPools;
import io.scimrouter.upstream.UpstreamSettings;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The router's client pipeline and its exchanges on {@link EmbeddedChannel}s, with the real codecs on both sides:
 * a client channel built by {@link ServerInitializer#addHandlers}, and one in-memory channel per backend connection
 * the pools open (through an {@link io.scimrouter.upstream.UpstreamConnector}). A test writes raw HTTP bytes on either
 * side and reads what the router wrote; nothing touches a socket, and time moves only when {@link #advance}d.
 */
final class EmbeddedProxy implements AutoCloseable {
    /** What an exchange's outcome was at its end (the live view is only valid during the listener's call). */
    record Ended(ExchangePhase phase, int status, long requestBodyBytes, long responseBodyBytes, int flags) {
        boolean flagged(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** What an exchange's URL rewriting did, recorded at its end next to its {@link Ended}. */
    record Rewritten(long urls, long requestBytes, long responseBytes) {
    }

    /** The backend every embedded router is configured with; nothing ever connects to it. */
    static final URI BACKEND = URI.create("http://backend.test:8080");

    /** Tenants acme and globex exist, answered at once (a cache hit); any other is unknown. */
    static final TenantResolver ACME_AND_GLOBEX = query -> CompletableFuture.completedFuture(
            Set.of("acme", "globex").contains(query.tenant())
                    ? new TenantDecision.Known(query.tenant(), null) : new TenantDecision.Unknown());
    /** A backend's whole answer: 200 with the body {}. */
    static final String OK_2 = "HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 2\r\n"
            + "\r\n{}";

    private final ProxyContext context;
    private final EmbeddedChannel client;
    private final List<EmbeddedChannel> backends = new ArrayList<>();
    /** The upstream each backend connection was opened to, by index. */
    private final List<Upstream> backendUpstreams = new ArrayList<>();
    private final List<Ended> ended = new ArrayList<>();
    private final List<Rewritten> rewritten = new ArrayList<>();
    private boolean refuseConnections;

    EmbeddedProxy(RouterConfig config, TenantResolver tenants) {
        this(config, tenants, JsonUrlRewriter::create);
    }

    /** With the body rewriters {@code rewriters} makes (the jackson reference as well as the proxy's scanner). */
    EmbeddedProxy(RouterConfig config, TenantResolver tenants, JsonUrlRewriter.Factory rewriters) {
        RouterConfig.Routing routing = config.routing();
        RouterConfig.Backend backend = config.backend();
        // the transport is a socket's business: the connector below never uses it
        UpstreamSettings settings = new UpstreamSettings(null, backend.connectTimeout(), backend.idleTimeout(),
                backend.maxConnectionsPerLoop(), config.server().maxInitialLineLength(),
                config.server().maxHeaderBytes(), 64 * 1024);
        UpstreamPools pools = new UpstreamPools(settings, (loop, upstream, pipeline) -> connect(upstream, pipeline));
        Upstream origin = Upstream.of(backend.url());
        Upstream tenantAware = backend.tenantAwareUrl() == null ? origin : Upstream.of(backend.tenantAwareUrl());
        context = new ProxyContext(config, new RouteParser(routing.basePath(), routing.defaultTenant(),
                routing.tenantPattern(), routing.endpoints()), RolloutPolicy.from(config.rollout())::allows, tenants,
                pools, origin, tenantAware, List.of())
                .withExchanges(o -> {
                    ended.add(new Ended(o.phase(), o.status(), o.requestBodyBytes(), o.responseBodyBytes(),
                            o.flags()));
                    rewritten.add(new Rewritten(o.urlsRewritten(), o.requestBytesRewritten(),
                            o.responseBytesRewritten()));
                })
                .withRewriters(rewriters);
        client = new EmbeddedChannel();
        client.freezeTime();
        ServerInitializer.addHandlers(client.pipeline(), context);
    }

    /** A router with the tests' defaults for {@link #BACKEND}, changed by {@code config}. */
    static EmbeddedProxy configured(UnaryOperator<TestConfigs.Builder> config, TenantResolver tenants) {
        return new EmbeddedProxy(config.apply(TestConfigs.builder(BACKEND)).build(), tenants);
    }

    /** As {@link #configured(UnaryOperator, TenantResolver)}, its body rewriters made by {@code rewriters}. */
    static EmbeddedProxy configured(UnaryOperator<TestConfigs.Builder> config, TenantResolver tenants,
                                    JsonUrlRewriter.Factory rewriters) {
        return new EmbeddedProxy(config.apply(TestConfigs.builder(BACKEND)).build(), tenants, rewriters);
    }

    private ChannelFuture connect(Upstream upstream, io.netty.channel.ChannelHandler pipeline) {
        if (refuseConnections) {
            EmbeddedChannel refused = new EmbeddedChannel();
            refused.close();
            return refused.newFailedFuture(new ConnectException("Connection refused"));
        }
        EmbeddedChannel ch = new EmbeddedChannel(pipeline);
        backends.add(ch);
        backendUpstreams.add(upstream);
        return ch.newSucceededFuture();
    }

    /** The request buffer budget all of this router's exchanges share (server.requestBuffer.totalBytes). */
    BufferBudget bufferBudget() {
        return context.bufferBudget();
    }

    /** New backend connections fail from now on, as with a backend that is down. */
    void refuseConnections() {
        refuseConnections = true;
    }

    // ---- the client side ---------------------------------------------------------------------------------------

    EmbeddedChannel client() {
        return client;
    }

    /** Bytes from the client, as one read; then whatever the event loop has queued runs (e.g. a tenant hop). */
    EmbeddedProxy clientSends(String raw) {
        client.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        client.runPendingTasks();
        return this;
    }

    /** Everything the router wrote to the client since the last call. */
    String clientReceived() {
        return drain(client);
    }

    /** The client stops (or resumes) taking bytes: its connection turns not writable (writable). */
    void clientWritable(boolean writable) {
        client.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        client.runPendingTasks();
    }

    boolean clientRead() {
        return client.config().isAutoRead();
    }

    /** The exchange in progress on the client connection, or null. */
    Exchange exchange() {
        return ((ProxyFrontendHandler) client.pipeline().get(ServerInitializer.PROXY)).exchange();
    }

    // ---- the backend side --------------------------------------------------------------------------------------

    /** The {@code i}-th backend connection the router opened. */
    EmbeddedChannel backend(int i) {
        return backends.get(i);
    }

    int backendConnections() {
        return backends.size();
    }

    /** The origin the {@code i}-th backend connection goes to (backend.url or backend.tenantAwareUrl). */
    String backendOrigin(int i) {
        return backendUpstreams.get(i).origin();
    }

    /** Everything the router wrote on the {@code i}-th backend connection since the last call. */
    String backendReceived(int i) {
        return drain(backends.get(i));
    }

    /** Bytes from the backend on its {@code i}-th connection, as one read. */
    EmbeddedProxy backendSends(int i, String raw) {
        backends.get(i).writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        client.runPendingTasks();
        return this;
    }

    /** The backend stops (or resumes) taking bytes on its {@code i}-th connection. */
    void backendWritable(int i, boolean writable) {
        backends.get(i).unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        backends.get(i).runPendingTasks();
    }

    boolean backendRead(int i) {
        return backends.get(i).config().isAutoRead();
    }

    // ---- outcomes and time -------------------------------------------------------------------------------------

    /** The outcomes of the exchanges that ended, in order. */
    List<Ended> ended() {
        return ended;
    }

    /** What the rewriting of the exchanges that ended did, in the order of {@link #ended()}. */
    List<Rewritten> rewritten() {
        return rewritten;
    }

    /** Moves the client event loop's frozen clock and runs what became due (timers of the exchange). */
    void advance(Duration by) {
        client.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        client.runPendingTasks();
    }

    private static String drain(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.finishAndReleaseAll();
        for (EmbeddedChannel backend : backends) {
            backend.finishAndReleaseAll();
        }
    }
}
