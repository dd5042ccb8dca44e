package io.reseau.ingress.dataplane;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map of things cheap to make again, which forgets all it holds when it reaches its bound rather than
 * grow without end (endpoints come and go with new addresses, keys with new requests). Reads take no lock.
 */
final class BoundedCache<K, V> {

    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final int bound;

    BoundedCache(int bound) {
        this.bound = bound;
    }

    /** What is held for {@code key}, or null. */
    V get(K key) {
        return entries.get(key);
    }

    /** What is held for {@code key}, made and held first if there is none. */
    V computeIfAbsent(K key, Function<? super K, ? extends V> make) {
        V held = entries.get(key);
        if (held != null) {
            return held;
        }
        makeRoom();
        return entries.computeIfAbsent(key, make);
    }

    /** Holds {@code value} for {@code key}, in place of what was. */
    void put(K key, V value) {
        if (!entries.containsKey(key)) {
            makeRoom();
        }
        entries.put(key, value);
    }

    private void makeRoom() {
        if (entries.size() >= bound) {
            entries.clear();
        }
    }
}
