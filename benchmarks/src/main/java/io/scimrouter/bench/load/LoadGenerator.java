package io.scimrouter.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.scimrouter.bench.cli.TargetUnreachableException;
import io.scimrouter.net.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Plays a {@link Scenario} against a SCIM service and measures it.
 *
 * <p>Open loop ({@code rate > 0}): request i is due at {@code start + i / rate}, whatever happened to earlier ones.
 * A due request takes an idle connection or waits in a queue for one; its latency is measured from the time it was
 * due, not from when it got a connection, so a stalled server shows its full queueing delay (no coordinated
 * omission). Closed loop ({@code rate == 0}): each connection sends its next request as soon as the previous answer
 * is in; that gives the maximum requests/s, and latency is then measured from the send.
 *
 * <p>All state lives on one event loop thread, so nothing below needs a lock.
 */
public final class LoadGenerator {
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final long RECONNECT_DELAY_MILLIS = 100;

    /**
     * Told when the measured window opens (warm-up over) and closes (last measured answer in, or time ran out),
     * on the generator's event loop thread; implementations must be quick.
     */
    public interface MeasurementWindow {
        MeasurementWindow NONE = new MeasurementWindow() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        void opened();

        void closed();
    }

    /** What the progress line shows, once a second. */
    public record Progress(double elapsedSeconds, boolean warmingUp, long answered, double intervalRps,
            double p99SoFarMillis, long errors, int waiting) {
    }

    /** How many failed requests a report lists, first come first listed. */
    static final int FAILURES_LISTED = 10;

    private final LoadOptions options;
    private final Fixtures fixtures;
    private final Transport transport = Transport.best();
    private final SslContext tls;

    public LoadGenerator(LoadOptions options) {
        this(options, Fixtures.synthetic());
    }

    public LoadGenerator(LoadOptions options, Fixtures fixtures) {
        this.options = options;
        this.fixtures = fixtures;
        this.tls = options.https() ? clientTls(options.insecure()) : null;
    }

