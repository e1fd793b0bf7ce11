package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that hands out another's buffers and keeps a list of them, so that a test can check that every buffer a
 * rewriter allocated was released, also the ones it never returned (a failed call's partial output).
 */
final class RecordingAllocator implements ByteBufAllocator {
    private final ByteBufAllocator delegate;
    private final List<ByteBuf> allocated = new ArrayList<>();

    RecordingAllocator(ByteBufAllocator delegate) {
        this.delegate = delegate;
    }

    /** Every buffer allocated since the last call (the list is handed over and starts again empty). */
    List<ByteBuf> takeAllocated() {
        List<ByteBuf> taken = new ArrayList<>(allocated);
        allocated.clear();
        return taken;
    }

    private <T extends ByteBuf> T record(T buf) {
        allocated.add(buf);
        return buf;
    }

    @Override
    public ByteBuf buffer() {
        return record(delegate.buffer());
    }

    @Override
    public ByteBuf buffer(int initialCapacity) {
        return record(delegate.buffer(initialCapacity));
    }

    @Override
    public ByteBuf buffer(int initialCapacity, int maxCapacity) {
        return record(delegate.buffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf ioBuffer() {
        return record(delegate.ioBuffer());
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity) {
        return record(delegate.ioBuffer(initialCapacity));
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
        return record(delegate.ioBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf heapBuffer() {
        return record(delegate.heapBuffer());
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity) {
        return record(delegate.heapBuffer(initialCapacity));
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
        return record(delegate.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf directBuffer() {
        return record(delegate.directBuffer());
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity) {
        return record(delegate.directBuffer(initialCapacity));
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
        return record(delegate.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public CompositeByteBuf compositeBuffer() {
        return record(delegate.compositeBuffer());
    }

    @Override
    public CompositeByteBuf compositeBuffer(int maxNumComponents) {
        return record(delegate.compositeBuffer(maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer() {
        return record(delegate.compositeHeapBuffer());
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return record(delegate.compositeHeapBuffer(maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer() {
        return record(delegate.compositeDirectBuffer());
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return record(delegate.compositeDirectBuffer(maxNumComponents));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return delegate.isDirectBufferPooled();
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
        return delegate.calculateNewCapacity(minNewCapacity, maxCapacity);
    }
}
