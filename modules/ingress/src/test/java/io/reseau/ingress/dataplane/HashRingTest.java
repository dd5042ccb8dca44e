package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Consistent hashing: stable, even enough, and moving only the keys of an endpoint that leaves. */
class HashRingTest {

    private static final List<InetSocketAddress> THREE = List.of(new InetSocketAddress("10.42.0.1", 8080),
            new InetSocketAddress("10.42.0.2", 8080), new InetSocketAddress("10.42.0.3", 8080));

    private static Map<String, InetSocketAddress> placed(HashRing ring) {
        Map<String, InetSocketAddress> placed = new HashMap<>();
        IntStream.range(0, 3000).forEach(i -> placed.put("/user/" + i, ring.pick("/user/" + i, e -> true).orElseThrow()));
        return placed;
    }

    @Test
    void keysSpreadAndStay() {
        Map<String, InetSocketAddress> placed = placed(new HashRing(THREE));

        assertThat(placed(new HashRing(THREE))).isEqualTo(placed);
        for (InetSocketAddress endpoint : THREE) {
            assertThat(placed.values().stream().filter(endpoint::equals).count()).isBetween(600L, 1400L);
        }
    }

    @Test
    void onlyTheKeysOfAnEndpointThatLeavesMove() {
        Map<String, InetSocketAddress> before = placed(new HashRing(THREE));
        Map<String, InetSocketAddress> after = placed(new HashRing(THREE.subList(0, 2)));

        before.forEach((key, endpoint) -> {
            if (!endpoint.equals(THREE.get(2))) {
                assertThat(after.get(key)).as(key).isEqualTo(endpoint);
            }
        });
    }

    @Test
    void aRefusedEndpointPassesTheKeyToTheNextOne() {
        HashRing ring = new HashRing(THREE);
        InetSocketAddress first = ring.pick("k", e -> true).orElseThrow();

        assertThat(ring.pick("k", e -> !e.equals(first))).isPresent().get().isNotEqualTo(first);
        assertThat(ring.pick("k", e -> false)).isEmpty();
        assertThat(new HashRing(List.of()).pick("k", e -> true)).isEmpty();
    }
}
