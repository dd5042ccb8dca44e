package io.reseau.ingress.dataplane;

import java.util.ArrayDeque;
import java.util.zip.Deflater;

/**
 * One event loop's zlib compressors for {@link Gzip} responses, kept between responses: each holds some 260 KiB of
 * native memory that would otherwise be allocated and freed per response. Used on the loop's thread only.
 */
final class Deflaters {

    /** Compressors kept idle at most; more responses compressed at once get compressors made for them alone. */
    private static final int MAX_IDLE = 8;

    private final int level;
    private final ArrayDeque<Deflater> idle = new ArrayDeque<>();

    Deflaters(int level) {
        this.level = level;
    }

    /** A compressor for raw deflate data (the gzip wrapping is the caller's). */
    Deflater take() {
        Deflater deflater = idle.poll();
        return deflater != null ? deflater : new Deflater(level, true);
    }

    void give(Deflater deflater) {
        if (idle.size() < MAX_IDLE) {
            deflater.reset();
            idle.push(deflater);
        } else {
            deflater.end();
        }
    }

    void close() {
        idle.forEach(Deflater::end);
        idle.clear();
    }
}