    private static SslContext clientTls(boolean insecure) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (insecure) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                builder.endpointIdentificationAlgorithm("HTTPS");
            }
            return builder.build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("no TLS client in this JVM: " + e.getMessage(), e);
        }
    }

    /** Runs to completion (bounded by warm-up + duration + timeout) and reports; progress comes once a second. */
    public LoadReport run(Consumer<Progress> progress) throws InterruptedException {
        return run(progress, MeasurementWindow.NONE);
    }

    /** As {@link #run(Consumer)}, telling {@code window} when measuring starts and ends. */
    public LoadReport run(Consumer<Progress> progress, MeasurementWindow window) throws InterruptedException {
        EventLoopGroup group = transport.newGroup(1, "load");
        try {
            Run run = new Run(group.next(), window);
            run.loop.execute(run::connectAll);
            long hardDeadline = System.nanoTime() + options.warmup().toNanos() + options.duration().toNanos()
                    + 2 * options.timeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try {
                    return run.done.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() > hardDeadline) {
                        run.loop.execute(() -> run.finish(true));
                    } else {
                        progress.accept(snapshot(run));
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TargetUnreachableException unreachable) {
                        throw unreachable;
                    }
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static Progress snapshot(Run run) throws InterruptedException {
        try {
            return run.loop.submit(run::progress).get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new Progress(0, true, 0, 0, 0, 0, 0);
        }
    }

    /** One run's state; every method runs on {@link #loop}. */
    private final class Run {
        final EventLoop loop;
        final MeasurementWindow window;
        final CompletableFuture<LoadReport> done = new CompletableFuture<>();
        final Bootstrap bootstrap;
        final List<Connection> all = new ArrayList<>();
        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);
        final Map<String, Long> errors = new TreeMap<>();
        final List<String> firstFailures = new ArrayList<>();
        final double intervalNanos = options.openLoop() ? 1e9 / options.rate() : 0;
        int connectAttempts;
        Throwable lastConnectFailure;
        long startNanos;
        long measureStartNanos;
        long endNanos;
        long nextSequence;
        boolean started;
        boolean issuingDone;
        boolean finished;
        int inFlight;
        long issued;
        long answered;
        long ok;
        long bodyBytes;
        long lastAnswerNanos;
        long progressAnswered;
        long progressNanos;

        Run(EventLoop loop, MeasurementWindow window) {
            this.loop = loop;
            this.window = window;
            this.bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(transport.clientChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            options.timeout().toMillis()))
                    .remoteAddress(options.baseUrl().getHost(), options.port())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), options.baseUrl().getHost(),
                                        options.port()));
                            }
                            ch.pipeline().addLast("http", new HttpClientCodec())
                                    .addLast("exchange", new Connection());
                        }
                    });
        }

        /** Opens every connection before the clock starts, so connection set-up is not measured. */
        void connectAll() {
            for (int i = 0; i < options.connections(); i++) {
                connect(this::connected);
            }
        }

        /**
         * Opens one connection and tells {@code ready} the channel, or null and why not. A TLS connection counts
         * once its handshake is done: a refused certificate is a connection error, not a run of failed requests.
         */
        void connect(BiConsumer<Channel, Throwable> ready) {
            bootstrap.connect().addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    ready.accept(null, f.cause());
                } else if (tls == null) {
                    ready.accept(f.channel(), null);
                } else {
                    f.channel().pipeline().get(SslHandler.class).handshakeFuture().addListener(h ->
                            ready.accept(h.isSuccess() ? f.channel() : null, h.cause()));
                }
            });
        }

        void connected(Channel channel, Throwable cause) {
            connectAttempts++;
            if (channel != null) {
                Connection c = channel.pipeline().get(Connection.class);
                all.add(c);
                idle.add(c);
            } else if (lastConnectFailure == null) {
                lastConnectFailure = cause;
            }
            if (connectAttempts == options.connections()) {
                if (all.isEmpty()) {
                    done.completeExceptionally(new TargetUnreachableException(unreachable(lastConnectFailure)));
                } else {
                    begin();
                }
            }
        }

        String unreachable(Throwable cause) {
            String target = options.baseUrl().getRawAuthority();
            Throwable root = cause;
            while (root != null && root.getCause() != null) {
                root = root.getCause();
            }
            if (cause instanceof javax.net.ssl.SSLException || root instanceof javax.net.ssl.SSLException
                    || root instanceof java.security.cert.CertificateException) {
                return "TLS handshake with " + target + " failed: " + (root == null ? "" : root.getMessage())
                        + " (--insecure accepts test certificates)";
            }
            if (root instanceof java.net.ConnectException) {
                return "cannot connect to " + target + ": connection refused";
            }
            return "cannot connect to " + target + ": " + (root == null ? "unknown error" : root.getMessage());
        }

        void begin() {
            started = true;
            startNanos = System.nanoTime();
            measureStartNanos = startNanos + options.warmup().toNanos();
            endNanos = measureStartNanos + options.duration().toNanos();
            progressNanos = measureStartNanos;
            loop.schedule(() -> finish(true), endNanos - startNanos + options.timeout().toNanos(),
                    TimeUnit.NANOSECONDS);
            if (options.warmup().isZero()) {
                window.opened();
            } else {
                loop.schedule(window::opened, options.warmup().toNanos(), TimeUnit.NANOSECONDS);
            }
            if (options.openLoop()) {
                tick();
            } else {
                for (Connection c : new ArrayList<>(idle)) {
                    idle.remove(c);
                    nextForClosedLoop(c, startNanos);
                }
            }
        }

        /** Issues every request that is due by now, then sleeps until the next one is. */
        void tick() {
            long now = System.nanoTime();
            while (!issuingDone && !finished) {
                long due = startNanos + (long) (nextSequence * intervalNanos);
                if (due >= endNanos || nextSequence >= options.maxRequests()) {
                    issuingDone = true;
                    break;
                }
                if (due > now) {
                    loop.schedule(this::tick, due - now, TimeUnit.NANOSECONDS);
                    return;
                }
                Pending p = new Pending(nextSequence++, due);
                countIssued(p);
                Connection c = idle.pollFirst();
                if (c != null) {
                    c.send(p);
                } else {
                    waiting.addLast(p);
                }
            }
            finishWhenDrained();
        }

        void nextForClosedLoop(Connection c, long now) {
            if (!issuingDone && now < endNanos && nextSequence < options.maxRequests()) {
                Pending p = new Pending(nextSequence++, now);
                countIssued(p);
                c.send(p);
            } else {
                issuingDone = true;
                idle.addLast(c);
            }
        }

        /** A connection is free: it takes the oldest waiting request (open loop) or issues the next one. */
        void release(Connection c, long now) {
            if (finished) {
                return;
            }
            if (options.openLoop()) {
                Pending p = waiting.pollFirst();
                if (p != null) {
                    c.send(p);
                } else {
                    idle.addLast(c);
                }
            } else {
                nextForClosedLoop(c, now);
            }
            finishWhenDrained();
        }

        void countIssued(Pending p) {
            if (p.dueNanos >= measureStartNanos) {
                issued++;
            }
        }

        void noteFailure(Pending p, String what) {
            if (firstFailures.size() < FAILURES_LISTED && p.dueNanos >= measureStartNanos) {
                firstFailures.add(what + " " + p.request.method() + " " + p.uri);
            }
        }

        void recordAnswer(Pending p, int status, long bytes, long now) {
            if (p.dueNanos < measureStartNanos) {
                return;
            }
            answered++;
            bodyBytes += bytes;
            lastAnswerNanos = now;
            latencyMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - p.dueNanos) / 1000)));
            if (status >= 200 && status < 400) {
                ok++;
            } else {
                errors.merge(Integer.toString(status), 1L, Long::sum);
                noteFailure(p, Integer.toString(status));
            }
        }

        void recordFailure(Pending p, String kind) {
            if (p.dueNanos >= measureStartNanos) {
                errors.merge(kind, 1L, Long::sum);
                noteFailure(p, kind);
            }
        }

        void connectionLost(Connection c) {
            idle.remove(c);
            // a connection that never became ready (refused handshake) is counted by whoever opened it
            if (!all.remove(c) || finished) {
                return;
            }
            if (!issuingDone || !waiting.isEmpty()) {
                reconnect();
            }
            finishWhenDrained();
        }

        void reconnect() {
            connect((channel, cause) -> {
                if (finished) {
                    if (channel != null) {
                        channel.close();
                    }
                } else if (channel != null) {
                    Connection c = channel.pipeline().get(Connection.class);
                    all.add(c);
                    release(c, System.nanoTime());
                } else {
                    errors.merge("connect", 1L, Long::sum);
                    loop.schedule(() -> {
                        if (!finished) {
                            reconnect();
                        }
                    }, RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
                }
            });
        }

        void finishWhenDrained() {
            if (started && issuingDone && waiting.isEmpty() && inFlight == 0) {
                finish(false);
            }
        }

        /** Ends the run; forced when time ran out with requests still waiting or in flight. */
        void finish(boolean forced) {
            if (finished) {
                return;
            }
            finished = true;
            issuingDone = true;
            for (Pending p : waiting) {
                recordFailure(p, "not-sent");
            }
            waiting.clear();
            for (Connection c : new ArrayList<>(all)) {
                c.abandon();
            }
            if (!started) {
                done.completeExceptionally(new TargetUnreachableException("timed out connecting to "
                        + options.baseUrl().getRawAuthority()));
                return;
            }
            window.closed();
            done.complete(report(forced));
        }

        LoadReport report(boolean forced) {
            long end = answered > 0 ? lastAnswerNanos : Math.min(System.nanoTime(), endNanos);
            double elapsed = Math.max(1e-9, (end - measureStartNanos) / 1e9);
            return new LoadReport(options.scenario().cliName(), options.baseUrl().toString(),
                    options.openLoop() ? "open" : "closed", options.rate(), options.connections(), elapsed, issued,
                    answered, ok, Map.copyOf(new TreeMap<>(errors)), answered / elapsed,
                    bodyBytes / elapsed / 1e6, LoadReport.Latency.of(latencyMicros),
                    LoadReport.curveOf(latencyMicros), List.copyOf(firstFailures));
        }

        Progress progress() {
            long now = System.nanoTime();
            boolean warmingUp = !started || now < measureStartNanos;
            double interval = Math.max(1e-9, (now - progressNanos) / 1e9);
            double rps = warmingUp ? 0 : (answered - progressAnswered) / interval;
            progressAnswered = answered;
            progressNanos = now;
            long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
            double p99 = latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(99) / 1000.0;
            double elapsed = started ? (now - measureStartNanos) / 1e9 : 0;
            return new Progress(elapsed, warmingUp, answered, rps, p99, errorCount, waiting.size());
        }

        /** One keep-alive connection carrying one request at a time. */
        final class Connection extends SimpleChannelInboundHandler<HttpObject> {
            private Channel channel;
            private Pending current;
            private ScheduledFuture<?> timeoutTask;
            private int status;
            private long bytes;
            private boolean keepAlive;

            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                channel = ctx.channel();
            }

            void send(Pending p) {
                current = p;
                status = 0;
                bytes = 0;
                inFlight++;
                ScimRequest r = p.request;
                ByteBuf body = r.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
                FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, r.method(), p.uri, body);
                HttpHeaders h = request.headers();
                h.set(HttpHeaderNames.HOST, options.hostHeader());
                h.set(HttpHeaderNames.ACCEPT, "application/scim+json");
                if (options.token() != null) {
                    h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + options.token());
                }
                if (r.body() != null) {
                    h.set(HttpHeaderNames.CONTENT_TYPE, "application/scim+json");
                }
                HttpUtil.setContentLength(request, body.readableBytes());
                timeoutTask = loop.schedule(this::timedOut, options.timeout().toNanos(), TimeUnit.NANOSECONDS);
                channel.writeAndFlush(request, channel.voidPromise());
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                if (current == null) {
                    return;
                }
                if (msg instanceof HttpResponse response) {
                    status = response.status().code();
                    keepAlive = HttpUtil.isKeepAlive(response);
                }
                if (msg instanceof HttpContent content) {
                    bytes += content.content().readableBytes();
                }
                if (msg instanceof LastHttpContent) {
                    long now = System.nanoTime();
                    Pending p = current;
                    clearCurrent();
                    recordAnswer(p, status, bytes, now);
                    if (keepAlive) {
                        release(this, now);
                    } else {
                        channel.close();
                    }
                }
            }

            private void clearCurrent() {
                current = null;
                inFlight--;
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                    timeoutTask = null;
                }
            }

            private void timedOut() {
                if (current != null) {
                    Pending p = current;
                    clearCurrent();
                    recordFailure(p, "timeout");
                    channel.close();
                }
            }

            /** At the end: an unanswered request counts as a timeout, and the connection closes. */
            void abandon() {
                timedOut();
                channel.close();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (current != null) {
                    Pending p = current;
                    clearCurrent();
                    recordFailure(p, "connection-closed");
                }
                connectionLost(this);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        }
    }

    /** A request by sequence number, the time it was due, and what it sends. */
    private final class Pending {
        final long sequence;
        final long dueNanos;
        final ScimRequest request;
        final String uri;

        Pending(long sequence, long dueNanos) {
            this.sequence = sequence;
            this.dueNanos = dueNanos;
            this.request = options.scenario().request(sequence, fixtures, options.tenantIndex(sequence));
            this.uri = options.basePathFor(sequence) + request.pathAndQuery();
        }
    }
}
