package io.scimrouter.testing;

import io.scimrouter.config.CidrBlock;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Backend;
import io.scimrouter.config.RouterConfig.Limits;
import io.scimrouter.config.RouterConfig.Rewrite;
import io.scimrouter.config.RouterConfig.Rollout;
import io.scimrouter.config.RouterConfig.Routing;
import io.scimrouter.config.RouterConfig.Server;
import io.scimrouter.config.RouterConfig.Tenants;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Router configurations for tests: the documented defaults on a free loopback port, with targeted changes made
 * through a {@link Builder}. The configuration records are built here and nowhere else in the tests, so a change of
 * their shape touches one file.
 */
public final class TestConfigs {
    public static final List<String> ENDPOINTS = List.of("Users", "Groups", "Me", "Bulk", ".search",
            "ServiceProviderConfig", "ResourceTypes", "Schemas");

    private TestConfigs() {
    }

    public static RouterConfig defaults(URI backend) {
        return builder(backend).build();
    }

    /** The defaults with {@code backend} as backend.url: tenants acme and globex in p1/e1, rewriting on. */
    public static Builder builder(URI backend) {
        return new Builder(backend);
    }

    /** Changes to the test defaults; every setter names the configuration key it sets. */
    public static final class Builder {
        private URI backendUrl;
        private URI tenantAwareUrl;
        private RouterConfig.Shadow shadow = RouterConfig.Shadow.OFF;
        private URI publicUrl;
        private long maxRequestBodyBytes = 10L * 1024 * 1024;
        private Duration clientIdleTimeout = Duration.ofSeconds(60);
        private Duration requestHeadTimeout = Duration.ofSeconds(30);
        private Duration requestBodyTimeout = Duration.ofSeconds(30);
        private long requestBufferMaxBytes = 256 * 1024;
        private long requestBufferTotalBytes = 64L * 1024 * 1024;
        private List<CidrBlock> trustedProxies = List.of();
        private int workerThreads = 2;
        private Server.SocketTransport transport = Server.SocketTransport.AUTO;
        private Duration responseTimeout = Duration.ofSeconds(10);
        private int maxConnectionsPerLoop = 8;
        private boolean preserveHost = true;
        private List<Tenants.StaticTenants> staticTenants =
                List.of(new Tenants.StaticTenants("p1", "e1", List.of("acme", "globex")));
        private Tenants tenants;
        private Tenants.Cache cache = new Tenants.Cache(Duration.ofMinutes(5), Duration.ofHours(1),
                Duration.ofSeconds(30), 1000);
        private List<String> rolloutAllow = List.of("*");
        private List<String> rolloutDeny = List.of();
        private boolean rewriteEnabled = true;
        private List<URI> backendBaseUrls = List.of();
        private boolean compressResponses;
        private int maxStringLength = 1024 * 1024;
        private int adminPort = -1;
        private String adminTokenEnv;
        private int readinessBackendFailures = 3;
        private Admin.Peers peers = Admin.Peers.NONE;
        private Duration drainDelay = Duration.ZERO;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private boolean metricsTenantLabel;
        private int metricsMaxTenants = 100;
        private RouterConfig.AccessLogFormat accessLog = RouterConfig.AccessLogFormat.OFF;
        private Server.Tls tls = new Server.Tls(null, null, List.of("TLSv1.3", "TLSv1.2"),
                Server.Tls.ClientAuth.NONE, null, Server.Tls.Provider.AUTO, Duration.ofSeconds(10));
        private Path backendCaFile;
        private Limits limits = Limits.OFF;
        // off here (on by default in production): most tests count what reaches the backend for an unknown tenant
        private Tenants.Unknown unknownTenants = Tenants.Unknown.OFF;

        private Builder(URI backend) {
            this.backendUrl = backend;
        }

        /** backend.url */
        public Builder backend(URI url) {
            this.backendUrl = url;
            return this;
        }

