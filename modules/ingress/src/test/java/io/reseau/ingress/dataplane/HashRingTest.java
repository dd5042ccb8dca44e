package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Consistent hashing: stable, even enough, and moving only the keys of an endpoint that leaves; subsets made as
 * ingress-nginx makes them.
 */
class HashRingTest {

    private static final List<InetSocketAddress> THREE = List.of(new InetSocketAddress("10.42.0.1", 8080),
            new InetSocketAddress("10.42.0.2", 8080), new InetSocketAddress("10.42.0.3", 8080));

    private static Map<String, InetSocketAddress> placed(HashRing<InetSocketAddress> ring) {
        Map<String, InetSocketAddress> placed = new HashMap<>();
        IntStream.range(0, 3000).forEach(i -> placed.put("/user/" + i, ring.pick("/user/" + i, e -> true).orElseThrow()));
        return placed;
    }

    @Test
    void keysSpreadAndStay() {
        Map<String, InetSocketAddress> placed = placed(HashRing.of(THREE));

        assertThat(placed(HashRing.of(THREE))).isEqualTo(placed);
        for (InetSocketAddress endpoint : THREE) {
            assertThat(placed.values().stream().filter(endpoint::equals).count()).isBetween(600L, 1400L);
        }
    }

    @Test
    void onlyTheKeysOfAnEndpointThatLeavesMove() {
        Map<String, InetSocketAddress> before = placed(HashRing.of(THREE));
        Map<String, InetSocketAddress> after = placed(HashRing.of(THREE.subList(0, 2)));

        before.forEach((key, endpoint) -> {
            if (!endpoint.equals(THREE.get(2))) {
                assertThat(after.get(key)).as(key).isEqualTo(endpoint);
            }
        });
    }

    @Test
    void aRefusedEndpointPassesTheKeyToTheNextOne() {
        HashRing<InetSocketAddress> ring = HashRing.of(THREE);
        InetSocketAddress first = ring.pick("k", e -> true).orElseThrow();

        assertThat(ring.pick("k", e -> !e.equals(first))).isPresent().get().isNotEqualTo(first);
        assertThat(ring.pick("k", e -> false)).isEmpty();
        assertThat(HashRing.of(List.of()).pick("k", e -> true)).isEmpty();
    }

    @Test
    void subsetsAreTheEndpointsInTheirOrderTheLastCompletedWithTheFirst() {
        List<InetSocketAddress> four = List.of(THREE.get(0), THREE.get(1), THREE.get(2),
                new InetSocketAddress("10.42.0.4", 8080));
        HashRing<List<InetSocketAddress>> ring = HashRing.ofSubsets(four, 3);

        Set<List<InetSocketAddress>> owners = IntStream.range(0, 1000)
                .mapToObj(i -> ring.pick("/user/" + i, subset -> true).orElseThrow()).collect(Collectors.toSet());

        assertThat(owners).containsExactlyInAnyOrder(List.of(four.get(0), four.get(1), four.get(2)),
                List.of(four.get(3), four.get(0), four.get(1)));
        assertThat(HashRing.ofSubsets(THREE, 3).pick("k", subset -> true)).contains(THREE);
        assertThat(HashRing.ofSubsets(THREE, 1_000_000).pick("k", subset -> true)).contains(THREE);
        assertThat(HashRing.ofSubsets(List.of(), 3).pick("k", subset -> true)).isEmpty();
    }
}
