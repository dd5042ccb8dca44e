package io.reseau.proxy.compute;

import io.reseau.proxy.model.Protocol;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gives out frontends (an address with a protocol and port, or a node port with a protocol) first come, first
 * served: Service ports claim theirs oldest Service first, and a frontend an older Service holds is refused to a
 * younger one, as kube-proxy's first-come rule has it.
 */
final class FrontendClaims {

    private record Frontend(String address, Protocol protocol, int port) {
    }

    private static final String NODE_PORT = "node port";

    private final Set<Frontend> taken = new HashSet<>();

    /** The port with the frontends it may have: the same object when it keeps them all; each refusal reported. */
    ServicePortEndpoints claim(ServicePortEndpoints entry, Consumer<String> refused) {
        ServicePort port = entry.servicePort();
        boolean nodePortKept = port.nodePort() == 0 || taken.add(new Frontend(NODE_PORT, port.protocol(), port.nodePort()));
        if (!nodePortKept) {
            refused.accept("node port " + port.nodePort() + "/" + port.protocol()
                    + " is already opened for an older Service; this one does not get it");
        }
        List<String> clusterIPs = claim(port.clusterIPs(), port, "cluster IP", refused);
        List<String> externalIPs = claim(port.externalIPs(), port, "external IP", refused);
        List<String> loadBalancerIPs = claim(port.loadBalancerIPs(), port, "load-balancer IP", refused);
        if (nodePortKept && clusterIPs == port.clusterIPs() && externalIPs == port.externalIPs()
                && loadBalancerIPs == port.loadBalancerIPs()) {
            return entry;
        }
        return new ServicePortEndpoints(new ServicePort(port.name(), port.protocol(), port.port(), clusterIPs,
                externalIPs, loadBalancerIPs, nodePortKept ? port.nodePort() : 0, port.externalLocal(),
                port.internalLocal(), port.affinity(), port.healthCheckNodePort()), entry.endpoints());
    }

    /** The addresses this port may serve on: the same list when it gets them all. */
    private List<String> claim(List<String> addresses, ServicePort port, String what, Consumer<String> refused) {
        List<String> claimed = null;
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (taken.add(new Frontend(address, port.protocol(), port.port()))) {
                if (claimed != null) {
                    claimed.add(address);
                }
            } else {
                if (claimed == null) {
                    claimed = new ArrayList<>(addresses.subList(0, i));
                }
                refused.accept(what + " " + address + " port " + port.port() + "/" + port.protocol()
                        + " is already served for an older Service; this one does not get it");
            }
        }
        return claimed == null ? addresses : claimed;
    }
}
