package io.reseau.ingress.dataplane;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.aayushatharva.brotli4j.encoder.EncoderJNI;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The body of one response compressed into the brotli format (RFC 7932) by Google's encoder through brotli4j; a
 * flush is the encoder's. Its window is nginx's brotli module's default, 512 KiB (the encoder's own, 4 MiB, would be
 * held by every response compressed at once).
 */
final class BrotliEncoder extends BodyEncoder {

    /** log2 of the window: 512 KiB. */
    private static final int WINDOW_BITS = 19;
    /** The encoder's input buffer, into which each part is copied a piece at a time. */
    private static final int INPUT = 16 * 1024;

    private final EncoderJNI.Wrapper encoder;

    BrotliEncoder(int quality) {
        try {
            encoder = new EncoderJNI.Wrapper(INPUT, quality, WINDOW_BITS, Encoder.Mode.GENERIC);
        } catch (IOException e) {
            throw new UncheckedIOException("the brotli encoder could not be made", e);
        }
    }

    /** Loads the encoder's native library, or says why it cannot be (at start, when brotli is asked for). */
    static void ensureAvailable() {
        if (!Brotli4jLoader.isAvailable()) {
            throw new IllegalStateException("enable-brotli: the brotli library did not load on this platform: "
                    + Brotli4jLoader.getUnavailabilityCause());
        }
    }

    @Override
    protected void compress(ByteBuf input, ByteBuf out) {
        while (input.isReadable()) {
            ByteBuffer room = encoder.getInputBuffer();
            room.clear();
            int length = Math.min(room.remaining(), input.readableBytes());
            input.readBytes(room.limit(length));
            run(EncoderJNI.Operation.PROCESS, length, out);
        }
    }

    @Override
    protected void finish(ByteBuf out) {
        run(EncoderJNI.Operation.FINISH, 0, out);
    }

    @Override
    protected void flushInto(ByteBuf out) {
        run(EncoderJNI.Operation.FLUSH, 0, out);
    }

    @Override
    void close() {
        encoder.destroy();
    }

    /**
     * Gives the encoder {@code length} bytes of its input buffer with {@code operation}, and writes out all it makes
     * until it has taken them (and, for a flush or the finish, written all it holds).
     */
    private void run(EncoderJNI.Operation operation, int length, ByteBuf out) {
        encoder.push(operation, length);
        while (true) {
            if (!encoder.isSuccess()) {
                throw new IllegalStateException("the brotli encoder failed");
            }
            if (encoder.hasMoreOutput()) {
                out.writeBytes(encoder.pull());
            } else if (encoder.hasRemainingInput()) {
                encoder.push(operation, 0);
            } else {
                return;
            }
        }
    }
}
