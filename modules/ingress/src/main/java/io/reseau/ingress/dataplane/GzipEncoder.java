package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The body of one response compressed into the gzip format (RFC 1952) by a zlib compressor of the event loop's
 * ({@link Deflaters}); a flush is zlib's sync flush.
 */
final class GzipEncoder extends BodyEncoder {

    /** The gzip header nginx writes: deflate, no name, no time, Unix. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 3};
    private static final int TRAILER = 8;

    private final Deflaters deflaters;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private boolean headerWritten;

    GzipEncoder(Deflaters deflaters) {
        this.deflaters = deflaters;
        this.deflater = deflaters.take();
    }

    @Override
    protected void compress(ByteBuf input, ByteBuf out) {
        writeHeaderOnce(out);
        ByteBuffer bytes = input.nioBuffer();
        crc.update(bytes.duplicate());
        deflater.setInput(bytes);
        deflate(out, Deflater.NO_FLUSH, false);
    }

    @Override
    protected void finish(ByteBuf out) {
        writeHeaderOnce(out);
        deflater.finish();
        deflate(out, Deflater.NO_FLUSH, true);
        out.writeIntLE((int) crc.getValue());
        out.writeIntLE((int) deflater.getBytesRead());
    }

    @Override
    protected void flushInto(ByteBuf out) {
        deflate(out, Deflater.SYNC_FLUSH, false);
    }

    /** The compressor goes back to its loop. */
    @Override
    void close() {
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
    private void deflate(ByteBuf out, int mode, boolean end) {
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
