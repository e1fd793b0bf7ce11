package io.scimrouter.demo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.scimrouter.net.Transport;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded in-memory SCIM 2.0 service the router routes to when no {@code backend.url} is configured, and the
 * real SCIM implementation integration tests put behind the router. Built on the SCIM SDK
 * ({@code de.captaingoldfish:scim-sdk-server}): Users and Groups with filters, paging, PATCH, ETags and Bulk,
 * partitioned by the tenant header, behind {@code Authorization: Bearer <token>}.
 */
public final class DemoScimService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScimService.class);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Options options;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param host           interface to bind, normally the loopback address
     * @param port           port to bind, 0 for a free one
     * @param bearerToken    the one token accepted in {@code Authorization: Bearer <token>}
     * @param tenantHeader   request header that selects the tenant partition
     * @param defaultTenant  tenant partition used when the header is absent
     * @param basePath       path prefix, e.g. {@code /scim/v2}
     * @param project        the one project served
     * @param environment    the one environment served
     */
    public record Options(String host, int port, String bearerToken, String tenantHeader, String defaultTenant,
            String basePath, String project, String environment) {

        private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
        private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

        public Options {
            requireText(host, "host");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            requireText(bearerToken, "bearerToken");
            requireText(tenantHeader, "tenantHeader");
            if (!HEADER_NAME.matcher(tenantHeader).matches()) {
                throw new IllegalArgumentException("tenantHeader is not a valid header name: " + tenantHeader);
            }
            requireText(defaultTenant, "defaultTenant");
            requireText(basePath, "basePath");
            if (!basePath.startsWith("/") || basePath.endsWith("/")) {
                throw new IllegalArgumentException("basePath must start with '/' and not end with '/': " + basePath);
            }
            requireSegment(project, "project");
            requireSegment(environment, "environment");
        }

        /** 127.0.0.1 on a free port, {@code demo-token}, {@code X-Tenant-Id}, {@code /scim/v2/demo/dev}. */
        public static Options defaults() {
            return new Options("127.0.0.1", 0, "demo-token", "X-Tenant-Id", "default", "/scim/v2", "demo", "dev");
        }

        public Options withPort(int newPort) {
            return new Options(host, newPort, bearerToken, tenantHeader, defaultTenant, basePath, project,
                    environment);
        }

        /** Never prints the bearer token. */
        @Override
        public String toString() {
            return "Options[host=" + host + ", port=" + port + ", bearerToken=***, tenantHeader=" + tenantHeader
                    + ", defaultTenant=" + defaultTenant + ", basePath=" + basePath + ", project=" + project
                    + ", environment=" + environment + "]";
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
        }

        private static void requireSegment(String value, String name) {
            requireText(value, name);
            if (!SEGMENT.matcher(value).matches()) {
                throw new IllegalArgumentException(name + " must be one URL path segment: " + value);
            }
        }
    }

    private DemoScimService(EventLoopGroup group, Channel serverChannel, Options options) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.options = options;
    }

    /**
     * Binds the service and returns once it accepts connections.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static DemoScimService start(Options options) {
        Objects.requireNonNull(options, "options");
        DemoScimApi api = new DemoScimApi(options, DemoScimEndpoints.create(Clock.systemUTC()));
        // one daemon thread: the demo serves a person with curl or a test, and must never keep the JVM alive
        Transport transport = Transport.nio();
        EventLoopGroup group = transport.newGroup(1, "scim-demo");
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childHandler(new DemoServerInitializer(api))
                    .bind(options.host(), options.port())
                    .syncUninterruptibly()
                    .channel();
            DemoScimService service = new DemoScimService(group, channel, options);
            LOG.info("Demo SCIM service listening on {}{}/{}/{}", service.origin(), options.basePath(),
                    options.project(), options.environment());
            return service;
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw new IllegalStateException("Cannot start the demo SCIM service on " + options.host() + ":"
                    + options.port(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** {@code http://127.0.0.1:port} (a wildcard bind address is reached through the loopback address). */
    public String origin() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** {@code origin() + basePath/project/environment}: the SCIM base URL a client uses. */
    public String baseUrl() {
        return origin() + options.basePath() + "/" + options.project() + "/" + options.environment();
    }

    public Options options() {
        return options;
    }

    /** Closes the listening socket and every connection, and stops the event loop thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
