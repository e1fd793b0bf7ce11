package io.scimrouter.demo;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * HTTP/1.1 with keep-alive for the demo service. Aggregating whole requests is fine here: the demo service is
 * off the proxy path and its bodies are bounded by {@link #MAX_BODY_BYTES}.
 */
final class DemoServerInitializer extends ChannelInitializer<SocketChannel> {

    static final int MAX_BODY_BYTES = (int) DemoScimEndpoints.MAX_PAYLOAD_BYTES;
    static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final DemoScimApi api;

    DemoServerInitializer(DemoScimApi api) {
        this.api = api;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http-codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)));
        pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
        pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES));
        pipeline.addLast("scim", new DemoHttpHandler(api));
    }
}
