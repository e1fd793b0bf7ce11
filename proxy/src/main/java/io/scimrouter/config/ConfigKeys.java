package io.scimrouter.config;

import io.scimrouter.config.RouterConfig.Server.SocketTransport;
import io.scimrouter.config.RouterConfig.Server.Tls.ClientAuth;
import io.scimrouter.config.RouterConfig.Server.Tls.Provider;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.scimrouter.config.RouterValueTypes.basePath;
import static io.scimrouter.config.RouterValueTypes.bindHost;
import static io.scimrouter.config.RouterValueTypes.cidrs;
import static io.scimrouter.config.RouterValueTypes.endpoints;
import static io.scimrouter.config.RouterValueTypes.environmentVariableName;
import static io.scimrouter.config.RouterValueTypes.origin;
import static io.scimrouter.config.RouterValueTypes.origins;
import static io.scimrouter.config.RouterValueTypes.pattern;
import static io.scimrouter.config.RouterValueTypes.readableFile;
import static io.scimrouter.config.RouterValueTypes.rolloutRules;
import static io.scimrouter.config.RouterValueTypes.tenantHeader;
import static io.scimrouter.config.RouterValueTypes.tlsProtocols;
import static io.scimrouter.config.RouterValueTypes.urlTemplate;
import static io.scimrouter.config.ValueType.choice;
import static io.scimrouter.config.RouterValueTypes.verifyPath;
import static io.scimrouter.config.ValueType.duration;
import static io.scimrouter.config.ValueType.durationOrZero;
import static io.scimrouter.config.ValueType.flag;
import static io.scimrouter.config.ValueType.fraction;
import static io.scimrouter.config.ValueType.intSize;
import static io.scimrouter.config.ValueType.integer;
import static io.scimrouter.config.ValueType.longInteger;
import static io.scimrouter.config.ValueType.size;
import static io.scimrouter.config.ValueType.text;
import static io.scimrouter.config.ValueType.tree;

/**
 * Every configuration key, declared once: path, kind of value, default, docs line. From this list come the binding
 * into the {@link RouterConfig} records ({@link RecordBinder}: a key {@code server.port} fills the component
 * {@code port} of the record bound to the section {@code server}), unknown-key errors with their suggestions, the
 * environment variable names, and the key table of docs/CONFIGURATION.md (checked by {@code ShippedConfigFilesTest}).
 *
 * <p>To add a key, say {@code server.drain.timeout}:
 * <ol>
 *   <li>declare it below, in the order of the records: {@code key("server.drain.timeout", duration(), "30s",
 *       "how long a drain waits for open exchanges")}, with an existing kind of value from {@link ValueType} or
 *       {@link RouterValueTypes} or a new one there (a default the key itself would refuse fails at class load);</li>
 *   <li>add the record component it fills, named like the last segment of the path: {@code Duration timeout} in a
 *       record {@code Drain} that is the component {@code drain} of {@code Server} (a nested section is a nested
 *       record, bound by the same rule);</li>
 *   <li>paste its row into docs/CONFIGURATION.md (the failing test prints the rows the declarations make) and set it
 *       in config/production.example.yaml, which must show every key.</li>
 * </ol>
 * A whole new section also needs its {@code binder.bind("section", Record.class)} line in {@link ConfigLoader}; a
 * rule that compares two keys goes to {@link CrossKeyRules}.
 */
public final class ConfigKeys {
    /** Prefix of every environment override: {@code SCIM_ROUTER_} + the key path in UPPER_SNAKE. */
    public static final String ENV_PREFIX = "SCIM_ROUTER_";

    private static final String VERIFY_PATH = "{basePath}/{project}/{environment}/Users?count=0";

    private static final String DEFAULT_ENDPOINTS =
            "Users, Groups, Me, Bulk, .search, ServiceProviderConfig, ResourceTypes, Schemas";

