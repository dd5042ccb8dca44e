package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackendBuilder;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.ExternalAddresses;
import io.reseau.ingress.model.Locality;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Resolves an Ingress's service backend to the ready endpoints of that Service port, from the EndpointSlices
 * labelled with the Service's name; the slice port is the one with the Service port's name. An address in several
 * slices (as during a slice split) is listed once.
 */
final class Backends {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, List<EndpointSlice>> slices = new HashMap<>();
    private final Locality locality;

    /** Backends of these Services and slices, for a proxy running at {@code locality} ({@link TopologyHints}). */
    Backends(Collection<Service> services, Collection<EndpointSlice> slices, Locality locality) {
        this.locality = locality;
        for (Service service : services) {
            this.services.put(key(service.getMetadata().getNamespace(), service.getMetadata().getName()), service);
        }
        for (EndpointSlice slice : slices) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String owner = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (owner != null) {
                this.slices.computeIfAbsent(key(slice.getMetadata().getNamespace(), owner), k -> new ArrayList<>())
                        .add(slice);
            }
        }
    }

    /** The backend, or why it cannot be resolved. */
    sealed interface Resolution {
        record Resolved(Backend backend) implements Resolution {
        }

        record Unresolved(String reason, String message) implements Resolution {
        }
    }

    /**
     * The backend of a Service port: its ready endpoints, or with {@code clusterIp} its ClusterIP and port
     * (ingress-nginx's {@code service-upstream}, for meshes whose sidecars route by Service; a headless Service has
     * none, so its endpoints are used).
     */
    Resolution resolve(String namespace, IngressServiceBackend wanted, Optional<BackendProtocol> protocol,
            boolean clusterIp) {
        return resolve(namespace, wanted, "TCP", protocol, clusterIp);
    }

    /** The same for a Service port of this transport protocol ({@code TCP} or {@code UDP}). */
    Resolution resolve(String namespace, IngressServiceBackend wanted, String transport,
            Optional<BackendProtocol> protocol, boolean clusterIp) {
        Service service = services.get(key(namespace, wanted.getName()));
        if (service == null) {
            return new Resolution.Unresolved("ServiceNotFound", "Service " + namespace + "/" + wanted.getName()
                    + " does not exist");
        }
        Optional<ServicePort> port = servicePort(service, wanted, transport);
        String portLabel = wanted.getPort() == null ? "?" : wanted.getPort().getName() != null
                ? wanted.getPort().getName() : String.valueOf(wanted.getPort().getNumber());
        if ("ExternalName".equals(service.getSpec().getType())) {
            return externalName(namespace, wanted, service, transport, protocol, port, portLabel);
        }
        if (port.isEmpty()) {
            return new Resolution.Unresolved("PortNotFound", "Service " + namespace + "/" + wanted.getName()
                    + " has no " + transport + " port " + portLabel);
        }
        BackendProtocol chosen = protocol.orElseGet(() -> fromAppProtocol(port.get().getAppProtocol()));
        String address = service.getSpec().getClusterIP();
        List<InetSocketAddress> endpoints = clusterIp && address != null && !address.isEmpty()
                && !"None".equals(address) ? List.of(new InetSocketAddress(address, port.get().getPort()))
                : readyEndpoints(namespace, wanted.getName(), port.get().getName());
        return new Resolution.Resolved(new Backend(namespace, wanted.getName(), portLabel, chosen, endpoints));
    }

    /**
     * An ExternalName Service: its name, resolved by the proxy when it connects, on the Service port's target port
     * (its port when the target is a name), or on the Ingress's port number when the Service has no ports, as
     * ingress-nginx does. UDP services cannot go to one; a name {@link ExternalAddresses} refuses is refused here.
     */
    private static Resolution externalName(String namespace, IngressServiceBackend wanted, Service service,
            String transport, Optional<BackendProtocol> protocol, Optional<ServicePort> port, String portLabel) {
        String what = "Service " + namespace + "/" + wanted.getName() + " is of type ExternalName";
        if (!"TCP".equals(transport)) {
            return new Resolution.Unresolved("ExternalNameUnsupported", what + ", which " + transport
                    + " services cannot go to");
        }
        String name = service.getSpec().getExternalName() == null ? "" : service.getSpec().getExternalName();
        Optional<String> refusal = ExternalAddresses.refusal(name);
        if (refusal.isPresent()) {
            return new Resolution.Unresolved("ExternalNameRefused", what + ": " + refusal.get());
        }
        boolean portless = service.getSpec().getPorts() == null || service.getSpec().getPorts().isEmpty();
        Integer number = port.map(p -> p.getTargetPort() != null && p.getTargetPort().getIntVal() != null
                && p.getTargetPort().getIntVal() > 0 ? p.getTargetPort().getIntVal() : p.getPort())
                .orElse(portless && wanted.getPort() != null ? wanted.getPort().getNumber() : null);
        if (number == null) {
            return new Resolution.Unresolved("PortNotFound", what + " and has no port " + portLabel);
        }
        BackendProtocol chosen = protocol.orElseGet(() -> fromAppProtocol(port.map(ServicePort::getAppProtocol)
                .orElse(null)));
        return new Resolution.Resolved(new Backend(namespace, wanted.getName(), portLabel, chosen,
                List.of(InetSocketAddress.createUnresolved(ExternalAddresses.host(name), number))));
    }

    /** The backend of a Service's first port, if the Service exists and resolves. */
    Optional<Backend> firstPort(String namespace, String name, Optional<BackendProtocol> protocol, boolean clusterIp) {
        Service service = services.get(key(namespace, name));
        if (service == null || service.getSpec().getPorts() == null || service.getSpec().getPorts().isEmpty()) {
            return Optional.empty();
        }
        IngressServiceBackend first = new IngressServiceBackendBuilder().withName(name).withNewPort()
                .withNumber(service.getSpec().getPorts().getFirst().getPort()).endPort().build();
        return resolve(namespace, first, protocol, clusterIp) instanceof Resolution.Resolved resolved
                ? Optional.of(resolved.backend()) : Optional.empty();
    }

    /** The port wanted, by name or number, among those of the transport protocol (TCP when not given). */
    private static Optional<ServicePort> servicePort(Service service, IngressServiceBackend wanted,
            String transport) {
        if (wanted.getPort() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        return service.getSpec().getPorts().stream()
                .filter(p -> transport.equals(p.getProtocol() == null ? "TCP" : p.getProtocol()))
                .filter(p -> wanted.getPort().getName() != null ? wanted.getPort().getName().equals(p.getName())
                        : Objects.equals(wanted.getPort().getNumber(), p.getPort()))
                .findFirst();
    }

    /** The Kubernetes appProtocol for h2c; gRPC backends are commonly declared with it. */
    private static BackendProtocol fromAppProtocol(String appProtocol) {
        if (appProtocol == null) {
            return BackendProtocol.HTTP;
        }
        return switch (appProtocol) {
            case "kubernetes.io/h2c", "grpc", "h2c" -> BackendProtocol.H2C;
            case "https" -> BackendProtocol.HTTPS;
            default -> BackendProtocol.HTTP;
        };
    }

    private List<InetSocketAddress> readyEndpoints(String namespace, String service, String portName) {
        record Ready(Endpoint endpoint, int port) {
        }
        List<Ready> ready = new ArrayList<>();
        for (EndpointSlice slice : slices.getOrDefault(key(namespace, service), List.of())) {
            Integer number = slicePort(slice, portName);
            // FQDN slices would need DNS lookups; Services' own slices are IPv4 or IPv6.
            if ("FQDN".equals(slice.getAddressType()) || number == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                // A missing ready condition means ready (EndpointSlice API: "nil should be interpreted as true").
                if ((endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady()) && endpoint.getAddresses() != null) {
                    ready.add(new Ready(endpoint, number));
                }
            }
        }
        Predicate<Endpoint> chosen = TopologyHints.chooser(ready.stream().map(Ready::endpoint).toList(), locality);
        Set<InetSocketAddress> endpoints = new LinkedHashSet<>();
        for (Ready each : ready) {
            if (chosen.test(each.endpoint())) {
                each.endpoint().getAddresses().forEach(address -> endpoints.add(new InetSocketAddress(address,
                        each.port())));
            }
        }
        return List.copyOf(endpoints);
    }

    private static Integer slicePort(EndpointSlice slice, String portName) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort port : slice.getPorts()) {
            if (Objects.equals(emptyToNull(port.getName()), emptyToNull(portName))) {
                return port.getPort();
            }
        }
        return null;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