        /** rollout.shadow.* (off by default) */
        public Builder shadow(RouterConfig.Shadow settings) {
            this.shadow = settings;
            return this;
        }

        /** backend.tenantAwareUrl */
        public Builder tenantAwareUrl(URI url) {
            this.tenantAwareUrl = url;
            return this;
        }

        /** backend.responseTimeout */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        /** backend.preserveHost */
        public Builder preserveHost(boolean preserve) {
            this.preserveHost = preserve;
            return this;
        }

        /** backend.maxConnectionsPerLoop */
        public Builder maxConnectionsPerLoop(int max) {
            this.maxConnectionsPerLoop = max;
            return this;
        }

        /** server.publicUrl */
        public Builder publicUrl(URI url) {
            this.publicUrl = url;
            return this;
        }

        /** server.maxRequestBodyBytes */
        public Builder maxRequestBodyBytes(long bytes) {
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /** server.clientIdleTimeout */
        public Builder clientIdleTimeout(Duration timeout) {
            this.clientIdleTimeout = timeout;
            return this;
        }

        /** server.requestHeadTimeout */
        public Builder requestHeadTimeout(Duration timeout) {
            this.requestHeadTimeout = timeout;
            return this;
        }

        /** server.requestBodyTimeout */
        public Builder requestBodyTimeout(Duration timeout) {
            this.requestBodyTimeout = timeout;
            return this;
        }

        /** server.requestBuffer.maxBytes and totalBytes */
        public Builder requestBuffer(long maxBytes, long totalBytes) {
            this.requestBufferMaxBytes = maxBytes;
            this.requestBufferTotalBytes = totalBytes;
            return this;
        }

        /** server.trustedProxies, in CIDR notation */
        public Builder trustedProxies(String... blocks) {
            this.trustedProxies = Arrays.stream(blocks).map(b -> CidrBlock.parse(b).orElseThrow()).toList();
            return this;
        }

        /** server.transport (default: auto) */
        public Builder transport(Server.SocketTransport transport) {
            this.transport = transport;
            return this;
        }

        /** server.workerThreads (default here: 2) */
        public Builder workerThreads(int threads) {
            this.workerThreads = threads;
            return this;
        }

        /** tenants.static: one project and environment with these tenant keys (the cache block stays). */
        public Builder staticTenants(String project, String environment, String... keys) {
            return staticTenants(List.of(new Tenants.StaticTenants(project, environment, Arrays.asList(keys))));
        }

        /** tenants.static (the cache block stays). */
        public Builder staticTenants(List<Tenants.StaticTenants> listed) {
            this.staticTenants = List.copyOf(listed);
            this.tenants = null;
            return this;
        }

        /** The whole tenants block: a file, an HTTP directory, with its own cache settings. */
        public Builder tenants(Tenants block) {
            this.tenants = block;
            return this;
        }

        /** tenants.cache, for the static tenants. */
        public Builder tenantCache(Tenants.Cache settings) {
            this.cache = settings;
            return this;
        }

        /** rollout.tenantAware.allow and deny */
        public Builder rollout(List<String> allow, List<String> deny) {
            this.rolloutAllow = List.copyOf(allow);
            this.rolloutDeny = List.copyOf(deny);
            return this;
        }

        /** rewrite.enabled */
        public Builder rewrite(boolean enabled) {
            this.rewriteEnabled = enabled;
            return this;
        }

        /** rewrite.backendBaseUrls */
        public Builder backendBaseUrls(List<URI> urls) {
            this.backendBaseUrls = List.copyOf(urls);
            return this;
        }

        /** rewrite.compressResponses */
        public Builder compressResponses(boolean compress) {
            this.compressResponses = compress;
            return this;
        }

        /** rewrite.maxStringLength */
        public Builder maxStringLength(int max) {
            this.maxStringLength = max;
            return this;
        }

        /** server.tls.*: the whole TLS block ({@link #tls(Path, Path)} for the usual case). */
        public Builder tls(Server.Tls settings) {
            this.tls = settings;
            return this;
        }

        /** server.tls.certificateFile and privateKeyFile, the other TLS keys at their defaults. */
        public Builder tls(Path certificateFile, Path privateKeyFile) {
            return tls(new Server.Tls(certificateFile, privateKeyFile, tls.protocols(), tls.clientAuth(),
                    tls.clientCaFile(), tls.provider(), tls.reloadCheckInterval()));
        }

        /** The TLS block in effect so far, for changing one key of it. */
        public Server.Tls tls() {
            return tls;
        }

        /** backend.tls.caFile */
        public Builder backendCaFile(Path file) {
            this.backendCaFile = file;
            return this;
        }

        /** limits.* */
        public Builder limits(Limits settings) {
            this.limits = settings;
            return this;
        }

        /** tenants.unknown.* (for the static tenants; a whole tenants block brings its own) */
        public Builder unknownTenants(Tenants.Unknown settings) {
            this.unknownTenants = settings;
            return this;
        }

        /** admin.port 0: the admin listener on a free loopback port (default here: disabled). */
        public Builder adminOnFreePort() {
            this.adminPort = 0;
            return this;
        }

        /** admin.tokenEnv */
        public Builder adminTokenEnv(String variable) {
            this.adminTokenEnv = variable;
            return this;
        }

        /** admin.peers.dns and admin.peers.timeout */
        public Builder peers(String dns, Duration timeout) {
            this.peers = new Admin.Peers(dns, timeout);
            return this;
        }

        /** admin.readiness.backendFailures */
        public Builder readinessBackendFailures(int failures) {
            this.readinessBackendFailures = failures;
            return this;
        }

        /** server.drain.delay and server.drain.timeout */
        public Builder drain(Duration delay, Duration timeout) {
            this.drainDelay = delay;
            this.drainTimeout = timeout;
            return this;
        }

        /** metrics.tenantLabel and metrics.maxTenants */
        public Builder tenantLabel(boolean on, int maxTenants) {
            this.metricsTenantLabel = on;
            this.metricsMaxTenants = maxTenants;
            return this;
        }

        /** log.access.format (off by default in tests) */
        public Builder accessLog(RouterConfig.AccessLogFormat format) {
            this.accessLog = format;
            return this;
        }

        public RouterConfig build() {
            return new RouterConfig(
                    new Server("127.0.0.1", 0, publicUrl, maxRequestBodyBytes, 16 * 1024, 8 * 1024,
                            clientIdleTimeout, requestHeadTimeout, requestBodyTimeout,
                            new Server.RequestBuffer(requestBufferMaxBytes, requestBufferTotalBytes), trustedProxies,
                            workerThreads, transport, new Server.Drain(drainDelay, drainTimeout), tls),
                    new Backend(backendUrl, tenantAwareUrl, Duration.ofSeconds(2), responseTimeout,
                            Duration.ofSeconds(20), maxConnectionsPerLoop, preserveHost,
                            new Backend.Tls(backendCaFile)),
                    new Routing("/scim/v2", "X-Tenant-Id", "default", Pattern.compile("[A-Za-z0-9_-]{1,64}"),
                            ENDPOINTS),
                    tenants != null ? tenants : new Tenants(staticTenants, null, null, cache, unknownTenants),
                    new Rollout(rolloutAllow, rolloutDeny),
                    shadow,
                    new Rewrite(rewriteEnabled, backendBaseUrls, compressResponses, maxStringLength, 64),
                    limits,
                    new Admin("127.0.0.1", adminPort, adminTokenEnv, new Admin.Readiness(readinessBackendFailures),
                            peers),
                    new RouterConfig.Metrics(metricsTenantLabel, metricsMaxTenants),
                    new RouterConfig.Log(RouterConfig.Level.INFO, new RouterConfig.Log.Access(accessLog)));
        }
    }
}
