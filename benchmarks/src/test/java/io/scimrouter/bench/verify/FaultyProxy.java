package io.scimrouter.bench.verify;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 proxy for tests that breaks on purpose: in front of the router it plays a router that
 * rewrites badly, behind it a router that sets the tenant header badly. Messages are held whole (they are small)
 * and handed to a {@link Fault} as plain values; Host is forwarded as the client sent it, so absolute URLs in
 * answers stay in the client's terms.
 */
final class FaultyProxy implements AutoCloseable {
    /** A request or answer as the fault sees it; headers are Netty's, body a copy. */
    static final class Message {
        String method;
        String uri;
        int status;
        final HttpHeaders headers;
        byte[] body;

        Message(String method, String uri, int status, HttpHeaders headers, byte[] body) {
            this.method = method;
            this.uri = uri;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        void bodyText(String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
        }
    }

    interface Fault {
        /** Changes the request before it is forwarded. */
        default void request(Message request) {
        }

        /** Changes the answer before it goes back; {@code request} as forwarded. */
        default void response(Message request, Message response) {
        }

        /** True to close the client's connection instead of answering (after the request was forwarded). */
        default boolean dropAnswer(int requestNumber, Message request) {
            return false;
        }
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicInteger requests = new AtomicInteger();

    private FaultyProxy(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    static FaultyProxy start(URI target, Fault fault) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        FaultyProxy[] self = new FaultyProxy[1];
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8 << 20),
                                new Frontend(target, fault, self[0].requests));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        self[0] = new FaultyProxy(group, server);
        return self[0];
    }

    String origin() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Frontend extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final URI target;
        private final Fault fault;
        private final AtomicInteger requests;

        Frontend(URI target, Fault fault, AtomicInteger requests) {
            this.target = target;
            this.fault = fault;
            this.requests = requests;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest in) {
            int number = requests.incrementAndGet();
            boolean keepAlive = HttpUtil.isKeepAlive(in);
            Message request = new Message(in.method().name(), in.uri(), 0, in.headers().copy(),
                    ByteBufUtil.getBytes(in.content()));
            fault.request(request);
            new Bootstrap().group(ctx.channel().eventLoop()).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8 << 20),
                                    new Backend(ctx, request, number, keepAlive, fault));
                        }
                    })
                    .connect(target.getHost(), target.getPort())
                    .addListener((ChannelFuture f) -> {
                        if (!f.isSuccess()) {
                            ctx.close();
                            return;
                        }
                        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                                HttpMethod.valueOf(request.method), request.uri, Unpooled.wrappedBuffer(request.body));
                        out.headers().set(request.headers);
                        out.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                        out.headers().set(HttpHeaderNames.CONNECTION, "close");
                        HttpUtil.setContentLength(out, request.body.length);
                        f.channel().writeAndFlush(out);
                    });
        }
    }

    private static final class Backend extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final ChannelHandlerContext client;
        private final Message request;
        private final int number;
        private final boolean keepAlive;
        private final Fault fault;

        Backend(ChannelHandlerContext client, Message request, int number, boolean keepAlive, Fault fault) {
            this.client = client;
            this.request = request;
            this.number = number;
            this.keepAlive = keepAlive;
            this.fault = fault;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse in) {
            ctx.close();
            if (fault.dropAnswer(number, request)) {
                client.close();
                return;
            }
            Message response = new Message(request.method, request.uri, in.status().code(), in.headers().copy(),
                    ByteBufUtil.getBytes(in.content()));
            fault.response(request, response);
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status), Unpooled.wrappedBuffer(response.body));
            out.headers().set(response.headers);
            out.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            out.headers().remove(HttpHeaderNames.CONNECTION);
            if (response.status != 204) {
                HttpUtil.setContentLength(out, response.body.length);
            } else {
                out.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            }
            HttpUtil.setKeepAlive(out, keepAlive);
            ChannelFuture written = client.writeAndFlush(out);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            client.close();
        }
    }
}
