package io.reseau.ingress.dataplane;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Consistent hashing over a backend's endpoints ({@code upstream-hash-by}), as nginx's {@code hash ... consistent}:
 * each owner (an endpoint, or a subset of them) stands at {@link #POINTS} places on a ring of CRC32 values of its
 * name, and a key goes to the first owner at or after its own hash. When an owner comes or goes, only the keys next
 * to its points move. Immutable.
 */
final class HashRing<T> {

    static final int POINTS = 160;

    private final long[] points;
    private final Object[] owners;

    /** A ring of these owners, each placed by its name ({@code names} in the same order). */
    private HashRing(List<T> members, List<String> names) {
        // Each place as one long, the CRC32 point above the owner's index, so that one primitive sort orders
        // them (equal points, rare, by owner): thousands of endpoints make a ring in milliseconds. The sign bit
        // is flipped so that the signed sort orders the unsigned points.
        long[] placed = new long[members.size() * POINTS];
        int n = 0;
        for (int e = 0; e < members.size(); e++) {
            String prefix = names.get(e) + "-";
            for (int i = 0; i < POINTS; i++) {
                placed[n++] = (crc(prefix + i) << 32 | e) ^ Long.MIN_VALUE;
            }
        }
        Arrays.sort(placed);
        points = new long[placed.length];
        owners = new Object[placed.length];
        for (int i = 0; i < placed.length; i++) {
            long place = placed[i] ^ Long.MIN_VALUE;
            points[i] = place >>> 32;
            owners[i] = members.get((int) (place & 0xFFFF_FFFFL));
        }
    }

    /** The ring of endpoints, each placed by its address and port. */
    static HashRing<InetSocketAddress> of(List<InetSocketAddress> endpoints) {
        // An ExternalName Service's endpoint is a name, unresolved.
        return new HashRing<>(endpoints, endpoints.stream().map(endpoint -> (endpoint.isUnresolved()
                ? endpoint.getHostString() : endpoint.getAddress().getHostAddress()) + ":" + endpoint.getPort())
                .toList());
    }

    /**
     * The ring of subsets of {@code size} endpoints ({@code upstream-hash-by-subset}), as ingress-nginx makes them:
     * the endpoints in their order cut into sets, the last one completed with the first endpoints, placed by their
     * names {@code set1}, {@code set2}... A size above the number of endpoints makes one set of them all (ingress-nginx
     * repeats endpoints up to the size, whatever it is).
     */
    static HashRing<List<InetSocketAddress>> ofSubsets(List<InetSocketAddress> endpoints, int requestedSize) {
        int size = Math.min(requestedSize, endpoints.size());
        if (size == 0) {
            return new HashRing<>(List.of(), List.of());
        }
        int count = (endpoints.size() + size - 1) / size;
        List<List<InetSocketAddress>> subsets = new ArrayList<>(count);
        List<String> names = new ArrayList<>(count);
        for (int set = 0; set < count; set++) {
            List<InetSocketAddress> subset = new ArrayList<>(size);
            for (int i = set * size; i < (set + 1) * size; i++) {
                subset.add(endpoints.get(i % endpoints.size()));
            }
            subsets.add(List.copyOf(subset));
            names.add("set" + (set + 1));
        }
        return new HashRing<>(subsets, names);
    }

    /** The owner of {@code key}: the first one from its place on the ring that {@code usable} accepts. */
    @SuppressWarnings("unchecked")
    Optional<T> pick(String key, Predicate<T> usable) {
        if (points.length == 0) {
            return Optional.empty();
        }
        int start = Arrays.binarySearch(points, crc(key));
        start = start >= 0 ? start : -start - 1;
        for (int i = 0; i < points.length; i++) {
            T owner = (T) owners[(start + i) % points.length];
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
