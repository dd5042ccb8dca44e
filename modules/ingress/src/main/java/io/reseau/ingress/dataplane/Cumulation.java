package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The bytes a connection read but could not decode yet (a head or a chunk line cut by the end of a read), owned
 * here: each read is added, the decoder reads from {@link #bytes()}, and the buffer is released once all of it is
 * consumed. As Netty's {@code ByteToMessageDecoder} keeps them, for the handlers that decode without being one.
 */
final class Cumulation {

    private ByteBuf bytes;

    /** Adds what was just read (given up by the caller); returns everything not consumed yet. */
    ByteBuf add(ByteBufAllocator alloc, ByteBuf read) {
        bytes = bytes == null ? read : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, bytes, read);
        return bytes;
    }

    /** What is held, or null. */
    ByteBuf bytes() {
        return bytes;
    }

    /** Releases the buffer if the decoder consumed all of it. */
    void releaseIfConsumed() {
        if (bytes != null && !bytes.isReadable()) {
            release();
        }
    }

    /** Hands what is held over to the caller (null if nothing), keeping nothing. */
    ByteBuf take() {
        ByteBuf rest = bytes;
        bytes = null;
        return rest;
    }

    void release() {
        if (bytes != null) {
            bytes.release();
            bytes = null;
        }
    }
}
