package io.reseau.proxy.model;

import java.util.List;

/** A Service port with every endpoint the EndpointSlices give it, whatever their conditions. */
public record ServicePortEndpoints(ServicePort servicePort, List<Endpoint> endpoints) {

    public ServicePortEndpoints {
        endpoints = List.copyOf(endpoints);
    }
}
