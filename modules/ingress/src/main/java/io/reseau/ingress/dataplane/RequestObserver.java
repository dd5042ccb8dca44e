package io.reseau.ingress.dataplane;

/** Told about every completed request (metrics, access log); called on event loops, so it must not block. */
@FunctionalInterface
public interface RequestObserver {
    void completed(CompletedRequest request);
}
