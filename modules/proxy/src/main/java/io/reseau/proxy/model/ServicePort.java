package io.reseau.proxy.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One Service port, as the proxy programs it: where it is reached (cluster IPs, external IPs, load-balancer IPs
 * and a node port, any family), how (protocol and port), and by which policies. Built only from valid input.
 *
 * @param nodePort            0 when the Service has none
 * @param externalLocal       {@code externalTrafficPolicy: Local}
 * @param internalLocal       {@code internalTrafficPolicy: Local}
 * @param affinity            {@code sessionAffinity: ClientIP} with its timeout
 * @param healthCheckNodePort 0 when the Service has none
 */
public record ServicePort(ServicePortName name, Protocol protocol, int port, List<String> clusterIPs,
        List<String> externalIPs, List<String> loadBalancerIPs, int nodePort, boolean externalLocal,
        boolean internalLocal, Optional<Duration> affinity, int healthCheckNodePort) {

    public ServicePort {
        clusterIPs = List.copyOf(clusterIPs);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIPs = List.copyOf(loadBalancerIPs);
    }

    /** Whether traffic from outside reaches this port: through a node port, an external or a load-balancer IP. */
    public boolean isExternallyReachable() {
        return nodePort != 0 || !externalIPs.isEmpty() || !loadBalancerIPs.isEmpty();
    }
}
