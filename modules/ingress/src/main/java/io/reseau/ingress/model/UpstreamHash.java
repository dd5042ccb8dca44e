package io.reseau.ingress.model;

/**
 * {@code upstream-hash-by}: requests with the same key (text with nginx variables) go to the same endpoint, or, with
 * {@code upstream-hash-by-subset}, to the same subset of {@code subsetSize} endpoints, a random one of it each time
 * ({@code upstream-hash-by-subset-size}, 3 by default).
 *
 * @param subsetSize 0 without subsets
 */
public record UpstreamHash(String key, int subsetSize) {

    public UpstreamHash {
        if (subsetSize < 0) {
            throw new IllegalArgumentException("a subset of " + subsetSize + " endpoints");
        }
    }
}