    /** All keys, in the order of the records and of the docs table. */
    public static final List<ConfigKey<?>> ALL = List.of(
            // server
            key("server.host", bindHost(), "127.0.0.1",
                    "address the client listener binds to; `0.0.0.0` for all interfaces"),
            key("server.port", integer(0, 65_535), "8080",
                    "client listener port, 0..65535 (0: any free port)"),
            key("server.publicUrl", origin("the router appends the request path itself"), null,
                    "origin (`https://host[:port]`, no path) written into rewritten URLs; unset: the request's "
                        + "validated `Host`"),
            key("server.maxRequestBodyBytes", size(1, Long.MAX_VALUE), "10MiB",
                    "larger request bodies are answered 413"),
            key("server.maxHeaderBytes", intSize(1, Integer.MAX_VALUE), "16KiB",
                    "larger request headers are answered 431"),
            key("server.maxInitialLineLength", intSize(1, Integer.MAX_VALUE), "8KiB",
                    "longest request line"),
            key("server.clientIdleTimeout", duration(), "60s",
                    "a client connection is closed after this long without traffic, or without an answer written to "
                        + "it while no request waits on the backend and no request head is arriving (bytes that "
                        + "start no request, such as empty lines, do not keep it open; a head still arriving is "
                        + "bounded by `server.requestHeadTimeout`); a client that stops reading an answer is closed "
                        + "after this long too"),
            key("server.requestHeadTimeout", duration(), "30s",
                    "from a request's first byte to its complete head; exceeded answers 408 and closes (a client "
                        + "that sends its headers a byte at a time never goes idle); a head pipelined behind an "
                        + "answer the client is not reading closes the connection without a 408. Empty lines before "
                        + "a request line start no head"),
            key("server.requestBodyTimeout", duration(), "30s",
                    "longest gap between two pieces of a request body; exceeded answers 408 and closes, with nothing "
                        + "sent to the backend while the body is buffered (once it streams, the backend connection is "
                        + "closed too, and an answer already begun is cut). Time the router itself does not read "
                        + "(backpressure) does not count"),
            key("server.requestBuffer.maxBytes", size(0, Long.MAX_VALUE), "256KiB",
                    "a request body up to this size is received whole before the backend is asked (no backend "
                        + "connection is held meanwhile) and sent with an exact `Content-Length`; larger ones, and "
                        + "chunked ones that grow past it, stream; `0`: every body streams"),
            key("server.requestBuffer.totalBytes", size(0, Long.MAX_VALUE), "64MiB",
                    "request body bytes buffered at once, all connections together; a request that does not fit "
                        + "streams; at least `server.requestBuffer.maxBytes`"),
            key("server.trustedProxies", cidrs(), "",
                    "addresses (CIDR: `10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`) whose `X-Forwarded-For`, "
                        + "`-Proto` and `-Host` are believed; from any other peer they are replaced by the router's "
                        + "own view and `Forwarded` is removed"),
            key("server.workerThreads", integer(0, 1024), "0",
                    "event loop threads; 0: one per core"),
            key("server.transport", choice(SocketTransport.class), "auto",
                    "the sockets' event loops: `auto`: epoll where its native library loads (Linux), else NIO (the "
                        + "start-up log says which and why); `io_uring`: about a fifth less CPU per request than "
                        + "epoll, where the kernel (5.14 or later) and the seccomp profile allow it (see "
                        + "docs/OPERATIONS.md); `io_uring` and `epoll` refuse to start without it; `nio`: the JDK's "
                        + "selector, everywhere"),
            key("server.drain.delay", durationOrZero(), "0s",
                    "on SIGTERM/SIGINT `/readyz` answers 503 at once; the client listener closes after this delay "
                        + "(time for load balancers to stop sending; in Kubernetes prefer a `preStop` sleep)"),
            key("server.drain.timeout", duration(), "30s",
                    "how long a drain waits for exchanges in flight after the listener closed; the rest are cut"),
            key("server.tls.certificateFile", readableFile(), null,
                    "PEM file with the listener's certificate followed by its chain (intermediates); setting it "
                        + "turns TLS on; reloaded when it changes (see docs/OPERATIONS.md)"),
            key("server.tls.privateKeyFile", readableFile(), null,
                    "PEM file with the certificate's private key (RSA or EC; PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA "
                        + "PRIVATE KEY` or SEC1 `EC PRIVATE KEY`; not encrypted); required with "
                        + "`server.tls.certificateFile`; reloaded with it"),
            key("server.tls.protocols", tlsProtocols(), "TLSv1.3, TLSv1.2",
                    "TLS versions the listener accepts: `TLSv1.3`, `TLSv1.2`"),
            key("server.tls.clientAuth", choice(ClientAuth.class), "none",
                    "client certificates: `none`; `optional` (checked when a client sends one); `require` (a "
                        + "handshake without one fails); the last two need `server.tls.clientCaFile`"),
            key("server.tls.clientCaFile", readableFile(), null,
                    "PEM bundle of the CAs client certificates must chain to; reloaded with the certificate"),
            key("server.tls.provider", choice(Provider.class), "auto",
                    "`auto`: OpenSSL (BoringSSL, bundled for Linux x86-64) when it loads, else the JDK's TLS; "
                        + "`openssl`: refuse to start without it; `jdk`: always the JDK's"),
            key("server.tls.reloadCheckInterval", duration(), "10s",
                    "how often the TLS files are compared with the ones in use, besides on file-system events "
                        + "(which miss some symlink swaps)"),
            // backend
            key("backend.url", origin("the router forwards the client's path unchanged"), null,
                    "the legacy SCIM service, origin only (the client's path is forwarded unchanged); unset: the "
                        + "embedded demo service"),
            key("backend.tenantAwareUrl", origin("the router forwards the client's path unchanged"), null,
                    "origin that receives the `/v2` traffic instead of `backend.url`"),
            key("backend.connectTimeout", duration(), "2s",
                    "connecting to the backend; not connected in this time answers 504 (refused or unreachable: "
                        + "502)"),
            key("backend.responseTimeout", duration(), "30s",
                    "waiting for the backend's answer; exceeded answers 504"),
            key("backend.idleTimeout", duration(), "20s",
                    "idle pooled upstream connections are closed; keep it below the backend's keep-alive timeout"),
            key("backend.maxConnectionsPerLoop", integer(1, 100_000), "64",
                    "upstream connections per event loop, 1..100000"),
            key("backend.preserveHost", flag(), "true",
                    "forward the client's `Host`; `false` sends the backend's own host"),
            key("backend.tls.caFile", readableFile(), null,
                    "PEM bundle of the CAs an `https` backend's certificate must chain to, used instead of the "
                        + "JDK's default trust store; unset: the JDK's default (host names are checked either way)"),
            // routing
            key("routing.basePath", basePath(), "/scim/v2",
                    "path before `/{project}/{environment}`; starts with `/`, no trailing `/`, no empty or dot "
                        + "segments"),
            key("routing.tenantHeader", tenantHeader(), "X-Tenant-Id",
                    "header that carries the tenant to the backend; an HTTP token, not one the router sets itself"),
            key("routing.defaultTenant", text(), "default",
                    "tenant sent for `/v2/{endpoint}`; must match `routing.tenantPattern`"),
            key("routing.tenantPattern", pattern(), "[A-Za-z0-9_-]{1,64}",
                    "Java regular expression a tenant key must match as a whole"),
            key("routing.endpoints", endpoints(DEFAULT_ENDPOINTS), DEFAULT_ENDPOINTS,
                    "names that make `/v2/{name}` the default-tenant form (any letter case); list custom resource "
                        + "types here too"),
            // tenants
            unsetByDefault("tenants.static", tree(), "empty (see below)",
                    "list of `{project, environment, tenants: [...]}`"),
            key("tenants.file", readableFile(), null,
                    "a file with the same list, reloaded when it changes; must exist at start; relative to the "
                        + "working directory"),
            key("tenants.http.url", urlTemplate(), null,
                    "directory URL template with `{project}`, `{environment}`, `{tenant}` (required); setting any "
                        + "`tenants.http.*` key selects the HTTP directory"),
            key("tenants.http.timeout", duration(), "2s",
                    "per directory call"),
            key("tenants.http.credentialEnv", environmentVariableName(), null,
                    "NAME of the environment variable holding the directory credential (must be set at start); never "
                        + "the credential itself"),
            key("tenants.http.forwardCallerAuthorization", flag(), "false",
                    "ask the directory with the caller's `Authorization`; cache entries per credential; directory "
                        + "401/403 passed on"),
            key("tenants.cache.ttl", duration(), "5m",
                    "after this an entry is refreshed in the background while still served"),
            key("tenants.cache.maxStale", durationOrZero(), "1h",
                    "how long a known tenant keeps working while the directory fails; `0`: not at all"),
            key("tenants.cache.negativeTtl", durationOrZero(), "30s",
                    "how long an unknown tenant is remembered; `0`: not at all"),
            key("tenants.cache.maxSize", longInteger(1, Long.MAX_VALUE), "100000",
                    "cached tenants at most"),
            key("tenants.unknown.verifyCaller", flag(), "true",
                    "before answering 404 for an unknown tenant, ask the legacy backend whether the caller's "
                        + "`Authorization` is valid; its 401/403 is passed on, so a caller without valid "
                        + "credentials cannot tell unknown tenants from known ones"),
            key("tenants.unknown.verifyPath", verifyPath(), VERIFY_PATH,
                    "the cheap request that asks; `{basePath}`, `{project}`, `{environment}` are filled in, the "
                        + "query is sent as written"),
            key("tenants.unknown.verdictTtl", duration(), "60s",
                    "how long the backend's verdict on a credential is remembered (per SHA-256 fingerprint of "
                        + "the `Authorization` value and project/environment; never the credential)"),
            key("tenants.unknown.maxSize", longInteger(1, Long.MAX_VALUE), "10000",
                    "remembered verdicts at most"),
            // rollout
            key("rollout.tenantAware.allow", rolloutRules(), "*",
                    "project/environment pairs whose `/v2` forms are enabled: `*`, `p1/*`, `*/e1`, `p1/e1`; an "
                        + "explicit `[]` enables none"),
            key("rollout.tenantAware.deny", rolloutRules(), "",
                    "same rule syntax; deny wins over allow; legacy traffic is never affected"),
            key("rollout.shadow.projects", rolloutRules(), "",
                    "project/environment pairs (rule syntax as `rollout.tenantAware.allow`) whose legacy reads "
                        + "(`GET`, `POST .search`) are compared with the tenant-aware upstream as the default tenant, "
                        + "after the client's answer; "
                        + "`[]`: shadow comparison off"),
            key("rollout.shadow.sampleRate", fraction(), "0.01",
                    "share of those reads that are compared, from 0 to 1"),
            key("rollout.shadow.maxConcurrent", integer(1, 1000), "4",
                    "shadow comparisons in flight at most; more are dropped and counted (`result=\"dropped\"`)"),
            key("rollout.shadow.timeout", duration(), "5s",
                    "each comparison's own deadline for both upstreams' answers; over it: counted as `error`"),
            key("rollout.shadow.maxBodyBytes", intSize(1, 64 * 1024 * 1024), "1MiB",
                    "largest answer body a comparison reads from each upstream (larger: counted as `error`), and "
                        + "largest search body copied (larger: not compared)"),
            // rewrite
            key("rewrite.enabled", flag(), "true",
                    "rewrite URLs in JSON bodies and `Location` headers of `/v2` routes"),
            key("rewrite.backendBaseUrls", origins("the project and environment path is matched per request"), "",
                    "further origins (no path) the backend writes into URLs"),
            key("rewrite.compressResponses", flag(), "false",
                    "gzip rewritten answers for clients that accept it"),
            key("rewrite.maxStringLength", intSize(1, Integer.MAX_VALUE), "1MiB",
                    "longest JSON string value in a rewritten body, in characters, and longest field name, in UTF-8 "
                            + "bytes (size syntax)"),
            key("rewrite.maxNestingDepth", integer(1, 10_000), "64",
                    "deepest JSON nesting in a rewritten body"),
            // limits
            key("limits.rate.perProjectEnvironment.requestsPerSecond", integer(0, 1_000_000), "0",
                    "requests per second admitted per project/environment (token bucket); over it: 429 with "
                        + "`Retry-After`; `0`: no limit"),
            key("limits.rate.perProjectEnvironment.burst", integer(0, 10_000_000), "0",
                    "requests a full bucket admits at once; `0`: one second's worth (`requestsPerSecond`)"),
            key("limits.rate.perTenant.requestsPerSecond", integer(0, 1_000_000), "0",
                    "the same per tenant (legacy routes count as the default tenant); `0`: no limit"),
            key("limits.rate.perTenant.burst", integer(0, 10_000_000), "0",
                    "as `limits.rate.perProjectEnvironment.burst`, per tenant"),
            key("limits.concurrency.perProjectEnvironment", integer(0, 1_000_000), "0",
                    "requests in progress at once per project/environment; over it: 503 with `Retry-After: 1`; "
                        + "`0`: no limit"),
            key("limits.concurrency.perTenant", integer(0, 1_000_000), "0",
                    "the same per tenant; `0`: no limit"),
            key("limits.upstream.maxInFlight", integer(0, 1_000_000), "0",
                    "requests in progress at once per backend origin, across all event loops; `0`: no limit"),
            key("limits.upstream.maxQueue", integer(0, 1_000_000), "100",
                    "requests that may wait for `limits.upstream.maxInFlight`; more: 503 with `Retry-After: 1`"),
            key("limits.upstream.queueTimeout", duration(), "1s",
                    "longest wait in that queue; exceeded: 503 with `Retry-After: 1`"),
            key("limits.cache.maxSize", longInteger(1, Long.MAX_VALUE), "100000",
                    "projects/environments and tenants whose limit state is kept at most"),
            key("limits.cache.expireAfterAccess", duration(), "10m",
                    "limit state unused for this long is forgotten (a bucket then starts full again)"),
            // admin
            key("admin.host", bindHost(), "127.0.0.1",
                    "address of the admin listener (health, metrics, cache control)"),
            key("admin.port", integer(-1, 65_535), "9090",
                    "admin port; 0: any free port, -1: disabled; must differ from `server.port`"),
            key("admin.tokenEnv", environmentVariableName(), null,
                    "NAME of the environment variable holding the bearer token (at least 16 characters) that "
                        + "callers other than loopback need for `/cache/invalidate*`; unset (key or variable): "
                        + "loopback only"),
            key("admin.readiness.backendFailures", integer(1, 1000), "3",
                    "`/readyz` answers 503 after this many consecutive failed backend connects, 200 again after the "
                        + "next success"),
            key("admin.peers.dns", text(), null,
                    "DNS name that resolves to every replica (a Kubernetes headless Service): "
                        + "`POST /cache/invalidate*?scope=cluster` also calls each address's admin listener on "
                        + "`admin.port`, with the admin token; unset: `scope=cluster` answers 409"),
            key("admin.peers.timeout", duration(), "2s",
                    "bound on resolving `admin.peers.dns` and on the calls to the peers, which run in parallel"),
            // metrics
            key("metrics.tenantLabel", flag(), "false",
                    "add a `tenant` label to the request metrics"),
            key("metrics.maxTenants", integer(1, 10_000), "100",
                    "distinct `tenant` label values at most; further tenants are counted as `other`"),
            // log
            key("log.level", choice(RouterConfig.Level.class), "info",
                    "level of the router's own log (`error`, `warn`, `info`, `debug`, `trace`), on standard error"),
            key("log.access.format", choice(RouterConfig.AccessLogFormat.class), "text",
                    "access log on standard output, one line per request: `json`, `text` or `off` (the Docker "
                        + "image sets `json`)"));

