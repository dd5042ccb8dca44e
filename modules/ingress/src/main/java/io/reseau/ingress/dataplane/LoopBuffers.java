package io.reseau.ingress.dataplane;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;

/**
 * The allocator of one event loop's connections: direct buffers that come back to it when released, to be handed
 * out again. A request's buffers (what is read from the client and from the backend, the heads and HTTP/2 frames
 * written to each) live only while the loop handles an event or two, so the next request takes the same memory, as
 * nginx reuses a connection's buffers. A buffer whose count drops to zero on the loop goes onto its size's free
 * list (2 KiB to 64 KiB, doubling) instead of being freed; taking one is popping that list. Netty's pool, which
 * stays behind for everything else (larger or bounded buffers, other threads), takes each buffer from a thread
 * cache and gives it back through two recyclers and two queues: that was a sixth of the data plane's own CPU time
 * with small responses, more over HTTP/2, whose every frame is a buffer. The buffers handed out here are not
 * sampled by Netty's leak detector (the data plane runs with it off; the tests check what comes back).
 */
final class LoopBuffers extends AbstractByteBufAllocator {

    /** The smallest size kept, a usual read (Netty reads 2 KiB first), head or frame. */
    static final int SMALLEST = 2048;
    /** The largest size kept, Netty's largest read; larger requests go to the pool. */
    static final int LARGEST = 64 * 1024;
    private static final int SMALLEST_BITS = Integer.numberOfTrailingZeros(SMALLEST);
    private static final int SIZES = sizeHeldBy(LARGEST) + 1;
    /**
     * At most so many bytes of each size but the largest wait on its free list; beyond that, released buffers are
     * freed. 512 of the smallest: an HTTP/2 response holds two until its connection is flushed (its HEADERS and its
     * DATA frame's header), and 128 streams ending together, with the reads, took more than the 256 kept before, so
     * that buffers were freed and allocated again under load.
     */
    static final int FREE_BYTES_PER_SIZE = 1024 * 1024;
    /**
     * The same for the largest size, the reads of large responses: over HTTP/2 a connection's reads wait for its
     * flush, and 128 streams of 64 KiB responses (8 connections of 16) kept some 8 MiB of them in use. With 1 MiB
     * kept, most were freed and allocated again, the JDK zeroing each: a fifth of the event loop's time, and 25 %
     * more user time per response.
     */
    static final int FREE_BYTES_OF_LARGEST = 8 * 1024 * 1024;

    private final ByteBufAllocator pool;
    private final EventExecutor loop;
    /** For each size, smallest first: a stack of free buffers, and how many it holds. */
    private final ByteBuf[][] free = new ByteBuf[SIZES][];
    private final int[] freeCount = new int[SIZES];
    private boolean closed;

    LoopBuffers(ByteBufAllocator pool, EventExecutor loop) {
        super(true);
        this.pool = pool;
        this.loop = loop;
        for (int size = 0; size < SIZES; size++) {
            int kept = size == SIZES - 1 ? FREE_BYTES_OF_LARGEST : FREE_BYTES_PER_SIZE;
            free[size] = new ByteBuf[kept / (SMALLEST << size)];
        }
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        if (initialCapacity > LARGEST || maxCapacity != Integer.MAX_VALUE || closed || !loop.inEventLoop()) {
            return pool.directBuffer(initialCapacity, maxCapacity);
        }
        int size = sizeHolding(initialCapacity);
        int count = freeCount[size];
        if (count == 0) {
            return new ReturningBuffer(this, SMALLEST << size);
        }
        freeCount[size] = --count;
        ByteBuf buffer = free[size][count];
        free[size][count] = null;
        return buffer;
    }

    /**
     * Takes back a buffer its last user released, on the loop and while its size's list has room: it is then to be
     * handed out again rather than freed.
     */
    private boolean takeBack(ByteBuf buffer) {
        int capacity = buffer.capacity();
        if (closed || capacity < SMALLEST || capacity > LARGEST || !loop.inEventLoop()) {
            return false;
        }
        // One that grew (a long head cumulated) goes to the largest size it holds.
        int size = sizeHeldBy(capacity);
        int count = freeCount[size];
        if (count == free[size].length) {
            return false;
        }
        free[size][count] = buffer;
        freeCount[size] = count + 1;
        return true;
    }

    /** The smallest size (an index, 0 for {@link #SMALLEST}) whose buffers hold {@code capacity} bytes. */
    private static int sizeHolding(int capacity) {
        return capacity <= SMALLEST ? 0 : Integer.SIZE - Integer.numberOfLeadingZeros(capacity - 1) - SMALLEST_BITS;
    }

    /** The largest size (an index) that a buffer of {@code capacity} bytes, at least {@link #SMALLEST}, holds. */
    private static int sizeHeldBy(int capacity) {
        return Integer.SIZE - 1 - Integer.numberOfLeadingZeros(capacity) - SMALLEST_BITS;
    }

    /** Frees the buffers on the free lists; those in use are freed when their users release them. */
    void release() {
        closed = true;
        for (int size = 0; size < SIZES; size++) {
            for (int i = 0; i < freeCount[size]; i++) {
                ((ReturningBuffer) free[size][i]).free();
                free[size][i] = null;
            }
            freeCount[size] = 0;
        }
    }

    /**
     * A direct buffer that, when its count drops to zero, goes back to its {@link LoopBuffers} with a count of one,
     * empty, unless that one cannot take it; then its memory is freed. Its memory comes from the C heap without a
     * cleaner, as Netty's own unpooled direct buffers', when the platform allows.
     */
    private static final class ReturningBuffer extends UnpooledUnsafeDirectByteBuf {

        private final LoopBuffers owner;

        ReturningBuffer(LoopBuffers owner, int capacity) {
            super(owner, capacity, Integer.MAX_VALUE);
            this.owner = owner;
        }

        @Override
        protected ByteBuffer allocateDirect(int initialCapacity) {
            return PlatformDependent.useDirectBufferNoCleaner()
                    ? PlatformDependent.allocateDirectNoCleaner(initialCapacity)
                    : super.allocateDirect(initialCapacity);
        }

        @Override
        protected void freeDirect(ByteBuffer buffer) {
            if (PlatformDependent.useDirectBufferNoCleaner()) {
                PlatformDependent.freeDirectNoCleaner(buffer);
            } else {
                super.freeDirect(buffer);
            }
        }

        @Override
        protected void deallocate() {
            resetRefCnt();
            clear();
            if (!owner.takeBack(this)) {
                free();
            }
        }

        void free() {
            setRefCnt(0);
            super.deallocate();
        }
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return pool.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }
}
