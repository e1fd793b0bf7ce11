package io.scimrouter.demo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an aggregated request into a {@link DemoRequest}, lets {@link DemoScimApi} answer it and writes the answer.
 * The SDK works on in-memory maps only, so calling it on the event loop does not block.
 */
final class DemoHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoHttpHandler.class);

    private final DemoScimApi api;

    DemoHttpHandler(DemoScimApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            write(ctx, DemoErrors.error(400, "Malformed HTTP request"), true);
            return;
        }
        DemoResponse response = api.handle(toDemoRequest(request));
        write(ctx, response, false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing demo SCIM connection after an error", cause);
        ctx.close();
    }

    private static DemoRequest toDemoRequest(FullHttpRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(header ->
                headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        return new DemoRequest(request.method().name(), request.uri(), headers,
                request.content().toString(StandardCharsets.UTF_8));
    }

    private static void write(ChannelHandlerContext ctx, DemoResponse response, boolean close) {
        ByteBuf body = Unpooled.copiedBuffer(response.body(), StandardCharsets.UTF_8);
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), body);
        response.headers().forEach((name, value) -> http.headers().set(name, value));
        // HttpServerKeepAliveHandler keeps the connection open only for responses with a known length;
        // a 204 has one by definition and must not carry Content-Length (RFC 9110 section 8.6)
        if (response.status() != HttpResponseStatus.NO_CONTENT.code()) {
            http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        if (close) {
            http.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(http);
        }
    }
}