    private ConfigKeys() {
    }

    /** {@code server.maxRequestBodyBytes} becomes {@code SCIM_ROUTER_SERVER_MAX_REQUEST_BODY_BYTES}. */
    public static String envName(String path) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        char previous = '.';
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.') {
                name.append('_');
            } else {
                if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
                    name.append('_');
                }
                name.append(Character.toUpperCase(c));
            }
            previous = c;
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    /** The key at {@code path}, if one is declared. */
    static Optional<ConfigKey<?>> find(String path) {
        return ALL.stream().filter(key -> key.path().equals(path)).findFirst();
    }

    /** The key at {@code path}, whose values must be of {@code type}; for binders that read a key by hand. */
    @SuppressWarnings("unchecked")
    static <T> ConfigKey<T> named(String path, Class<T> type) {
        ConfigKey<?> key = find(path).orElseThrow(() -> new IllegalStateException("no key " + path + " declared"));
        if (!type.equals(key.javaType())) {
            throw new IllegalStateException(path + " holds " + key.javaType().getSimpleName() + ", not "
                    + type.getSimpleName());
        }
        return (ConfigKey<T>) key;
    }

    /** The keys of a section and its subsections: {@code tenants.http} gives {@code tenants.http.url}, ... */
    static List<ConfigKey<?>> under(String section) {
        return ALL.stream().filter(key -> key.path().startsWith(section + ".")).toList();
    }

    static boolean isKey(String path) {
        return find(path).isPresent();
    }

    /** A section is a strict prefix of some key: {@code tenants}, {@code tenants.http}. */
    static boolean isSection(String path) {
        return !under(path).isEmpty();
    }

    /** Names directly under a section ({@code ""} for the root). */
    static List<String> childrenOf(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        return ALL.stream()
                .map(ConfigKey::path)
                .filter(path -> path.startsWith(prefix))
                .map(path -> path.substring(prefix.length()).split("\\.", 2)[0])
                .distinct()
                .toList();
    }

    private static <T> ConfigKey<T> key(String path, ValueType<T> type, String defaultText, String doc) {
        return ConfigKey.of(path, type, defaultText, doc);
    }

    private static <T> ConfigKey<T> unsetByDefault(String path, ValueType<T> type, String documentedDefault,
            String doc) {
        return ConfigKey.unsetByDefault(path, type, documentedDefault, doc);
    }
}
