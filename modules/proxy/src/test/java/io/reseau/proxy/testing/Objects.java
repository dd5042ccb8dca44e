package io.reseau.proxy.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Services and EndpointSlices as tests write them: short, with the API's defaults. */
public final class Objects {

    private Objects() {
    }

    /** A ClusterIP Service with one TCP port named "http" ({@code port} → targetPort 8080). */
    public static Service service(String namespace, String name, String clusterIP, int port) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIP).withClusterIPs(clusterIP)
                .withPorts(new ServicePortBuilder().withName("http").withProtocol("TCP").withPort(port)
                        .withTargetPort(new IntOrString(8080)).build())
                .endSpec().build();
    }

    public static Service edit(Service service, UnaryOperator<ServiceBuilder> change) {
        return change.apply(new ServiceBuilder(service)).build();
    }

    /** One endpoint of a slice: address, node, and conditions (null: unset, as the API allows). */
    public record Ep(String address, String node, Boolean ready, Boolean serving, Boolean terminating) {
        public static Ep ready(String address, String node) {
            return new Ep(address, node, true, true, false);
        }

        public static Ep terminating(String address, String node, boolean serving) {
            return new Ep(address, node, false, serving, true);
        }
    }

    /** An IPv4 EndpointSlice of the Service with port "http"/TCP = {@code targetPort}. */
    public static EndpointSlice slice(String namespace, String service, String sliceName, int targetPort, Ep... endpoints) {
        return slice(namespace, service, sliceName, "IPv4", "http", targetPort, endpoints);
    }

    public static EndpointSlice slice(String namespace, String service, String sliceName, String addressType,
            String portName, int targetPort, Ep... endpoints) {
        List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> list = new ArrayList<>();
        for (Ep ep : endpoints) {
            list.add(new EndpointBuilder().withAddresses(ep.address()).withNodeName(ep.node())
                    .withNewConditions().withReady(ep.ready()).withServing(ep.serving()).withTerminating(ep.terminating())
                    .endConditions().build());
        }
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(sliceName)
                .addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType(addressType)
                .addNewPort().withName(portName).withProtocol("TCP").withPort(targetPort).endPort()
                .withEndpoints(list)
                .build();
    }
}
