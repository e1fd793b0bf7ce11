package io.scimrouter.archfixture.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;

/** Fixture for LayeringRulesTest: a rewriter that uses buffers (allowed) and a pipeline (not allowed). */
public final class RewriterThatTouchesThePipeline {
    void rewrite(ByteBuf chunk, ChannelPipeline pipeline) {
        pipeline.fireChannelRead(chunk);
    }
}
