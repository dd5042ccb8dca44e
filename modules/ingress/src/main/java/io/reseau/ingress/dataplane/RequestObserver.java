package io.reseau.ingress.dataplane;

/**
 * Told about every completed request and every relayed connection that ended (metrics, access log); called on event
 * loops, so it must not block.
 */
@FunctionalInterface
public interface RequestObserver {

    void completed(CompletedRequest request);

    /** A connection relayed as bytes (a TCP service's, ssl-passthrough's) ended. */
    default void relayed(RelayedConnection connection) {
    }

    /** Tells {@code first}, then {@code second}. */
    static RequestObserver both(RequestObserver first, RequestObserver second) {
        return new RequestObserver() {
            @Override
            public void completed(CompletedRequest request) {
                first.completed(request);
                second.completed(request);
            }

            @Override
            public void relayed(RelayedConnection connection) {
                first.relayed(connection);
                second.relayed(connection);
            }
        };
    }
}
