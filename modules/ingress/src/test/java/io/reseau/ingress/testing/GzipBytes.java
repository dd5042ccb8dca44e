package io.reseau.ingress.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/** A gzip stream read back by the JDK, whole or as far as it has arrived. */
public final class GzipBytes {

    /** The gzip header reseau writes: no name, no extra fields. */
    private static final int HEADER = 10;

    private GzipBytes() {
    }

    /** The bytes of a whole gzip stream (its trailer checked). */
    public static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /** What a client inflating the stream as it arrives has from the bytes received so far. */
    public static byte[] inflatedSoFar(byte[] received) {
        if (received.length <= HEADER) {
            return new byte[0];
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(received, HEADER, received.length - HEADER);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n = inflater.inflate(buffer); n > 0; n = inflater.inflate(buffer)) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("not a deflate stream", e);
        } finally {
            inflater.end();
        }
    }
}
