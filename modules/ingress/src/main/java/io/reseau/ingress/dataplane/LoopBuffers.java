package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.concurrent.EventExecutor;

/**
 * The allocator of one event loop's connections: a few direct buffers handed out again and again. A request's
 * buffers (what is read from the client and from the backend, the heads written to each) live only while the loop
 * handles one event, so the next one can take the same memory, as nginx reuses a connection's buffers. Each kept
 * buffer holds a reference of its own: once its user released it, its count is back to one, and it is cleared and
 * handed out again. That costs a count check and a retain, where Netty's pool (which stays behind for everything
 * else) takes a buffer from its thread cache and gives it back, through two recyclers and two queues each time;
 * that was a sixth of the data plane's own CPU time with small responses. The interface is implemented whole
 * rather than through Netty's {@code AbstractByteBufAllocator}, whose leak detector would wrap a sample of the
 * buffers handed out and, since a kept buffer's count never reaches zero, report each of them as leaked.
 */
final class LoopBuffers implements ByteBufAllocator {

    /** Buffers kept: a request and its backend connection hold at most two at once (a read and a head written). */
    static final int KEPT = 4;
    /** The least capacity kept, a usual read (Netty reads 2 KiB first) or head. */
    private static final int MIN_CAPACITY = 2048;
    /** Larger requests go to the pool: a kept buffer is never larger than Netty's largest read. */
    private static final int MAX_CAPACITY = 64 * 1024;

    /**
     * When all are in use, one of them is replaced by a new buffer once in so many times: a buffer its user keeps
     * for long (the start of a request that does not come) stops being kept, and is given back when released.
     */
    static final int REPLACE_AFTER_MISSES = 64;

    private final ByteBufAllocator pool;
    private final EventExecutor loop;
    private final ByteBuf[] kept = new ByteBuf[KEPT];
    private int missed;
    /** The kept buffer replaced next. */
    private int victim;

    LoopBuffers(ByteBufAllocator pool, EventExecutor loop) {
        this.pool = pool;
        this.loop = loop;
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
        if (initialCapacity > MAX_CAPACITY || maxCapacity != Integer.MAX_VALUE || !loop.inEventLoop()) {
            return pool.directBuffer(initialCapacity, maxCapacity);
        }
        int free = -1;
        for (int i = 0; i < KEPT; i++) {
            ByteBuf buffer = kept[i];
            if (buffer == null) {
                free = i;
            } else if (buffer.refCnt() == 1) {
                // One that grew past the largest kept (a long head cumulated) is replaced rather than kept.
                if (buffer.capacity() >= initialCapacity && buffer.capacity() <= MAX_CAPACITY) {
                    return buffer.clear().retain();
                }
                free = i;
            }
        }
        if (free < 0 && ++missed % REPLACE_AFTER_MISSES != 0) {
            // All in use, as when HTTP/2 writes the frames of many streams before one flush: the pool serves.
            return pool.directBuffer(initialCapacity, maxCapacity);
        }
        int replaced = free >= 0 ? free : nextVictim();
        if (kept[replaced] != null) {
            // Whoever still uses it releases it to the pool.
            kept[replaced].release();
        }
        kept[replaced] = pool.directBuffer(Math.max(MIN_CAPACITY, initialCapacity));
        return kept[replaced].retain();
    }

    private int nextVictim() {
        int replaced = victim;
        victim = (victim + 1) % KEPT;
        return replaced;
    }

    /** Gives the kept buffers back to the pool; those still in use go back when their users release them. */
    void release() {
        for (int i = 0; i < KEPT; i++) {
            if (kept[i] != null) {
                kept[i].release();
                kept[i] = null;
            }
        }
    }

    @Override
    public ByteBuf directBuffer() {
        return directBuffer(256);
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity) {
        return directBuffer(initialCapacity, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf buffer() {
        return directBuffer();
    }

    @Override
    public ByteBuf buffer(int initialCapacity) {
        return directBuffer(initialCapacity);
    }

    @Override
    public ByteBuf buffer(int initialCapacity, int maxCapacity) {
        return directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public ByteBuf ioBuffer() {
        return directBuffer();
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity) {
        return directBuffer(initialCapacity);
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
        return directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public ByteBuf heapBuffer() {
        return pool.heapBuffer();
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity) {
        return pool.heapBuffer(initialCapacity);
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
        return pool.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public CompositeByteBuf compositeBuffer() {
        return pool.compositeDirectBuffer();
    }

    @Override
    public CompositeByteBuf compositeBuffer(int maxNumComponents) {
        return pool.compositeDirectBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer() {
        return pool.compositeHeapBuffer();
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return pool.compositeHeapBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer() {
        return pool.compositeDirectBuffer();
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return pool.compositeDirectBuffer(maxNumComponents);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
        return pool.calculateNewCapacity(minNewCapacity, maxCapacity);
    }
}
