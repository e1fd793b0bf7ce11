package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BodyQueueTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final BodyQueue queue = new BodyQueue();

    private static HttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private String drain() {
        StringBuilder out = new StringBuilder();
        HttpContent c;
        while ((c = queue.poll()) != null) {
            out.append(c.content().toString(StandardCharsets.ISO_8859_1));
            c.release();
        }
        return out.toString();
    }

    @Test
    void theFirstChunks_areQueuedAsTheDecoderMadeThem() {
        List<HttpContent> added = new ArrayList<>();
        for (int i = 0; i < BodyQueue.KEPT_AS_DECODED; i++) {
            HttpContent c = chunk("x" + i);
            added.add(c);
            queue.add(c, alloc);
        }

        assertThat(queue).containsExactlyElementsOf(added);
        assertThat(queue.bytes()).isEqualTo(16);
        assertThat(drain()).isEqualTo("x0x1x2x3x4x5x6x7");
    }

    @Test
    void manySmallChunks_areCopiedIntoFewBuffers_andTheOriginalsReleased() {
        StringBuilder expected = new StringBuilder();
        List<HttpContent> originals = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String piece = String.valueOf((char) ('a' + i % 26));
            expected.append(piece);
            HttpContent c = chunk(piece);
            originals.add(c);
            queue.add(c, alloc);
        }

        assertThat(queue.size()).isLessThanOrEqualTo(BodyQueue.KEPT_AS_DECODED + 1);
        assertThat(queue.bytes()).isEqualTo(1000);
        assertThat(originals.subList(BodyQueue.KEPT_AS_DECODED, 1000)).allMatch(c -> c.refCnt() == 0);
        assertThat(drain()).isEqualTo(expected.toString());
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void largeChunksAndTheLastChunk_areNeverCopied_andKeepTheirOrder() {
        for (int i = 0; i < BodyQueue.KEPT_AS_DECODED; i++) {
            queue.add(chunk("s"), alloc);
        }
        queue.add(chunk("t"), alloc);
        HttpContent large = chunk("L".repeat(BodyQueue.SMALL));
        queue.add(large, alloc);
        queue.add(chunk("u"), alloc);
        DefaultLastHttpContent last = new DefaultLastHttpContent(Unpooled.copiedBuffer("z", StandardCharsets.UTF_8));
        queue.add(last, alloc);

        assertThat(queue).contains(large, last);
        assertThat(drain()).isEqualTo("s".repeat(BodyQueue.KEPT_AS_DECODED) + "t" + "L".repeat(BodyQueue.SMALL)
                + "uz");
    }

    @Test
    void aSealedChunk_isNeverAppendedTo() {
        for (int i = 0; i < BodyQueue.KEPT_AS_DECODED + 1; i++) {
            queue.add(chunk("a"), alloc);
        }
        HttpContent inFlight = null;
        for (HttpContent c : queue) {
            inFlight = c;
        }
        ByteBuf written = inFlight.content();
        int before = written.readableBytes();

        queue.seal();
        queue.add(chunk("b"), alloc);

        assertThat(written.readableBytes()).isEqualTo(before);
        assertThat(drain()).isEqualTo("a".repeat(BodyQueue.KEPT_AS_DECODED + 1) + "b");
    }

    @Test
    void releaseAll_releasesEverything() {
        List<HttpContent> kept = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpContent c = chunk("q");
            kept.add(c);
            queue.add(c, alloc);
        }
        List<HttpContent> queued = new ArrayList<>();
        queue.forEach(queued::add);

        queue.releaseAll();

        assertThat(queued).allMatch(c -> c.refCnt() == 0);
        assertThat(kept).allMatch(c -> c.refCnt() == 0);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.bytes()).isZero();
    }
}
