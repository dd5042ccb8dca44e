package io.reseau.proxy.compute;

import io.reseau.proxy.model.Protocol;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Gives out frontends (an address with a protocol and port, or a node port with a protocol) first come, first
 * served: Service ports claim theirs oldest Service first, and a frontend an older Service holds is refused to a
 * younger one, as kube-proxy's first-come rule has it.
 */
final class FrontendClaims {

    /** One frontend; a node port's address is {@link #NODE_PORT}. */
    record Frontend(String address, Protocol protocol, int port) {
    }

    private static final String NODE_PORT = "node port";

    private final Set<Frontend> taken = new HashSet<>();

    /** The port with the frontends it may have: the same object when it keeps them all; each refusal reported. */
    ServicePortEndpoints claim(ServicePortEndpoints entry, Consumer<String> refused) {
        return keep(entry, frontend -> {
            if (taken.add(frontend)) {
                return true;
            }
            refused.accept(frontend.address().equals(NODE_PORT)
                    ? "node port " + frontend.port() + "/" + frontend.protocol()
                            + " is already opened for an older Service; this one does not get it"
                    : frontend.address() + " port " + frontend.port() + "/" + frontend.protocol()
                            + " is already served for an older Service; this one does not get it");
            return false;
        });
    }

    /** Every frontend these ports have. */
    static Set<Frontend> wantedBy(List<ServicePortEndpoints> ports) {
        Set<Frontend> frontends = new HashSet<>();
        for (ServicePortEndpoints entry : ports) {
            keep(entry, frontends::add);
        }
        return frontends;
    }

    /** The port with only the frontends in {@code granted}: the same object when it keeps them all. */
    static ServicePortEndpoints restrict(ServicePortEndpoints entry, Set<Frontend> granted) {
        return keep(entry, granted::contains);
    }

    /** The port with the frontends {@code kept} accepts (asked in order: node port, then addresses). */
    private static ServicePortEndpoints keep(ServicePortEndpoints entry, Predicate<Frontend> kept) {
        ServicePort port = entry.servicePort();
        boolean nodePortKept = port.nodePort() == 0 || kept.test(new Frontend(NODE_PORT, port.protocol(), port.nodePort()));
        List<String> clusterIPs = keep(port.clusterIPs(), port, kept);
        List<String> externalIPs = keep(port.externalIPs(), port, kept);
        List<String> loadBalancerIPs = keep(port.loadBalancerIPs(), port, kept);
        if (nodePortKept && clusterIPs == port.clusterIPs() && externalIPs == port.externalIPs()
                && loadBalancerIPs == port.loadBalancerIPs()) {
            return entry;
        }
        return new ServicePortEndpoints(new ServicePort(port.name(), port.protocol(), port.port(), clusterIPs,
                externalIPs, loadBalancerIPs, nodePortKept ? port.nodePort() : 0, port.externalLocal(),
                port.internalLocal(), port.affinity(), port.healthCheckNodePort()), entry.endpoints());
    }

    /** The addresses kept: the same list when all are. */
    private static List<String> keep(List<String> addresses, ServicePort port, Predicate<Frontend> kept) {
        List<String> claimed = null;
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (kept.test(new Frontend(address, port.protocol(), port.port()))) {
                if (claimed != null) {
                    claimed.add(address);
                }
            } else if (claimed == null) {
                claimed = new ArrayList<>(addresses.subList(0, i));
            }
        }
        return claimed == null ? addresses : claimed;
    }
}
