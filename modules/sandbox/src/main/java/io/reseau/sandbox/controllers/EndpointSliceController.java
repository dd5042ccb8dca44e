package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.watch.ResourceCache;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Keeps the EndpointSlices of every Service with a selector as {@link EndpointSlices} computes them. */
final class EndpointSliceController {

    private final KubernetesClient client;
    private final ResourceCache<Service> services;
    private final ResourceCache<Pod> pods;
    private final ResourceCache<EndpointSlice> slices;

    EndpointSliceController(KubernetesClient client, ResourceCache<Service> services, ResourceCache<Pod> pods,
            ResourceCache<EndpointSlice> slices) {
        this.client = client;
        this.services = services;
        this.pods = pods;
        this.slices = slices;
    }

    void sync() {
        Map<String, EndpointSlice> desired = EndpointSlices.desired(services.list(), pods.list()).stream()
                .collect(Collectors.toMap(EndpointSliceController::key, Function.identity()));
        Map<String, EndpointSlice> existing = slices.list().stream()
                .filter(slice -> slice.getMetadata().getLabels() != null && EndpointSlices.CONTROLLER
                        .equals(slice.getMetadata().getLabels().get(EndpointSlices.MANAGED_BY)))
                .collect(Collectors.toMap(EndpointSliceController::key, Function.identity()));
        desired.forEach((key, slice) -> {
            EndpointSlice current = existing.get(key);
            var api = client.discovery().v1().endpointSlices().inNamespace(slice.getMetadata().getNamespace());
            if (current == null) {
                api.resource(slice).create();
            } else if (!Objects.equals(current.getEndpoints(), slice.getEndpoints())
                    || !Objects.equals(current.getPorts(), slice.getPorts())) {
                api.withName(slice.getMetadata().getName()).edit(old -> {
                    old.setEndpoints(slice.getEndpoints());
                    old.setPorts(slice.getPorts());
                    return old;
                });
            }
        });
        existing.keySet().stream().filter(key -> !desired.containsKey(key)).map(existing::get)
                .forEach(slice -> client.discovery().v1().endpointSlices().inNamespace(slice.getMetadata().getNamespace())
                        .withName(slice.getMetadata().getName()).delete());
    }

    private static String key(EndpointSlice slice) {
        return slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName();
    }
}
