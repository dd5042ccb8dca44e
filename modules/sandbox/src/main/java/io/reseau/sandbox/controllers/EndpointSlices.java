package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-controller-manager's EndpointSlice controller makes of Services with a selector and their Pods
 * (discovery.k8s.io/v1): one slice per distinct set of resolved ports, labelled
 * {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by}; a {@code targetPort}
 * given by name is looked up in each Pod's container ports (a Pod without that port is left out of that
 * port's slice, as upstream); endpoints of Pods with an IP, ready when the Pod is Ready, terminating when it is
 * being deleted. Pure.
 */
public final class EndpointSlices {

    public static final String SERVICE_NAME = "kubernetes.io/service-name";
    public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER = "reseau-sandbox";

    private EndpointSlices() {
    }

    /** Every slice the Services should have, sorted by name. */
    public static List<EndpointSlice> desired(List<Service> services, List<Pod> pods) {
        List<EndpointSlice> slices = new ArrayList<>();
        for (Service service : services) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null || selector.isEmpty() || "ExternalName".equals(service.getSpec().getType())) {
                continue;
            }
            Map<List<EndpointPort>, List<Endpoint>> byPorts = new LinkedHashMap<>();
            pods.stream()
                    .filter(pod -> pod.getMetadata().getNamespace().equals(service.getMetadata().getNamespace()))
                    .filter(pod -> pod.getMetadata().getLabels() != null
                            && pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .filter(pod -> pod.getStatus() != null && pod.getStatus().getPodIP() != null)
                    .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                    .forEach(pod -> byPorts.computeIfAbsent(ports(service, pod), ports -> new ArrayList<>())
                            .add(endpoint(pod)));
            byPorts.forEach((ports, endpoints) -> slices.add(slice(service, ports, endpoints)));
        }
        slices.sort(Comparator.comparing(slice -> slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName()));
        return slices;
    }

    static List<EndpointPort> ports(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            String protocol = Optional.ofNullable(port.getProtocol()).orElse("TCP");
            resolve(port, protocol, pod).ifPresent(number -> ports.add(new EndpointPortBuilder()
                    .withName(Optional.ofNullable(port.getName()).orElse("")).withPort(number).withProtocol(protocol)
                    .build()));
        }
        return ports;
    }

    private static Optional<Integer> resolve(ServicePort port, String protocol, Pod pod) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return Optional.of(port.getPort());
        }
        if (target.getStrVal() == null) {
            return Optional.of(target.getIntVal());
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(candidate -> target.getStrVal().equals(candidate.getName())
                        && protocol.equals(Optional.ofNullable(candidate.getProtocol()).orElse("TCP")))
                .map(ContainerPort::getContainerPort)
                .findFirst();
    }

    private static Endpoint endpoint(Pod pod) {
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = PodConditions.ready(pod) && !terminating;
        return new EndpointBuilder()
                .withAddresses(pod.getStatus().getPodIP())
                .withNewConditions().withReady(ready).withServing(PodConditions.ready(pod))
                    .withTerminating(terminating).endConditions()
                .withNodeName(pod.getSpec().getNodeName())
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef()
                .build();
    }

    private static EndpointSlice slice(Service service, List<EndpointPort> ports, List<Endpoint> endpoints) {
        String name = service.getMetadata().getName() + "-" + portsHash(ports);
        return new EndpointSliceBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(service.getMetadata().getNamespace())
                    .addToLabels(SERVICE_NAME, service.getMetadata().getName())
                    .addToLabels(MANAGED_BY, CONTROLLER)
                    .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                            .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withAddressType("IPv4")
                .withPorts(ports)
                .withEndpoints(endpoints)
                .build();
    }

    private static String portsHash(List<EndpointPort> ports) {
        StringBuilder text = new StringBuilder();
        ports.forEach(port -> text.append(port.getName()).append('/').append(port.getProtocol()).append('/')
                .append(port.getPort()).append(';'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
