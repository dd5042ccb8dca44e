package io.reseau.ingress.model;

/**
 * How a route spreads its requests over its endpoints ({@code load-balance}); {@code upstream-hash-by} overrides it.
 */
public enum LoadBalance {

    /** Each endpoint in turn ({@code round_robin}, the default). */
    ROUND_ROBIN,

    /**
     * Of two endpoints drawn at random, the one that has lately answered faster ({@code ewma}, as ingress-nginx's):
     * the time from connecting to the response head, averaged with weights that decay over 10 s, so that an endpoint
     * left alone is tried again.
     */
    EWMA;

    /** ingress-nginx's names, {@code round_robin} and {@code ewma}. */
    public static LoadBalance parse(String text) {
        return switch (text.strip()) {
            case "round_robin" -> ROUND_ROBIN;
            case "ewma" -> EWMA;
            default -> throw new IllegalArgumentException("'" + text + "' is not round_robin or ewma");
        };
    }
}
