package io.scimrouter.shadow;

import io.scimrouter.config.RouterConfig;
import io.scimrouter.tenant.BoundedBodySubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays sampled reads against both upstreams and compares the answers, off the event loops: the JDK's
 * {@link HttpClient} in its asynchronous form on two threads of its own ({@code router-shadow}), so a slow or dead
 * shadow upstream costs those threads and {@code maxConcurrent} slots, never a client's answer. Bounded: at most
 * {@code maxConcurrent} comparisons in flight (a read sampled over it is dropped, not queued), each within
 * {@code timeout} for both answers, each body within {@code maxBodyBytes}.
 *
 * <p>A mismatch is logged at WARN with the project/environment, the path without its query and what differs (status
 * codes, JSON paths and kinds), never a value or a header: answers and SCIM filters carry personal data.
 */
public final class ShadowRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowRunner.class);
    /** Tells a backend's operators the request is a comparison, not a client's. */
    static final String SHADOW_HEADER = "X-Scim-Router-Shadow";

    private final RouterConfig.Shadow settings;
    private final String legacyOrigin;
    private final String tenantAwareOrigin;
    private final String tenantHeader;
    private final String defaultTenant;
    private final ShadowComparison comparison;
    private final ShadowObserver observer;
    private final ExecutorService executor;
    private final HttpClient client;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param legacyOrigin      the legacy upstream, {@code scheme://host[:port]}
     * @param tenantAwareOrigin the tenant-aware upstream (may be the same)
     * @param otherOrigins      further origins the upstreams write into URLs (public URL, rewrite.backendBaseUrls)
     * @param tls               trust for https upstreams
     */
    public ShadowRunner(RouterConfig.Shadow settings, String legacyOrigin, String tenantAwareOrigin,
                        List<String> otherOrigins, String tenantHeader, String defaultTenant,
                        Duration connectTimeout, SSLContext tls, ShadowObserver observer) {
        this.settings = settings;
        this.legacyOrigin = legacyOrigin;
        this.tenantAwareOrigin = tenantAwareOrigin;
        this.tenantHeader = tenantHeader;
        this.defaultTenant = defaultTenant;
        this.observer = observer;
        List<String> origins = new ArrayList<>(List.of(legacyOrigin, tenantAwareOrigin));
        origins.addAll(otherOrigins);
        this.comparison = new ShadowComparison(origins, settings.maxBodyBytes());
        AtomicInteger threads = new AtomicInteger();
        // the queue never holds more than maxConcurrent tasks: submit takes a slot first
        this.executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "router-shadow-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .sslContext(tls)
                .executor(executor)
                .build();
    }

    /**
     * Takes a sampled read, on an event loop: a slot and a hand-off, nothing more. Returns false when it was dropped
     * ({@code maxConcurrent} comparisons in flight, or the runner closed); that is counted.
     */
    public boolean submit(ShadowRead read) {
        int n;
        do {
            n = inFlight.get();
            if (n >= settings.maxConcurrent()) {
                observer.onShadowResult(ShadowResult.DROPPED);
                return false;
            }
        } while (!inFlight.compareAndSet(n, n + 1));
        try {
            executor.execute(() -> compare(read));
            return true;
        } catch (RejectedExecutionException e) { // closed
            inFlight.decrementAndGet();
            observer.onShadowResult(ShadowResult.DROPPED);
            return false;
        }
    }

    /** Comparisons in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void compare(ShadowRead read) {
        CompletableFuture<ShadowComparison.Answer> legacy = fetch(legacyOrigin, read, false);
        CompletableFuture<ShadowComparison.Answer> tenantAware = fetch(tenantAwareOrigin, read, true);
        legacy.thenCombine(tenantAware, (l, t) -> comparison.differences(read, l, t))
                .orTimeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((differences, error) -> {
                    legacy.cancel(true); // a timeout leaves them running otherwise
                    tenantAware.cancel(true);
                    inFlight.decrementAndGet();
                    report(read, differences, error);
                });
    }

    private CompletableFuture<ShadowComparison.Answer> fetch(String origin, ShadowRead read, boolean asDefaultTenant) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + read.target()))
                    .timeout(settings.timeout()).header(SHADOW_HEADER, "1");
            if (read.body() == null) {
                request.GET();
            } else {
                request.POST(HttpRequest.BodyPublishers.ofByteArray(read.body())); // a search: reads, writes nothing
            }
            for (Map.Entry<String, String> h : read.headers()) {
                request.header(h.getKey(), h.getValue());
            }
            if (asDefaultTenant) {
                request.header(tenantHeader, defaultTenant); // as the /v2 route sends it
            }
            return client.sendAsync(request.build(), BoundedBodySubscriber.handler(settings.maxBodyBytes(),
                    "answer body over " + settings.maxBodyBytes() + " bytes (rollout.shadow.maxBodyBytes)"))
                    .thenApply(r -> new ShadowComparison.Answer(r.statusCode(), r.body()));
        } catch (RuntimeException e) { // a header the JDK client refuses
            return CompletableFuture.failedFuture(e);
        }
    }

    private void report(ShadowRead read, List<String> differences, Throwable error) {
        ShadowResult result;
        if (error != null) {
            result = ShadowResult.ERROR;
            LOG.info("shadow comparison of {}/{} {} failed: {}", read.project(), read.environment(),
                    read.pathWithoutQuery(), reason(error));
        } else if (differences.isEmpty()) {
            result = ShadowResult.MATCH;
        } else {
            result = ShadowResult.MISMATCH;
            LOG.warn("shadow mismatch for {}/{} {}: legacy and tenant-aware (default tenant) answers differ at {}",
                    read.project(), read.environment(), read.pathWithoutQuery(), String.join(", ", differences));
        }
        observer.onShadowResult(result);
    }

    /** Why a comparison failed, without any text that could quote a URL or a body. */
    static String reason(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof TimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within rollout.shadow.timeout";
        }
        if (e instanceof BoundedBodySubscriber.TooLargeException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    /** An SSL context that trusts {@code cas} ({@code backend.tls.caFile}), or the JDK's default when empty. */
    public static SSLContext tls(List<X509Certificate> cas) throws GeneralSecurityException {
        if (cas.isEmpty()) {
            return SSLContext.getDefault();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e); // an empty store reads nothing
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
