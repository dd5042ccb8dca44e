package io.reseau.ingress.dataplane;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Consistent hashing over a backend's endpoints ({@code upstream-hash-by}), as nginx's {@code hash ... consistent}:
 * each endpoint stands at {@link #POINTS} places on a ring of CRC32 values, and a key goes to the first endpoint at
 * or after its own hash. When an endpoint comes or goes, only the keys next to its points move. Immutable.
 */
final class HashRing {

    static final int POINTS = 160;

    private final long[] points;
    private final InetSocketAddress[] owners;

    HashRing(List<InetSocketAddress> endpoints) {
        long[][] placed = new long[endpoints.size() * POINTS][];
        int n = 0;
        for (int e = 0; e < endpoints.size(); e++) {
            for (int i = 0; i < POINTS; i++) {
                placed[n++] = new long[] {crc(endpoints.get(e).getAddress().getHostAddress() + ":"
                        + endpoints.get(e).getPort() + "-" + i), e};
            }
        }
        // By point, then by endpoint so that equal points (rare) order the same way every time.
        Arrays.sort(placed, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        points = new long[placed.length];
        owners = new InetSocketAddress[placed.length];
        for (int i = 0; i < placed.length; i++) {
            points[i] = placed[i][0];
            owners[i] = endpoints.get((int) placed[i][1]);
        }
    }

    /** The endpoint of {@code key}: the first one from its place on the ring that {@code usable} accepts. */
    Optional<InetSocketAddress> pick(String key, Predicate<InetSocketAddress> usable) {
        if (points.length == 0) {
            return Optional.empty();
        }
        int start = Arrays.binarySearch(points, crc(key));
        start = start >= 0 ? start : -start - 1;
        for (int i = 0; i < points.length; i++) {
            InetSocketAddress owner = owners[(start + i) % points.length];
            if (usable.test(owner)) {
                return Optional.of(owner);
            }
        }
        return Optional.empty();
    }

    private static long crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
