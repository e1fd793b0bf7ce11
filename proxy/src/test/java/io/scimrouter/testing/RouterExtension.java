package io.scimrouter.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import io.scimrouter.Router;
import io.scimrouter.RouterSeams;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.rewrite.JsonUrlRewriter;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.tenant.TenantResolver;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A {@link TestBackend} and a {@link Router} in front of it, both on loopback ports, started before and closed after
 * each test ({@code @RegisterExtension} on an instance field) or each class (on a static field):
 * <pre>{@code
 * @RegisterExtension
 * final RouterExtension router = RouterExtension.create().config(b -> b.maxRequestBodyBytes(1000));
 * }</pre>
 * The configuration is {@link TestConfigs#builder} for the backend's address, changed by {@link #config}; it is
 * evaluated when the router starts, so it may use fields the test class initialised. {@link #startedByTest()} leaves
 * the router to the test ({@link #start}), for tests that pick the configuration themselves.
 */
public final class RouterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    /** The Host of {@link #get} requests. */
    public static final String HOST = "scim.example.com";

    private UnaryOperator<TestConfigs.Builder> configure = UnaryOperator.identity();
    private Function<RouterConfig, TenantResolver> tenants = config -> null;
    private UnaryOperator<Router> prepare = UnaryOperator.identity();
    private Ticker limitsClock = Ticker.systemTicker();
    private Supplier<? extends JsonUrlRewriter.Factory> rewriters = () -> null;
    private boolean startedByTest;
    private boolean perClass;
    private TestBackend backend;
    private Router router;
    private TenantResolver resolver;

    private RouterExtension() {
    }

    public static RouterExtension create() {
        return new RouterExtension();
    }

    /** Changes to the test defaults, applied when the router starts. */
    public RouterExtension config(UnaryOperator<TestConfigs.Builder> change) {
        this.configure = change;
        return this;
    }

    /** The tenant resolver for a configuration; null (the default) builds it from the configuration. */
    public RouterExtension tenants(Function<RouterConfig, TenantResolver> factory) {
        this.tenants = factory;
        return this;
    }

    /** The clock of the router's overload limits (a {@link ManualTicker} makes token buckets exact). */
    public RouterExtension limitsClock(Ticker clock) {
        this.limitsClock = clock;
        return this;
    }

    /**
     * The maker of the router's body rewriters, asked when the router starts (so it may read a {@code @Parameter}
     * field: {@code rewriters(() -> rewriter)} with a {@code RewriterKind}); null, the default, leaves the router's
     * own, the scanner. A test seam: production has no such setting.
     */
    public RouterExtension rewriters(Supplier<? extends JsonUrlRewriter.Factory> factory) {
        this.rewriters = factory;
        return this;
    }

    /** Settings of the router beyond its configuration (access log output, environment), applied before start. */
    public RouterExtension prepare(UnaryOperator<Router> settings) {
        this.prepare = settings;
        return this;
    }

    /** Only the backend starts with the test; the test starts the router. */
    public RouterExtension startedByTest() {
        this.startedByTest = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        shut();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            shut();
        }
    }

    private void open() throws InterruptedException {
        backend = new TestBackend();
        if (!startedByTest) {
            start(UnaryOperator.identity());
        }
    }

    private void shut() {
        try {
            closeRouter();
        } finally {
            backend.close();
        }
    }

    private void closeRouter() {
        if (router != null) {
            router.close(); // closes the tenant resolver too
            router = null;
            resolver = null;
        }
    }

    /** (Re)starts the router on the configured defaults with {@code more} changes on top. */
    public RouterExtension start(UnaryOperator<TestConfigs.Builder> more) throws InterruptedException {
        return start(more.apply(configure.apply(TestConfigs.builder(backend.uri()))).build());
    }

    /** (Re)starts the router on exactly this configuration (the tenant resolver still comes from {@link #tenants}). */
    public RouterExtension start(RouterConfig config) throws InterruptedException {
        closeRouter();
        resolver = tenants.apply(config);
        Router next = new Router(config, resolver).limitsClock(limitsClock);
        JsonUrlRewriter.Factory factory = rewriters.get();
        if (factory != null) {
            RouterSeams.rewriters(next, factory);
        }
        router = prepare.apply(next).start();
        return this;
    }

    public TestBackend backend() {
        return backend;
    }

    public Router router() {
        if (router == null) {
            throw new IllegalStateException("the router is not started");
        }
        return router;
    }

    public int port() {
        return router().port();
    }

    public int adminPort() {
        return router().adminPort();
    }

    /** The resolver {@link #tenants} made, or null when the router built its own. */
    public TenantResolver tenantResolver() {
        return resolver;
    }

    /** The tenant cache {@link #tenants} made. */
    public TenantCache tenantCache() {
        return (TenantCache) resolver;
    }

    /** A new raw connection to the router. */
    public RawHttp connect() throws IOException {
        return new RawHttp(port());
    }

    /** Sends {@code raw} on a new connection and reads one answer. */
    public RawHttp.Response exchange(String raw) throws IOException {
        try (RawHttp http = connect()) {
            return http.send(raw).read();
        }
    }

    /** One request on its own connection, with {@code Host: }{@value #HOST}; {@code headers} are whole lines. */
    public RawHttp.Response request(String method, String target, String... headers) throws IOException {
        return request(port(), method, target, headers);
    }

    /** A GET on its own connection, with {@code Host: }{@value #HOST}; {@code headers} are whole lines. */
    public RawHttp.Response get(String target, String... headers) throws IOException {
        return request("GET", target, headers);
    }

    /** As {@link #request(String, String, String...)} to any port (the admin listener). */
    public static RawHttp.Response request(int port, String method, String target, String... headers)
            throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            return http.send(head(method, target, headers)).read(method.equals("HEAD"));
        }
    }

    /** A request head with {@code Host: }{@value #HOST}, and {@code Content-Length: 0} on methods other than GET. */
    public static String head(String method, String target, String... headers) {
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
}
