package io.scimrouter.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Client-side HTTP/1.1 codec for backend connections. Like Netty's HttpClientCodec it pairs responses with request
 * methods (a HEAD answer has no body), but it writes the request target as the bytes the client sent: Netty decodes
 * the request line as ISO-8859-1, and its encoder would re-encode those characters as UTF-8.
 */
final class UpstreamCodec extends CombinedChannelDuplexHandler<UpstreamCodec.Decoder, UpstreamCodec.Encoder> {

    UpstreamCodec(HttpDecoderConfig config) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        init(new Decoder(config, methods), new Encoder(methods));
    }

    static final class Encoder extends HttpRequestEncoder {
        private final ArrayDeque<HttpMethod> methods;

        Encoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        protected void encode(io.netty.channel.ChannelHandlerContext ctx, Object msg, List<Object> out)
                throws Exception {
            if (msg instanceof HttpRequest request) {
                methods.add(request.method());
            }
            super.encode(ctx, msg, out);
        }

        @Override
        protected void encodeInitialLine(ByteBuf buf, HttpRequest request) {
            ByteBufUtil.copy(request.method().asciiName(), buf);
            buf.writeByte(' ');
            ByteBufUtil.writeAscii(buf, request.uri()); // one byte per char: ISO-8859-1, as decoded
            buf.writeByte(' ');
            buf.writeCharSequence(request.protocolVersion().text(), StandardCharsets.US_ASCII);
            buf.writeByte('\r').writeByte('\n');
        }
    }

    static final class Decoder extends HttpResponseDecoder {
        private final ArrayDeque<HttpMethod> methods;

        Decoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
            super(config);
            this.methods = methods;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            HttpResponse response = (HttpResponse) msg;
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(msg);
            }
            HttpMethod method = methods.poll();
            if (HttpMethod.HEAD.equals(method)) {
                return true;
            }
            return super.isContentAlwaysEmpty(msg);
        }
    }
}
