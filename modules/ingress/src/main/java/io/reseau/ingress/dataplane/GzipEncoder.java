package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The body of one response compressed into the gzip format (RFC 1952) part by part; {@link #flush} is zlib's sync
 * flush.
 */
final class GzipEncoder implements BodyEncoder {

    /** The gzip header nginx writes: deflate, no name, no time, Unix. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 3};
    private static final int TRAILER = 8;
    /** Room made in the output before each call of the compressor. */
    private static final int MIN_ROOM = 256;

    private final Deflaters deflaters;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private boolean headerWritten;
    /** Bytes given to the compressor since its output was last flushed. */
    private boolean unflushed;

    GzipEncoder(Deflaters deflaters) {
        this.deflaters = deflaters;
        this.deflater = deflaters.take();
    }

    @Override
    public HttpContent encode(HttpContent part, ByteBufAllocator alloc) {
        ByteBuf input = part.content();
        ByteBuf out = alloc.buffer(Math.max(MIN_ROOM, input.readableBytes() / 2));
        try {
            writeHeaderOnce(out);
            if (input.isReadable()) {
                ByteBuffer bytes = input.nioBuffer();
                crc.update(bytes.duplicate());
                deflater.setInput(bytes);
                compress(out, Deflater.NO_FLUSH, false);
                unflushed = true;
            }
            if (part instanceof LastHttpContent last) {
                deflater.finish();
                compress(out, Deflater.NO_FLUSH, true);
                out.writeIntLE((int) crc.getValue());
                out.writeIntLE((int) deflater.getBytesRead());
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

    @Override
    public HttpContent flush(ByteBufAllocator alloc) {
        if (!unflushed) {
            return new DefaultHttpContent(Unpooled.EMPTY_BUFFER);
        }
        ByteBuf out = alloc.buffer(MIN_ROOM);
        compress(out, Deflater.SYNC_FLUSH, false);
        unflushed = false;
        return new DefaultHttpContent(out);
    }

    /** The compressor goes back to its loop. */
    @Override
    public void close() {
        deflaters.give(deflater);
    }

    private void writeHeaderOnce(ByteBuf out) {
        if (!headerWritten) {
            out.writeBytes(HEADER);
            headerWritten = true;
        }
    }

    /**
     * Runs the compressor until it has taken all its input and, for a sync flush, written all it holds; or, at the
     * {@code end}, until the deflate stream is complete, leaving room for the trailer.
     */
    private void compress(ByteBuf out, int mode, boolean end) {
        while (true) {
            out.ensureWritable(MIN_ROOM);
            ByteBuffer room = out.nioBuffer(out.writerIndex(), out.writableBytes());
            int size = room.remaining();
            int written = deflater.deflate(room, mode);
            out.writerIndex(out.writerIndex() + written);
            if (end ? deflater.finished() : written < size && deflater.needsInput()) {
                out.ensureWritable(TRAILER);
                return;
            }
        }
    }
}
