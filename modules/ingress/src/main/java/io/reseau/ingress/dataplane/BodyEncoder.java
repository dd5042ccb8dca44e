package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpContent;

/**
 * The compressor of one response's body ({@link Compression}), part by part: what a part's compression yields goes
 * out with it, and {@link #flush} empties the compressor whenever the backend's bytes read so far have been handed
 * on, so that a streamed response is never held back.
 */
interface BodyEncoder {

    /** The compressed form of a body part, released here; the last part ends the stream and keeps its trailers. */
    HttpContent encode(HttpContent part, ByteBufAllocator alloc);

    /** What the compressor holds of the parts given so far, as a body part (empty when it holds nothing). */
    HttpContent flush(ByteBufAllocator alloc);

    /** The response is over (or abandoned): the compressor's memory is given back. */
    void close();
}
