package io.reseau.proxy.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sync hands from one stage to the next: the Service ports of the Services that changed, by Service
 * ({@code namespace/name}); an empty list means the Service is gone or has nothing to proxy. When
 * {@code complete}, every Service is here and any other one is gone (a full sync); otherwise the Services not
 * here are as they were (a partial sync, as kube-proxy's change trackers make).
 */
public record ServiceChanges(boolean complete, Map<String, List<ServicePortEndpoints>> services) {

    public ServiceChanges {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** Every port in these changes, Service after Service. */
    public List<ServicePortEndpoints> ports() {
        return services.values().stream().flatMap(List::stream).toList();
    }
}
