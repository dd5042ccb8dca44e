package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event loop's buffers: handed out again once released, never to two users at once, by size, with a bound on
 * how many wait, and freed once the loop's data plane closes. On an executor whose every caller is "in the loop".
 */
class LoopBuffersTest {

    private final LoopBuffers buffers = new LoopBuffers(new PooledByteBufAllocator(true),
            ImmediateEventExecutor.INSTANCE);

    private static String text(ByteBuf buffer) {
        return buffer.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aReleasedBufferIsHandedOutAgainEmpty() {
        ByteBuf first = buffers.buffer(100);
        first.writeCharSequence("first request", StandardCharsets.US_ASCII);
        first.release();

        ByteBuf second = buffers.ioBuffer(100);

        assertThat(second).isSameAs(first);
        assertThat(second.refCnt()).isOne();
        assertThat(second.readableBytes()).isZero();
        assertThat(second.isDirect()).isTrue();
        assertThat(second.capacity()).isEqualTo(LoopBuffers.SMALLEST);
        second.release();
    }

    @Test
    void aBufferInUseIsNotHandedOutAgain() {
        ByteBuf read = buffers.buffer(100);
        read.writeCharSequence("read from the client", StandardCharsets.US_ASCII);

        ByteBuf head = buffers.buffer(100);
        head.writeCharSequence("head to the backend", StandardCharsets.US_ASCII);

        assertThat(head).isNotSameAs(read);
        assertThat(text(read)).isEqualTo("read from the client");
        read.release();
        head.release();
    }

    @Test
    void aBufferComesBackWhenTheLastSliceOfItIsReleased() {
        ByteBuf read = buffers.buffer(100);
        read.writeCharSequence("a body part", StandardCharsets.US_ASCII);
        ByteBuf part = read.retainedSlice(2, 4);
        read.release();

        assertThat(buffers.buffer(100)).as("still read through its slice").isNotSameAs(read);
        assertThat(text(part)).isEqualTo("body");
        part.release();
        assertThat(buffers.buffer(100)).isSameAs(read);
    }

    @Test
    void eachSizeHasItsOwnBuffers() {
        ByteBuf large = buffers.buffer(3000);
        assertThat(large.capacity()).isEqualTo(4096);
        large.release();

        ByteBuf small = buffers.buffer(100);
        assertThat(small).isNotSameAs(large);
        assertThat(small.capacity()).isEqualTo(LoopBuffers.SMALLEST);
        assertThat(buffers.buffer(4096)).isSameAs(large);
    }

    @Test
    void aBufferThatGrewComesBackAsTheSizeItHolds() {
        ByteBuf grown = buffers.buffer(100);
        grown.writeBytes(new byte[5000]);
        int capacity = grown.capacity();
        grown.release();

        assertThat(capacity).isEqualTo(8192);
        assertThat(buffers.buffer(100)).isNotSameAs(grown);
        assertThat(buffers.buffer(8192)).isSameAs(grown);
    }

    @Test
    void aBufferThatGrewPastTheLargestIsFreed() {
        ByteBuf grown = buffers.buffer(100);
        grown.writeBytes(new byte[100_000]);
        grown.release();

        assertThat(grown.refCnt()).isZero();
        assertThat(buffers.buffer(LoopBuffers.LARGEST)).isNotSameAs(grown);
    }

    @ParameterizedTest
    @ValueSource(ints = {LoopBuffers.SMALLEST, LoopBuffers.LARGEST})
    void releasedBuffersBeyondWhatASizeKeepsAreFreed(int size) {
        int kept = (size == LoopBuffers.LARGEST ? LoopBuffers.FREE_BYTES_OF_LARGEST : LoopBuffers.FREE_BYTES_PER_SIZE)
                / size;
        List<ByteBuf> inUse = new ArrayList<>();
        for (int i = 0; i < kept + 3; i++) {
            inUse.add(buffers.buffer(size));
        }

        inUse.forEach(ByteBuf::release);

        assertThat(inUse.subList(0, kept)).allSatisfy(b -> assertThat(b.refCnt()).isOne());
        assertThat(inUse.subList(kept, kept + 3)).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void largeOrBoundedBuffersAndOtherThreadsGetThePoolsOwn() {
        ByteBuf large = buffers.buffer(LoopBuffers.LARGEST + 1);
        large.release();
        assertThat(large.refCnt()).isZero();
        ByteBuf bounded = buffers.buffer(100, 100);
        bounded.release();
        assertThat(bounded.refCnt()).isZero();

        DefaultEventLoop elsewhere = new DefaultEventLoop();
        try {
            LoopBuffers notThisThreads = new LoopBuffers(new PooledByteBufAllocator(true), elsewhere);
            ByteBuf fromOutside = notThisThreads.buffer(100);
            fromOutside.release();
            assertThat(fromOutside.refCnt()).isZero();
        } finally {
            elsewhere.shutdownGracefully();
        }
    }

    @Test
    void onceReleasedItFreesTheWaitingBuffersAndThoseInUseWhenTheirUsersAreDone() {
        ByteBuf waiting = buffers.buffer(100);
        waiting.release();
        ByteBuf inUse = buffers.buffer(3000);

        buffers.release();

        assertThat(waiting.refCnt()).isZero();
        assertThat(inUse.refCnt()).isOne();
        inUse.release();
        assertThat(inUse.refCnt()).isZero();
        ByteBuf afterwards = buffers.buffer(100);
        afterwards.release();
        assertThat(afterwards.refCnt()).as("the pool's").isZero();
    }
}
