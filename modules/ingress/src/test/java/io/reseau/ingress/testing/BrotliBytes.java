package io.reseau.ingress.testing;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A brotli stream read back by Google's decoder, whole or as far as it has arrived. */
public final class BrotliBytes {

    private BrotliBytes() {
    }

    /** The bytes of a whole brotli stream; fails if it is cut short. */
    public static byte[] decode(byte[] brotli) throws IOException {
        return decode(brotli, true);
    }

    /** What a client decoding the stream as it arrives has from the bytes received so far. */
    public static byte[] decodedSoFar(byte[] received) throws IOException {
        return decode(received, false);
    }

    private static byte[] decode(byte[] input, boolean whole) throws IOException {
        Brotli4jLoader.ensureAvailability();
        DecoderJNI.Wrapper decoder = new DecoderJNI.Wrapper(Math.max(1, input.length));
        try {
            decoder.getInputBuffer().put(input);
            decoder.push(input.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                switch (decoder.getStatus()) {
                    case OK -> decoder.push(0);
                    case NEEDS_MORE_OUTPUT -> write(decoder.pull(), out);
                    case NEEDS_MORE_INPUT, DONE -> {
                        while (decoder.hasOutput()) {
                            write(decoder.pull(), out);
                        }
                        if (whole && decoder.getStatus() != DecoderJNI.Status.DONE) {
                            throw new IOException("the brotli stream is cut short");
                        }
                        return out.toByteArray();
                    }
                    default -> throw new IOException("not a brotli stream");
                }
            }
        } finally {
            decoder.destroy();
        }
    }

    private static void write(ByteBuffer decoded, ByteArrayOutputStream out) {
        byte[] bytes = new byte[decoded.remaining()];
        decoded.get(bytes);
        out.writeBytes(bytes);
    }
}
