package io.scimrouter.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.scimrouter.net.Transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * A scriptable backend on a real loopback socket: records what it received (request line bytes, headers, body
 * digest) and answers through a {@link Responder}. Can stream generated bodies of any size, with backpressure.
 */
public final class TestBackend implements AutoCloseable {

    /** A request as the backend saw it. */
    public record Received(String method, byte[] rawTarget, HttpHeaders headers, long bodyBytes, String bodySha256,
                           byte[] bodyPrefix) {
        public String target() {
            return new String(rawTarget, StandardCharsets.ISO_8859_1);
        }

        public String body() {
            return new String(bodyPrefix, StandardCharsets.UTF_8);
        }
    }

    /** Writes the answer for one fully received request. */
    @FunctionalInterface
    public interface Responder {
        void respond(Received request, ChannelHandlerContext ctx);
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final boolean tls;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytesStreamed = new AtomicLong();
    private volatile Responder responder = ok("{}");

    public TestBackend() throws InterruptedException {
        this(null);
    }

    /** An https backend with {@code tls} (its certificate), or a plain one when null. */
    public TestBackend(SslContext tls) throws InterruptedException {
        this.tls = tls != null;
        Transport transport = Transport.nio();
        group = transport.newGroup(1, "test-backend");
        server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    public java.net.URI uri() {
        return java.net.URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port());
    }

    public TestBackend respond(Responder responder) {
        this.responder = responder;
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public int connectionsAccepted() {
        return connections.get();
    }

    /** Body bytes written by {@link #stream} answers so far (written to the socket, not necessarily read). */
    public long bytesStreamed() {
        return bytesStreamed.get();
    }

    /**
     * Waits until {@link #bytesStreamed} stops growing between two looks 200 ms apart (the reader stopped and the
     * backpressure reached this backend) and returns it; fails after 20 s.
     */
    public long awaitStreamingStalled() {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long now = bytesStreamed();
            return now == last.getAndSet(now);
        });
        return bytesStreamed();
    }

    public static Responder ok(String json) {
        return (req, ctx) -> ctx.writeAndFlush(json(200, json));
    }

    public static FullHttpResponse json(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/scim+json")
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }

    /** Sends the head and the first 100 bytes of 5000 at once, the rest after {@code delay}. */
    public static Responder halfNowRestAfter(Duration delay) {
        return (req, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/scim+json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, 5000);
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("x".repeat(100), StandardCharsets.UTF_8)));
            ctx.executor().schedule(() -> ctx.writeAndFlush(new DefaultLastHttpContent(
                    Unpooled.copiedBuffer("y".repeat(4900), StandardCharsets.UTF_8))), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        };
    }

    /**
     * Streams {@code total} bytes of a repeating pattern, chunked, writing only while the connection is writable:
     * a slow reader makes this backend wait, as a real one would.
     */
    public Responder stream(long total, String contentType) {
        return (req, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            new Streamer(ctx, total).pump();
        };
    }

    private static final byte[] PATTERN = new byte[64 * 1024 + 26];

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = patternByte(i);
        }
    }

    /** The byte at {@code position} of a {@link #stream} body. */
    public static byte patternByte(long position) {
        return (byte) ('a' + (position % 26));
    }

    private final class Streamer {
        private final ChannelHandlerContext ctx;
        private final long total;
        private long sent;

        Streamer(ChannelHandlerContext ctx, long total) {
            this.ctx = ctx;
            this.total = total;
        }

        void pump() {
            while (sent < total && ctx.channel().isWritable()) {
                int n = (int) Math.min(64 * 1024, total - sent);
                ByteBuf buf = ctx.alloc().buffer(n);
                buf.writeBytes(PATTERN, (int) (sent % 26), n); // one call: leak tracking records every access
                sent += n;
                bytesStreamed.addAndGet(n);
                ctx.write(new DefaultHttpContent(buf));
            }
            if (sent >= total) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            WhenWritable.resumeAfterFlush(ctx, this::pump);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private HttpRequest head;
        private MessageDigest digest;
        private long bodyBytes;
        private ByteArrayOutputStream prefix;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws NoSuchAlgorithmException {
            if (msg instanceof HttpRequest request) {
                head = request;
                digest = MessageDigest.getInstance("SHA-256");
                bodyBytes = 0;
                prefix = new ByteArrayOutputStream();
            }
            if (msg instanceof HttpContent content) {
                ByteBuf buf = content.content();
                byte[] bytes = ByteBufUtil.getBytes(buf);
                digest.update(bytes);
                bodyBytes += bytes.length;
                if (prefix.size() < 1024 * 1024) {
                    prefix.write(bytes, 0, Math.min(bytes.length, 1024 * 1024 - prefix.size()));
                }
                if (content instanceof LastHttpContent) {
                    Received r = new Received(head.method().name(),
                            head.uri().getBytes(StandardCharsets.ISO_8859_1), head.headers().copy(), bodyBytes,
                            HexFormat.of().formatHex(digest.digest()), prefix.toByteArray());
                    received.add(r);
                    responder.respond(r, ctx);
                }
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Closes the connection right after the request, without answering. */
    public static Responder hangUp() {
        return (req, ctx) -> ctx.close();
    }

    /** Answers and closes, announcing it. */
    public static Responder okAndClose(String json) {
        return (req, ctx) -> {
            FullHttpResponse r = json(200, json);
            HttpUtil.setKeepAlive(r, false);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        };
    }
}
