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
        // Each place as one long, the CRC32 point above the endpoint's index, so that one primitive sort orders
        // them (equal points, rare, by endpoint): thousands of endpoints make a ring in milliseconds. The sign bit
        // is flipped so that the signed sort orders the unsigned points.
        long[] placed = new long[endpoints.size() * POINTS];
        int n = 0;
        for (int e = 0; e < endpoints.size(); e++) {
            InetSocketAddress endpoint = endpoints.get(e);
            // An ExternalName Service's endpoint is a name, unresolved.
            String name = (endpoint.isUnresolved() ? endpoint.getHostString() : endpoint.getAddress().getHostAddress())
                    + ":" + endpoint.getPort() + "-";
            for (int i = 0; i < POINTS; i++) {
                placed[n++] = (crc(name + i) << 32 | e) ^ Long.MIN_VALUE;
            }
        }
        Arrays.sort(placed);
        points = new long[placed.length];
        owners = new InetSocketAddress[placed.length];
        for (int i = 0; i < placed.length; i++) {
            long place = placed[i] ^ Long.MIN_VALUE;
            points[i] = place >>> 32;
            owners[i] = endpoints.get((int) (place & 0xFFFF_FFFFL));
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
