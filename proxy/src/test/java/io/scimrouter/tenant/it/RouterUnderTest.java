package io.scimrouter.tenant.it;

import io.scimrouter.Router;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.tenant.TenantResolvers;
import io.scimrouter.testing.RawHttp;

import java.time.Duration;
import java.util.Map;

/**
 * A real router on a loopback port whose tenant cache runs on a {@link ManualTicker}. Cache maintenance runs on the
 * calling thread (Runnable::run) so that what a test sees after a request does not depend on a pool's timing.
 */
final class RouterUnderTest implements AutoCloseable {
    static final Duration FILE_POLL_INTERVAL = Duration.ofMillis(25);
    static final String HOST = "scim.example.com";

    private final Router router;
    private final TenantCache cache;

    private RouterUnderTest(Router router, TenantCache cache) {
        this.router = router;
        this.cache = cache;
    }

    static RouterUnderTest start(RouterConfig config, ManualTicker ticker) throws InterruptedException {
        TenantCache cache = TenantResolvers.create(config.tenants(), ticker, Runnable::run,
                Map.of(WireMockDirectory.CREDENTIAL_ENV, WireMockDirectory.ROUTER_CREDENTIAL)::get,
                FILE_POLL_INTERVAL);
        return new RouterUnderTest(new Router(config, cache).start(), cache);
    }

    int port() {
        return router.port();
    }

    int adminPort() {
        return router.adminPort();
    }

    TenantCache cache() {
        return cache;
    }

    /** One GET on its own connection; {@code headers} are whole header lines. */
    RawHttp.Response get(String target, String... headers) throws Exception {
        return request(router.port(), "GET", target, headers);
    }

    static RawHttp.Response request(int port, String method, String target, String... headers) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            return http.send(head(method, target, headers)).read();
        }
    }

    static String head(String method, String target, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(HOST).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (!method.equals("GET")) {
            head.append("Content-Length: 0\r\n");
        }
        return head.append("\r\n").toString();
    }

    @Override
    public void close() {
        router.close(); // closes the tenant cache and its directory too
    }
}
