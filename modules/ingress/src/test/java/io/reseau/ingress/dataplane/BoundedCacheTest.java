package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void keepsWhatItMadeUntilItsBoundThenForgetsAllBeforeTakingMore() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(2);
        AtomicInteger made = new AtomicInteger();

        assertThat(cache.computeIfAbsent("a", key -> made.incrementAndGet())).isEqualTo(1);
        assertThat(cache.computeIfAbsent("a", key -> made.incrementAndGet())).isEqualTo(1);
        cache.put("b", 20);
        assertThat(cache.get("b")).isEqualTo(20);
        // Full, but a key it holds is replaced in place.
        cache.put("b", 21);
        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(cache.get("b")).isEqualTo(21);
        // Full: a third key empties it first.
        assertThat(cache.computeIfAbsent("c", key -> made.incrementAndGet())).isEqualTo(2);
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isEqualTo(2);
    }
}
