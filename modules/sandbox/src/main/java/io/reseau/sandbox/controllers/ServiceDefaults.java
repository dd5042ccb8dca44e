package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What kube-apiserver fills in on a Service that the mock server does not: the defaults ({@code type}
 * ClusterIP, ports' {@code protocol} TCP and {@code targetPort} = {@code port}, IPv4), a cluster IP from the
 * service range and node ports from 30000–32767 for NodePort and LoadBalancer Services. Pure.
 */
public final class ServiceDefaults {

    static final int FIRST_NODE_PORT = 30000;
    static final int LAST_NODE_PORT = 32767;
    /** 10.43.0.1 is the kubernetes Service's and 10.43.0.10 the cluster DNS's, as in k3s. */
    private static final Set<String> RESERVED = Set.of("10.43.0.1", "10.43.0.10");

    private ServiceDefaults() {
    }

    /** The Service completed, or empty when it needs nothing. Takes addresses and ports not in the used sets. */
    public static Optional<Service> complete(Service service, Set<String> usedClusterIps, Set<Integer> usedNodePorts) {
        Service completed = new ServiceBuilder(service).build();
        ServiceSpec spec = completed.getSpec() == null ? new ServiceSpec() : completed.getSpec();
        completed.setSpec(spec);
        if (spec.getType() == null) {
            spec.setType("ClusterIP");
        }
        if (spec.getSessionAffinity() == null) {
            spec.setSessionAffinity("None");
        }
        boolean headless = "None".equals(spec.getClusterIP());
        if (!spec.getType().equals("ExternalName") && !headless && spec.getClusterIP() == null) {
            String ip = freeClusterIp(usedClusterIps);
            spec.setClusterIP(ip);
            spec.setClusterIPs(List.of(ip));
            spec.setIpFamilies(List.of("IPv4"));
            spec.setIpFamilyPolicy("SingleStack");
        }
        boolean wantsNodePorts = spec.getType().equals("NodePort") || spec.getType().equals("LoadBalancer");
        Set<Integer> taken = new HashSet<>(usedNodePorts);
        for (ServicePort port : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
            if (port.getProtocol() == null) {
                port.setProtocol("TCP");
            }
            if (port.getTargetPort() == null) {
                port.setTargetPort(new IntOrString(port.getPort()));
            }
            if (wantsNodePorts && port.getNodePort() == null) {
                int nodePort = freeNodePort(taken);
                taken.add(nodePort);
                port.setNodePort(nodePort);
            }
        }
        if (spec.getType().equals("LoadBalancer") && spec.getExternalTrafficPolicy() == null) {
            spec.setExternalTrafficPolicy("Cluster");
        }
        return Objects.equals(completed, service) ? Optional.empty() : Optional.of(completed);
    }

    private static String freeClusterIp(Set<String> used) {
        for (int third = 0; third < 256; third++) {
            for (int fourth = 1; fourth < 255; fourth++) {
                String ip = "10.43." + third + "." + fourth;
                if (!used.contains(ip) && !RESERVED.contains(ip)) {
                    return ip;
                }
            }
        }
        throw new IllegalStateException("the service range 10.43.0.0/16 is full");
    }

    private static int freeNodePort(Set<Integer> used) {
        for (int port = FIRST_NODE_PORT; port <= LAST_NODE_PORT; port++) {
            if (!used.contains(port)) {
                return port;
            }
        }
        throw new IllegalStateException("every node port in 30000-32767 is taken");
    }
}
