package io.scimrouter.bench.stub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A ListResponse of generated users, rendered chunk by chunk as the socket takes it, so a 50 MB answer never exists
 * whole in memory. All users of one list have the same length (fixed-width numbers), so the size is known up front.
 */
final class StreamedUserList implements ChunkedInput<ByteBuf> {
    static final int CHUNK_BYTES = 64 * 1024;

    private final String baseUrl;
    private final long total;
    private final long startIndex;
    private final String head;
    private final long length;
    private final StringBuilder scratch = new StringBuilder(1536);
    private long nextIndex;
    private boolean headWritten;
    private boolean tailWritten;
    private long progress;

    private StreamedUserList(String baseUrl, long total, long startIndex) {
        this.baseUrl = baseUrl;
        this.total = total;
        this.startIndex = startIndex;
        this.head = ScimDocuments.listHead(total, startIndex);
        long userBytes = userLength(baseUrl, startIndex);
        this.length = head.length() + total * userBytes + Math.max(0, total - 1) + ScimDocuments.listTail().length();
    }

    /** A list of exactly {@code count} users. */
    static StreamedUserList ofCount(String baseUrl, long count, long startIndex) {
        return new StreamedUserList(baseUrl, Math.max(0, count), startIndex);
    }

    /** A list whose JSON text is about {@code bytes} long (within one user's length). */
    static StreamedUserList ofBytes(String baseUrl, long bytes) {
        long userBytes = userLength(baseUrl, 1);
        long overhead = ScimDocuments.listHead(bytes / userBytes, 1).length() + ScimDocuments.listTail().length();
        long users = Math.max(1, Math.round((double) (bytes - overhead + 1) / (userBytes + 1)));
        return new StreamedUserList(baseUrl, users, 1);
    }

    private static long userLength(String baseUrl, long number) {
        StringBuilder sb = ScimDocuments.appendUser(new StringBuilder(1536), baseUrl, ScimDocuments.userId(number),
                number);
        return ByteBufUtil.utf8Bytes(sb);
    }

    @Override
    public boolean isEndOfInput() {
        return tailWritten;
    }

    @Override
    public void close() {
        // nothing to release: the list is generated, not read from anywhere
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (tailWritten) {
            return null;
        }
        ByteBuf chunk = allocator.buffer(CHUNK_BYTES + 2048);
        if (!headWritten) {
            ByteBufUtil.writeUtf8(chunk, head);
            headWritten = true;
        }
        long end = startIndex + total;
        while (chunk.readableBytes() < CHUNK_BYTES && nextIndexAbsolute() < end) {
            long number = nextIndexAbsolute();
            if (nextIndex > 0) {
                chunk.writeByte(',');
            }
            scratch.setLength(0);
            ScimDocuments.appendUser(scratch, baseUrl, ScimDocuments.userId(number), number);
            ByteBufUtil.writeUtf8(chunk, scratch);
            nextIndex++;
        }
        if (nextIndexAbsolute() >= end) {
            ByteBufUtil.writeUtf8(chunk, ScimDocuments.listTail());
            tailWritten = true;
        }
        progress += chunk.readableBytes();
        return chunk;
    }

    private long nextIndexAbsolute() {
        return startIndex + nextIndex;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }
}
