package io.scimrouter.tenant;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Tenants.Http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The tenant directory as an HTTP service: {@code GET <tenants.http.url>} with the placeholders percent-encoded.
 * 200 = exists (optional JSON {@code tenantKey}, {@code upstream}), 404 = unknown; with forwardCallerAuthorization
 * 401/403 reject the caller; anything else, or no answer within the timeout, is a failure. Runs on the JDK client
 * with its own small thread pool, never on a Netty event loop.
 */
public final class HttpTenantDirectory implements TenantDirectory {
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final UrlTemplate url;
    private final Duration timeout;
    private final String configuredAuthorization; // "Bearer <secret>" or null; never logged
    private final boolean forwardCallerAuthorization;
    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * @param environment looks up environment variables (System::getenv in production, a map in tests)
     * @throws ConfigException when the template is unusable or the named credential variable is not set
     */
    public HttpTenantDirectory(Http config, UnaryOperator<String> environment) {
        Objects.requireNonNull(config, "config");
        try {
            this.url = new UrlTemplate(config.url());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tenants.http.url", e.getMessage());
        }
        this.timeout = Objects.requireNonNull(config.timeout(), "tenants.http.timeout");
        this.forwardCallerAuthorization = config.forwardCallerAuthorization();
        this.configuredAuthorization = credential(config.credentialEnv(), environment);
        this.executor = Executors.newFixedThreadPool(2, daemonThreads());
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static String credential(String variable, UnaryOperator<String> environment) {
        if (variable == null || variable.isBlank()) {
            return null;
        }
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new ConfigException("tenants.http.credentialEnv", "environment variable " + variable + " is not set");
        }
        return "Bearer " + value.strip();
    }

    @Override
    public CompletableFuture<DirectoryAnswer> lookup(TenantQuery query) {
        URI target = url.expand(query.project(), query.environment(), query.tenant());
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        String authorization = forwardCallerAuthorization ? query.authorization() : configuredAuthorization;
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.sendAsync(request.build(), BoundedBodySubscriber.handler(MAX_ANSWER_BYTES,
                            "directory answer larger than " + MAX_ANSWER_BYTES + " bytes"))
                    // the request timeout ends at the response head; this bounds a slow body as well
                    .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                    .handle((response, failure) -> answer(query, target, response, failure));
        } catch (RuntimeException e) { // e.g. the client's executor is shut down
            return CompletableFuture.failedFuture(new DirectoryException("directory request not sent", e));
        }
    }

    private DirectoryAnswer answer(TenantQuery query, URI target, HttpResponse<byte[]> response, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            throw new DirectoryException("directory " + redacted(target) + " did not answer: " + cause, cause);
        }
        int status = response.statusCode();
        return switch (status) {
            case 200 -> {
                try {
                    yield DirectoryResponseParser.parse(response.body(), query.tenant());
                } catch (IOException e) {
                    throw new DirectoryException("directory " + redacted(target) + ": " + e.getMessage(), e);
                }
            }
            case 404 -> new DirectoryAnswer.NotFound();
            case 401, 403 -> {
                if (forwardCallerAuthorization) {
                    yield new DirectoryAnswer.Rejected(status);
                }
                throw new DirectoryException("directory " + redacted(target) + " refused the router's credential: "
                        + status);
            }
            default -> throw new DirectoryException("directory " + redacted(target) + " answered " + status);
        };
    }

    /** Scheme, host, port and path only: a template may carry user info or a query string with a key in it. */
    private static String redacted(URI target) {
        String port = target.getPort() == -1 ? "" : ":" + target.getPort();
        return target.getScheme() + "://" + target.getHost() + port + target.getRawPath();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "tenant-directory-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
