package io.scimrouter.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.tls.ServerTls;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client-facing pipeline, in order: TLS (when on), idle timer, request-head timer, HTTP/1.1 codec with explicit
 * limits, the proxy handler.
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    public static final String TLS = "tls";
    public static final String IDLE = "client-idle";
    public static final String HEAD_TIMER = "request-head-timer";
    public static final String CODEC = "http-codec";
    public static final String PROXY = "proxy-frontend";
    static final int MAX_CHUNK_SIZE = 16 * 1024;

    private final AtomicReference<ProxyContext> proxy;
    private final ServerTls tls; // null: plain HTTP

    public ServerInitializer(ProxyContext proxy) {
        this(new AtomicReference<>(proxy), null);
    }

    /**
     * @param proxy the context in force, replaced whole by a configuration reload; read once per request head
     * @param tls   the listener's TLS, or null for plain HTTP
     */
    public ServerInitializer(AtomicReference<ProxyContext> proxy, ServerTls tls) {
        this.proxy = proxy;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            // the certificate in use now; a reload later changes only the connections opened after it
            ch.pipeline().addLast(TLS, tls.newHandler(ch.alloc()));
        }
        addHandlers(ch.pipeline(), proxy);
    }

    /** The client-facing handlers, in order, on any channel's pipeline (tests use an EmbeddedChannel). */
    static void addHandlers(ChannelPipeline p, ProxyContext proxy) {
        addHandlers(p, new AtomicReference<>(proxy));
    }

    private static void addHandlers(ChannelPipeline p, AtomicReference<ProxyContext> live) {
        // server.* is read once at start (a reload refuses to change it): any context's is the one in force
        RouterConfig.Server server = live.get().config().server();
        long idleMillis = server.clientIdleTimeout().toMillis();
        // writer-idle too: reads alone must not keep a connection that takes no answer
        p.addLast(IDLE, new IdleStateHandler(0, idleMillis, idleMillis, TimeUnit.MILLISECONDS));
        RequestHeadTimer headTimer = new RequestHeadTimer(server.requestHeadTimeout());
        p.addLast(HEAD_TIMER, headTimer);
        p.addLast(CODEC, new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(server.maxInitialLineLength())
                .setMaxHeaderSize(server.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setUseRfc9112TransferEncoding(true)
                .setStrictLineParsing(true)));
        p.addLast(PROXY, new ProxyFrontendHandler(live, headTimer));
    }
}
