package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.CompletedRequest;

/**
 * The labels of a request's series: its Ingress ({@code namespace/name}), Service port ({@code namespace/service:port})
 * and status, each empty or 0 where the request had none. Equality written out: a record's generated one goes through
 * method handles that the JIT does not always inline, and this is looked up for every request.
 */
record RequestLabels(String ingress, String service, int status) {

    static RequestLabels of(CompletedRequest request) {
        return new RequestLabels(request.ingress(), request.service(), request.status());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestLabels labels && status == labels.status && ingress.equals(labels.ingress)
                && service.equals(labels.service);
    }

    @Override
    public int hashCode() {
        return (31 * ingress.hashCode() + service.hashCode()) * 31 + status;
    }
}
