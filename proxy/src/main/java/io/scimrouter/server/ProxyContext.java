package io.scimrouter.server;

import io.scimrouter.config.RouterConfig;
import io.scimrouter.policy.Admission;
import io.scimrouter.policy.Forwarding;
import io.scimrouter.policy.RequestBuffering;
import io.scimrouter.route.RouteParser;
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
        ExchangeListener exchanges) {

    /** The scheme of the client listener (plain HTTP until the listener speaks TLS). */
    static final String OWN_SCHEME = "http";

    public ProxyContext(RouterConfig config, RouteParser routeParser, BiPredicate<String, String> tenantAwareEnabled,
                        TenantResolver tenants, UpstreamPools pools, Upstream legacyUpstream,
                        Upstream tenantAwareUpstream, List<String> extraBackendOrigins) {
        this(config, routeParser, tenantAwareEnabled,
                new Admission(config.server().maxRequestBodyBytes(), config.server().publicUrl() != null,
                        tenantAwareEnabled),
                new Forwarding(config.server().trustedProxies(), OWN_SCHEME),
                new RequestBuffering(config.server().requestBuffer().maxBytes()),
                new BufferBudget(config.server().requestBuffer().totalBytes()),
                tenants, pools, legacyUpstream, tenantAwareUpstream,
                new UrlPlanCache(extraBackendOrigins), AsciiString.cached(config.routing().tenantHeader()),
                ExchangeListener.NONE);
    }

    /** The same context with {@code listener} told about every exchange's end. */
    public ProxyContext withExchanges(ExchangeListener listener) {
        return new ProxyContext(config, routeParser, tenantAwareEnabled, admission, forwarding, requestBuffering,
                bufferBudget, tenants, pools, legacyUpstream, tenantAwareUpstream, urlPlans, tenantHeader, listener);
    }
}
