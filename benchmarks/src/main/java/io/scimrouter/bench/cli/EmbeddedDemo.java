package io.scimrouter.bench.cli;

import io.scimrouter.Router;
import io.scimrouter.config.ConfigLoader;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The router on its embedded default, started in this process on a free loopback port: the in-memory demo SCIM
 * service behind it, project {@code demo}, environment {@code dev}, tenants {@code acme} and {@code globex}, token
 * {@code demo-token}. What {@code verify} and {@code load} target when no {@code --base-url} is given, so a new user
 * gets a meaningful run with nothing else started.
 */
public final class EmbeddedDemo implements AutoCloseable {
    public static final String TOKEN = "demo-token";
    public static final List<String> TENANTS = List.of("acme", "globex");

    private final Router router;

    private EmbeddedDemo(Router router) {
        this.router = router;
    }

    public static EmbeddedDemo start() {
        try {
            return new EmbeddedDemo(new Router(ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_PORT", "0",
                    "SCIM_ROUTER_ADMIN_PORT", "-1",
                    "SCIM_ROUTER_LOG_ACCESS_FORMAT", "off"))).start()); // stdout is the tool's report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnreachableException("interrupted while starting the embedded demo");
        } catch (RuntimeException e) {
            throw new TargetUnreachableException("cannot start the embedded demo: " + e.getMessage());
        }
    }

    /** The legacy base of the demo's project and environment. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + router.port() + "/scim/v2/demo/dev");
    }

    @Override
    public void close() {
        router.close();
    }
}
