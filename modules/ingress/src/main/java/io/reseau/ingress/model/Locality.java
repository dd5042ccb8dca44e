package io.reseau.ingress.model;

import java.util.Optional;

/**
 * Where reseau-ingress runs, for topology-aware routing: its node's name and zone, each empty when not known (or when
 * {@code enable-topology-aware-routing} is off).
 */
public record Locality(Optional<String> node, Optional<String> zone) {

    /** Nowhere known: every ready endpoint is used. */
    public static final Locality UNKNOWN = new Locality(Optional.empty(), Optional.empty());
}
