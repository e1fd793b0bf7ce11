package io.scimrouter.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.limit.Limiter;
import io.scimrouter.policy.Admission;
import io.scimrouter.policy.Forwarding;
import io.scimrouter.policy.RequestBuffering;
import io.scimrouter.rewrite.JsonUrlRewriter;
import io.scimrouter.route.RouteParser;
import io.scimrouter.tenant.CallerVerdicts;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.upstream.Upstream;
import io.scimrouter.upstream.UpstreamPools;

import io.netty.util.AsciiString;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * What every client connection shares: configuration, the pure decision makers and the upstream pools. Immutable
 * apart from the pools, which are per event loop.
 *
 * @param tenantAwareEnabled rollout policy: may this (project, environment) use the /v2 forms?
 * @param admission          the request head checks, from the server limits and the rollout
 * @param forwarding         whose X-Forwarded-* headers are believed (server.trustedProxies)
 * @param requestBuffering   which request bodies are received whole first (server.requestBuffer.maxBytes)
 * @param bufferBudget       the bytes all of them may hold at once (server.requestBuffer.totalBytes)
 * @param tenantHeader       routing.tenantHeader, ready for fast case-insensitive header operations
 * @param exchanges          told about every exchange's end (access log, metrics); {@link ExchangeListener#NONE}
 * @param connections        the open client connections (gauge, drain)
 * @param limits             the overload limits and their state, {@link Limiter#off()} by default; a reloaded
 *                           configuration swaps the whole limiter
 * @param callerVerdicts     the remembered checks of unknown tenants' callers (tenants.unknown.verifyCaller), or
 *                           null when unknown tenants are answered 404 without asking the backend
 * @param rewriters          makes each /v2 body's URL rewriter: {@code JsonUrlRewriter::create}, the scanner; only
 *                           tests choose another (the jackson reference), through {@link #withRewriters}
 */
public record ProxyContext(
        RouterConfig config,
        RouteParser routeParser,
        BiPredicate<String, String> tenantAwareEnabled,
        Admission admission,
        Forwarding forwarding,
        RequestBuffering requestBuffering,
        BufferBudget bufferBudget,
        TenantResolver tenants,
        UpstreamPools pools,
        Upstream legacyUpstream,
        Upstream tenantAwareUpstream,
        UrlPlanCache urlPlans,
        AsciiString tenantHeader,
        ExchangeListener exchanges,
        ClientConnections connections,
        Limiter limits,
        CallerVerdicts callerVerdicts,
        JsonUrlRewriter.Factory rewriters) {

    public ProxyContext(RouterConfig config, RouteParser routeParser, BiPredicate<String, String> tenantAwareEnabled,
                        TenantResolver tenants, UpstreamPools pools, Upstream legacyUpstream,
                        Upstream tenantAwareUpstream, List<String> extraBackendOrigins) {
        this(config, routeParser, tenantAwareEnabled,
                new Admission(config.server().maxRequestBodyBytes(), config.server().publicUrl() != null,
                        tenantAwareEnabled),
                new Forwarding(config.server().trustedProxies(), listenerScheme(config)),
                new RequestBuffering(config.server().requestBuffer().maxBytes()),
                new BufferBudget(config.server().requestBuffer().totalBytes()),
                tenants, pools, legacyUpstream, tenantAwareUpstream,
                new UrlPlanCache(extraBackendOrigins), AsciiString.cached(config.routing().tenantHeader()),
                ExchangeListener.NONE, new ClientConnections(), Limiter.of(config.limits()), callerVerdicts(config),
                JsonUrlRewriter::create);
    }

    private static CallerVerdicts callerVerdicts(RouterConfig config) {
        RouterConfig.Tenants.Unknown unknown = config.tenants().unknown();
        return unknown.verifyCaller()
                ? new CallerVerdicts(unknown.verdictTtl(), unknown.maxSize(),
                        Ticker.systemTicker())
                : null;
    }

    /** The listener's own scheme, {@code http} or {@code https}: what an untrusted peer's request is taken to use. */
    private static String listenerScheme(RouterConfig config) {
        return config.server().tls().enabled() ? "https" : "http";
    }

    /** The same context with {@code listener} told about every exchange's end. */
    public ProxyContext withExchanges(ExchangeListener listener) {
        return new ProxyContext(config, routeParser, tenantAwareEnabled, admission, forwarding, requestBuffering,
                bufferBudget, tenants, pools, legacyUpstream, tenantAwareUpstream, urlPlans, tenantHeader, listener,
                connections, limits, callerVerdicts, rewriters);
    }

    /**
     * The context for a reloaded configuration ({@code next}, whose changes a running router can take over): a new
     * rollout and admission; the tenant resolver, limits and URL plans given; the remembered caller verdicts kept
     * while {@code tenants.unknown} is the same. The pools, upstreams, listener and connections stay.
     */
    public ProxyContext reconfigured(RouterConfig next, BiPredicate<String, String> rollout, TenantResolver resolver,
                                     Limiter nextLimits, List<String> extraBackendOrigins) {
        UrlPlanCache plans = next.rewrite().backendBaseUrls().equals(config.rewrite().backendBaseUrls()) ? urlPlans
                : new UrlPlanCache(extraBackendOrigins);
        CallerVerdicts verdicts = next.tenants().unknown().equals(config.tenants().unknown()) ? callerVerdicts
                : callerVerdicts(next);
        Admission nextAdmission = new Admission(next.server().maxRequestBodyBytes(),
                next.server().publicUrl() != null, rollout);
        // server.* is not reloadable: forwarding and request buffering stay as they are
        return new ProxyContext(next, routeParser, rollout, nextAdmission, forwarding, requestBuffering, bufferBudget,
                resolver, pools, legacyUpstream, tenantAwareUpstream, plans, tenantHeader, exchanges, connections,
                nextLimits, verdicts, rewriters);
    }

    /** The same context with other limits (a reloaded configuration's, or a test's on its own clock). */
    public ProxyContext withLimits(Limiter other) {
        return new ProxyContext(config, routeParser, tenantAwareEnabled, admission, forwarding, requestBuffering,
                bufferBudget, tenants, pools, legacyUpstream, tenantAwareUpstream, urlPlans, tenantHeader, exchanges,
                connections, other, callerVerdicts, rewriters);
    }

    /** The same context with another maker of body rewriters: the router's tests' seam, never set in production. */
    public ProxyContext withRewriters(JsonUrlRewriter.Factory other) {
        return new ProxyContext(config, routeParser, tenantAwareEnabled, admission, forwarding, requestBuffering,
                bufferBudget, tenants, pools, legacyUpstream, tenantAwareUpstream, urlPlans, tenantHeader, exchanges,
                connections, limits, callerVerdicts, other);
    }
}
