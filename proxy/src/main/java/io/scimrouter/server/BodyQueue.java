package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Request body chunks held until the head is written: the decoder's own chunks, queued as they came, which costs no
 * copy. Only a body that arrives in many small pieces is copied: from the {@value #KEPT_AS_DECODED}th chunk on, one
 * under {@value #SMALL} bytes is appended to a buffer of the queue's own. A decoded chunk is a slice that keeps its
 * whole read buffer alive, so without this a client sending a byte per packet would pin a buffer per byte, many times
 * what the body counts for. The usual body (a few chunks) is never copied.
 */
final class BodyQueue implements Iterable<HttpContent> {
    static final int KEPT_AS_DECODED = 8;
    static final int SMALL = 4096;
    private static final int COPY_BUFFER = 16 * 1024;

    private final ArrayDeque<HttpContent> chunks = new ArrayDeque<>(2);
    private long bytes;
    /** The last chunk's buffer, our own, while small chunks may still be appended to it. */
    private ByteBuf open;

    /** Queues {@code content}, taking ownership. */
    void add(HttpContent content, ByteBufAllocator alloc) {
        ByteBuf data = content.content();
        int n = data.readableBytes();
        bytes += n;
        if (chunks.size() < KEPT_AS_DECODED || n >= SMALL || content instanceof LastHttpContent) {
            open = null;
            chunks.add(content);
            return;
        }
        if (open == null || open.writableBytes() < n) {
            open = alloc.buffer(COPY_BUFFER, COPY_BUFFER);
            chunks.add(new DefaultHttpContent(open));
        }
        open.writeBytes(data);
        content.release();
    }

    /**
     * What is queued now is being written: nothing more may be appended to it (a retained chunk in flight must not
     * change). Chunks queued from now on start afresh.
     */
    void seal() {
        open = null;
    }

    HttpContent poll() {
        HttpContent c = chunks.poll();
        if (chunks.isEmpty()) {
            // also after a write consumed a polled chunk's bytes: an empty queue holds nothing
            bytes = 0;
            open = null;
        } else if (c != null) {
            bytes -= c.content().readableBytes();
        }
        return c;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    int size() {
        return chunks.size();
    }

    /** Body bytes queued. */
    long bytes() {
        return bytes;
    }

    /** Releases every queued chunk. */
    void releaseAll() {
        HttpContent c;
        while ((c = poll()) != null) {
            c.release();
        }
    }

    @Override
    public Iterator<HttpContent> iterator() {
        return chunks.iterator();
    }
}
