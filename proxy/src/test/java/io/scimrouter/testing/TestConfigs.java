package io.scimrouter.testing;

import io.scimrouter.config.RouterConfig;
import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Backend;
import io.scimrouter.config.RouterConfig.Rewrite;
import io.scimrouter.config.RouterConfig.Rollout;
import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Server;
import io.scimrouter.config.RouterConfig.Tenants;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Router configurations for tests: the documented defaults on a free loopback port, with targeted changes. */
public final class TestConfigs {
    public static final List<String> ENDPOINTS = List.of("Users", "Groups", "Me", "Bulk", ".search",
            "ServiceProviderConfig", "ResourceTypes", "Schemas");

    private TestConfigs() {
    }

    public static RouterConfig defaults(URI backend) {
        return new RouterConfig(
                new Server("127.0.0.1", 0, null, 10L * 1024 * 1024, 16 * 1024, 8 * 1024, Duration.ofSeconds(60),
                        Duration.ofSeconds(30), 2),
                new Backend(backend, null, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20),
                        8, true),
                new Routing("/scim/v2", "X-Tenant-Id", "default", Pattern.compile("[A-Za-z0-9_-]{1,64}"), ENDPOINTS),
                new Tenants(List.of(new Tenants.StaticTenants("p1", "e1", List.of("acme", "globex"))), null, null,
                        new Tenants.Cache(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30), 1000)),
                new Rollout(List.of("*"), List.of()),
                new Rewrite(true, List.of(), false, 1024 * 1024, 64),
                new Admin("127.0.0.1", -1));
    }

    public static RouterConfig withServer(RouterConfig c, UnaryOperator<Server> change) {
        return new RouterConfig(change.apply(c.server()), c.backend(), c.routing(), c.tenants(), c.rollout(),
                c.rewrite(), c.admin());
    }

    public static RouterConfig withBackend(RouterConfig c, UnaryOperator<Backend> change) {
        return new RouterConfig(c.server(), change.apply(c.backend()), c.routing(), c.tenants(), c.rollout(),
                c.rewrite(), c.admin());
    }

    public static Server maxBody(Server s, long bytes) {
        return new Server(s.host(), s.port(), s.publicUrl(), bytes, s.maxHeaderBytes(), s.maxInitialLineLength(),
                s.clientIdleTimeout(), s.requestHeadTimeout(), s.workerThreads());
    }

    public static Server requestHeadTimeout(Server s, Duration timeout) {
        return new Server(s.host(), s.port(), s.publicUrl(), s.maxRequestBodyBytes(), s.maxHeaderBytes(),
                s.maxInitialLineLength(), s.clientIdleTimeout(), timeout, s.workerThreads());
    }

    public static Server clientIdleTimeout(Server s, Duration timeout) {
        return new Server(s.host(), s.port(), s.publicUrl(), s.maxRequestBodyBytes(), s.maxHeaderBytes(),
                s.maxInitialLineLength(), timeout, s.requestHeadTimeout(), s.workerThreads());
    }

    public static Backend responseTimeout(Backend b, Duration timeout) {
        return new Backend(b.url(), b.tenantAwareUrl(), b.connectTimeout(), timeout, b.idleTimeout(),
                b.maxConnectionsPerLoop(), b.preserveHost());
    }

    public static Backend preserveHost(Backend b, boolean preserve) {
        return new Backend(b.url(), b.tenantAwareUrl(), b.connectTimeout(), b.responseTimeout(), b.idleTimeout(),
                b.maxConnectionsPerLoop(), preserve);
    }

    public static Backend maxConnections(Backend b, int max) {
        return new Backend(b.url(), b.tenantAwareUrl(), b.connectTimeout(), b.responseTimeout(), b.idleTimeout(),
                max, b.preserveHost());
    }
}
