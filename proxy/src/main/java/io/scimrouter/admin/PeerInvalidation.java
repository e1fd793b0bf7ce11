package io.scimrouter.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * Passes a cache invalidation on to the other replicas ({@code scope=cluster}): resolves their addresses, leaves this
 * router out, and calls the same endpoint on each peer's admin listener, in parallel, with the admin token, the whole
 * bounded by a timeout. Resolving and the calls run on this class's own threads and the JDK's HTTP client, never on
 * an event loop; the answer says per peer what happened.
 */
public final class PeerInvalidation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerInvalidation.class);

    /** Where the peers are: the addresses of their admin listeners, looked up on every call (pods come and go). */
    @FunctionalInterface
    public interface Peers {
        List<InetSocketAddress> addresses() throws IOException;

        /**
         * Every address {@code dns} resolves to ({@link InetAddress#getAllByName}), on the admin port
         * {@code port} (replicas share their configuration, so their admin port is this router's).
         */
        static Peers dns(String dns, IntSupplier port) {
            return () -> Arrays.stream(InetAddress.getAllByName(dns))
                    .map(address -> new InetSocketAddress(address, port.getAsInt())).toList();
        }
    }

    /**
     * What one peer answered.
     *
     * @param address the peer's admin address, {@code ip:port}
     * @param status  the HTTP status it answered, or -1 when it did not
     * @param error   why it did not (connect refused, timed out, ...), or null
     */
    public record PeerResult(String address, int status, String error) {
    }

    /** The fan-out's result: one entry per peer, or why the peers could not be found. */
    public record Result(List<PeerResult> peers, String error) {
    }

    private final Peers peers;
    private final Duration timeout;
    private final String token; // nullable: peers then accept loopback callers only, so the calls get 403
    private final IntSupplier ownPort;
    private final ExecutorService blocking;
    private final HttpClient client;

    /**
     * @param peers   where the peers are
     * @param timeout bound on finding them and on the calls together
     * @param token   the admin token sent as {@code Authorization: Bearer}, or null
     * @param ownPort this router's admin port: an address of this host on it is this router, left out
     */
    public PeerInvalidation(Peers peers, Duration timeout, String token, IntSupplier ownPort) {
        this.peers = peers;
        this.timeout = timeout;
        this.token = token;
        this.ownPort = ownPort;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "admin-peers");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.blocking = executor;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .executor(executor).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Calls {@code pathAndQuery} (an admin path without {@code scope}) with POST on every peer; completes within the
     * timeout, a peer that has not answered by then is reported as timed out.
     */
    public CompletableFuture<Result> invalidate(String pathAndQuery) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return CompletableFuture.supplyAsync(this::others, blocking)
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS) // each call is bounded by what is left
                .thenCompose(others -> callAll(others, pathAndQuery, deadline))
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause()
                            : error;
                    String why = cause instanceof TimeoutException ? "not resolved within " + timeout.toMillis()
                            + " ms" : describe(cause);
                    LOG.warn("Admin: the peers were not found: {}", why);
                    return new Result(List.of(), "the peers were not found: " + why);
                });
    }

    private List<InetSocketAddress> others() {
        try {
            return peers.addresses().stream().filter(address -> !isSelf(address)).distinct().toList();
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private boolean isSelf(InetSocketAddress address) {
        if (address.getPort() != ownPort.getAsInt() || address.getAddress() == null) {
            return false;
        }
        InetAddress ip = address.getAddress();
        try {
            return ip.isLoopbackAddress() || ip.isAnyLocalAddress() || NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private CompletableFuture<Result> callAll(List<InetSocketAddress> others, String pathAndQuery, long deadline) {
        List<CompletableFuture<PeerResult>> calls = new ArrayList<>();
        for (InetSocketAddress peer : others) {
            calls.add(call(peer, pathAndQuery, Math.max(1, deadline - System.nanoTime())));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> new Result(calls.stream().map(CompletableFuture::join).toList(), null));
    }

    private CompletableFuture<PeerResult> call(InetSocketAddress peer, String pathAndQuery, long nanosLeft) {
        String address = text(peer);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + pathAndQuery))
                .timeout(Duration.ofNanos(nanosLeft))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new PeerResult(address, response.statusCode(), null))
                .completeOnTimeout(new PeerResult(address, -1, "timed out after " + timeout.toMillis() + " ms"),
                        nanosLeft, TimeUnit.NANOSECONDS)
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause()
                            : error;
                    LOG.warn("Admin: peer {} not invalidated: {}", address, describe(cause));
                    return new PeerResult(address, -1, describe(cause));
                });
    }

    private static String text(InetSocketAddress peer) {
        InetAddress ip = peer.getAddress();
        if (ip == null) {
            return peer.getHostString() + ":" + peer.getPort();
        }
        String host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return host + ":" + peer.getPort();
    }

    private static String describe(Throwable error) {
        String kind = error instanceof UnknownHostException ? "unknown host" : error.getClass().getSimpleName();
        return error.getMessage() == null || error.getMessage().isBlank() ? kind : kind + ": " + error.getMessage();
    }

    @Override
    public void close() {
        blocking.shutdownNow();
    }
}
