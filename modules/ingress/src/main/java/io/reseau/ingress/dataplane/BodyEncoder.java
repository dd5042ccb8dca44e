package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The compressor of one response's body ({@link Compression}), part by part: what a part's compression yields goes
 * out with it, and {@link #flush} empties the compressor whenever the backend's bytes read so far have been handed
 * on, so that a streamed response is never held back. Each coding says how it compresses, ends and flushes.
 */
abstract class BodyEncoder {

    /** Room made in the output before each call of a compressor. */
    static final int MIN_ROOM = 256;

    /** Bytes given to the compressor since its output was last flushed. */
    private boolean unflushed;

    /** Compresses all of {@code input} into {@code out} (which grows as needed). */
    protected abstract void compress(ByteBuf input, ByteBuf out);

    /** Ends the compressed stream into {@code out}. */
    protected abstract void finish(ByteBuf out);

    /** Writes into {@code out} all the compressor holds of what it was given. */
    protected abstract void flushInto(ByteBuf out);

    /** The response is over (or abandoned): the compressor's memory is given back. */
    abstract void close();

    /** The compressed form of a body part, released here; the last part ends the stream and keeps its trailers. */
    final HttpContent encode(HttpContent part, ByteBufAllocator alloc) {
        ByteBuf input = part.content();
        ByteBuf out = alloc.buffer(Math.max(MIN_ROOM, input.readableBytes() / 2));
        try {
            if (input.isReadable()) {
                compress(input, out);
                unflushed = true;
            }
            if (part instanceof LastHttpContent last) {
                finish(out);
                unflushed = false;
                return new DefaultLastHttpContent(out, last.trailingHeaders());
            }
            return new DefaultHttpContent(out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            part.release();
        }
    }

    /** What the compressor holds of the parts given so far, as a body part (empty when it holds nothing). */
    final HttpContent flush(ByteBufAllocator alloc) {
        if (!unflushed) {
            return new DefaultHttpContent(Unpooled.EMPTY_BUFFER);
        }
        ByteBuf out = alloc.buffer(MIN_ROOM);
        flushInto(out);
        unflushed = false;
        return new DefaultHttpContent(out);
    }
}
