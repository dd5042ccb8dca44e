package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An event loop's kept buffers: handed out again once released, never to two users at once, and given back to
 * the pool whenever they stop being kept. On an executor whose every caller is "in the loop".
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
        assertThat(second.readableBytes()).isZero();
        assertThat(second.isDirect()).isTrue();
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
    void whenAllAreInUseThePoolServesAndNowAndThenOneKeptIsReplaced() {
        List<ByteBuf> kept = allocate(LoopBuffers.KEPT);
        List<ByteBuf> fromThePool = allocate(LoopBuffers.REPLACE_AFTER_MISSES - 1);

        // A kept buffer also counts the allocator's reference; the pool's are the user's alone.
        assertThat(kept).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(2));
        assertThat(fromThePool).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));

        ByteBuf replacing = buffers.buffer(100);

        assertThat(replacing.refCnt()).isEqualTo(2);
        List<ByteBuf> noLongerKept = kept.stream().filter(b -> b.refCnt() == 1).toList();
        assertThat(noLongerKept).hasSize(1);
        noLongerKept.getFirst().release();
        assertThat(noLongerKept.getFirst().refCnt()).isZero();
        Set<ByteBuf> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(kept);
        distinct.add(replacing);
        assertThat(distinct).hasSize(LoopBuffers.KEPT + 1);
        kept.stream().filter(b -> b.refCnt() > 0).forEach(ByteBuf::release);
        fromThePool.forEach(ByteBuf::release);
        replacing.release();
    }

    private List<ByteBuf> allocate(int count) {
        List<ByteBuf> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(buffers.buffer(100));
        }
        return held;
    }

    @Test
    void aBufferThatGrewPastTheLargestKeptIsGivenBackInsteadOfHandedOutAgain() {
        ByteBuf grown = buffers.buffer(100);
        grown.writeBytes(new byte[100_000]);
        grown.release();

        assertThat(grown.capacity()).isGreaterThan(100_000);

        ByteBuf next = buffers.buffer(100);

        // The pool recycles its buffer objects, so the same object may come back, but not with that memory.
        assertThat(next.capacity()).isEqualTo(2048);
        next.release();
    }

    @Test
    void largeBuffersAndOtherThreadsGetThePoolsOwn() {
        ByteBuf large = buffers.buffer(128 * 1024);
        assertThat(large.refCnt()).isEqualTo(1);
        large.release();
        assertThat(large.refCnt()).isZero();

        DefaultEventLoop elsewhere = new DefaultEventLoop();
        try {
            LoopBuffers notThisThreads = new LoopBuffers(new PooledByteBufAllocator(true), elsewhere);
            ByteBuf fromOutside = notThisThreads.buffer(100);
            assertThat(fromOutside.refCnt()).isEqualTo(1);
            fromOutside.release();
            assertThat(fromOutside.refCnt()).isZero();
        } finally {
            elsewhere.shutdownGracefully();
        }
    }

    @Test
    void releasingTheKeptBuffersGivesBackThoseNotInUseAndLeavesTheOthersToTheirUsers() {
        ByteBuf done = buffers.buffer(100);
        done.release();
        ByteBuf inUse = buffers.buffer(100);
        ByteBuf alsoInUse = buffers.buffer(100);

        buffers.release();

        assertThat(inUse).isSameAs(done);
        assertThat(alsoInUse.refCnt()).isEqualTo(1);
        alsoInUse.release();
        inUse.release();
        assertThat(inUse.refCnt()).isZero();
        assertThat(alsoInUse.refCnt()).isZero();
    }
}
