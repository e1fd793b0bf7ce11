package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.ZlibWrapper;

import java.util.List;

/**
 * A gzip decoder that knows when the stream is whole: {@link #isClosed()} turns true once the member's trailer (CRC
 * and size) checked out. Bytes after it (a second member, garbage) are refused rather than skipped, as Netty's decoder
 * does, so that nothing is dropped without a word. The factory's decoder reads concatenated members and so never says
 * whether the stream ended where it should.
 */
final class StrictGunzip extends JdkZlibDecoder {
    StrictGunzip() {
        super(ZlibWrapper.GZIP, false, 0);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (isClosed() && in.isReadable()) {
            throw new DecompressionException("bytes after the end of the gzip stream");
        }
        super.decode(ctx, in, out);
    }
}
