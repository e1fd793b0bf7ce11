package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.scimrouter.rewrite.JsonUrlRewriter;

/**
 * One body through the URL rewriter, optionally inflated before (a backend that answered gzip anyway) and deflated
 * after (a client that accepts gzip, with rewrite.compressResponses). Each step streams; nothing holds the body. A
 * gzip stream that is corrupt, or ends before its trailer, throws {@link CorruptBodyException}: inflated as far as it
 * went it would look like a whole, shorter body.
 */
final class BodyTransform {
    private final ByteBufAllocator alloc;
    private final JsonUrlRewriter rewriter;
    private final StrictGunzip gunzip;
    private final EmbeddedChannel inflater;
    private final EmbeddedChannel deflater;
    private boolean malformedReported;
    private boolean compressedBytesSeen;

    BodyTransform(ByteBufAllocator alloc, JsonUrlRewriter rewriter, boolean inflate, boolean deflate) {
        this.alloc = alloc;
        this.rewriter = rewriter;
        this.gunzip = inflate ? new StrictGunzip() : null;
        this.inflater = inflate ? new EmbeddedChannel(gunzip) : null;
        this.deflater = deflate ? new EmbeddedChannel(ZlibCodecFactory.newZlibEncoder(ZlibWrapper.GZIP)) : null;
    }

    /** Takes ownership of {@code in}; returns what can be sent now (the caller releases it). */
    ByteBuf apply(ByteBuf in) {
        ByteBuf plain = inflater == null ? rewriter.feed(in, alloc) : rewriteAll(inflate(in));
        return deflater == null ? plain : deflate(plain, false);
    }

    /** The rest of the body after the last chunk. */
    ByteBuf finish() {
        if (inflater != null) {
            // an empty body labelled gzip is taken as empty, as clients do; a started stream must reach its end
            boolean whole = gunzip.isClosed() || !compressedBytesSeen;
            try {
                inflater.finishAndReleaseAll();
            } catch (DecoderException e) {
                throw new CorruptBodyException("the gzip stream is corrupt: " + e.getMessage());
            }
            if (!whole) {
                throw new CorruptBodyException("the gzip stream ended before its trailer");
            }
        }
        ByteBuf tail = rewriter.finish(alloc);
        return deflater == null ? tail : deflate(tail, true);
    }

    /** True once, the first time the body turned out not to be JSON: the caller logs and counts it once. */
    boolean newlyMalformed() {
        if (!malformedReported && rewriter.malformed()) {
            malformedReported = true;
            return true;
        }
        return false;
    }

    long rewrittenCount() {
        return rewriter.rewrittenCount();
    }

    /** Drops everything held, after a failure or when the exchange is abandoned. */
    void discard() {
        if (inflater != null) {
            dropAll(inflater);
        }
        if (deflater != null) {
            dropAll(deflater);
        }
    }

    /**
     * Closes a codec channel and releases what it holds. A failure it recorded (a corrupt stream, already turned
     * into the exchange's failure) is dropped with the body: thrown from here it would stop the exchange's ending
     * half-way, before the client is answered.
     */
    private static void dropAll(EmbeddedChannel codec) {
        try {
            codec.finishAndReleaseAll();
        } catch (DecoderException e) {
            // the body is being dropped; what its decoder thought of it no longer matters
        }
    }

    private CompositeByteBuf inflate(ByteBuf in) {
        compressedBytesSeen |= in.isReadable();
        try {
            inflater.writeInbound(in);
        } catch (DecoderException e) {
            throw new CorruptBodyException("the gzip stream is corrupt: " + e.getMessage());
        }
        return drain(inflater, true);
    }

    private ByteBuf rewriteAll(CompositeByteBuf inflated) {
        if (inflated.numComponents() == 0) {
            inflated.release();
            return alloc.buffer(0);
        }
        ByteBuf result = rewriter.feed(inflated, alloc);
        return result;
    }

    private ByteBuf deflate(ByteBuf plain, boolean last) {
        if (plain.isReadable()) {
            deflater.writeOutbound(plain);
        } else {
            plain.release();
        }
        if (last) {
            deflater.finish();
        } else {
            deflater.flushOutbound();
        }
        return drain(deflater, false);
    }

    private CompositeByteBuf drain(EmbeddedChannel channel, boolean inbound) {
        CompositeByteBuf out = alloc.compositeBuffer();
        ByteBuf b;
        while ((b = inbound ? channel.readInbound() : channel.readOutbound()) != null) {
            if (b.isReadable()) {
                out.addComponent(true, b);
            } else {
                b.release();
            }
        }
        return out;
    }
}
