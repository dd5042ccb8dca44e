package io.reseau.proxy.apply;

import io.reseau.hostnet.exec.CommandResult;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.proxy.compute.EndpointSelection;
import io.reseau.proxy.model.Endpoint;
import io.reseau.proxy.model.Protocol;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServiceChanges;
import io.reseau.proxy.model.ServicePortEndpoints;
import io.reseau.proxy.model.ServicePortName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes UDP conntrack entries that would keep sending datagrams where they must not go, as kube-proxy does:
 * entries NATed to an endpoint that is gone, and entries made while a Service had no endpoint (they point at the
 * Service address itself) once it has one. TCP needs nothing: a reset or a timeout ends those connections.
 */
public final class ConntrackCleaner {

    private static final Logger LOG = Logger.getLogger(ConntrackCleaner.class);

    private final ProcessRunner conntrack;
    private final String nodeName;
    private final Map<String, Map<ServicePortName, Served>> served = new HashMap<>();

    public ConntrackCleaner(ProcessRunner conntrack, String nodeName) {
        this.conntrack = conntrack;
        this.nodeName = nodeName;
    }

    /** What a UDP Service port served at the last sync: its addresses, node port and endpoint addresses. */
    private record Served(List<String> frontends, int nodePort, Set<String> endpoints) {
    }

    /** Call after each applied sync, with the changes it programmed. */
    public void afterSync(ServiceChanges changes) {
        if (changes.complete()) {
            List.copyOf(served.keySet()).stream().filter(key -> !changes.services().containsKey(key))
                    .forEach(key -> clean(key, List.of()));
        }
        changes.services().forEach(this::clean);
    }

    private void clean(String service, List<ServicePortEndpoints> ports) {
        Map<ServicePortName, Served> now = new HashMap<>();
        for (ServicePortEndpoints entry : ports) {
            ServicePort port = entry.servicePort();
            if (port.protocol() != Protocol.UDP) {
                continue;
            }
            Set<String> endpoints = new HashSet<>();
            EndpointSelection.of(entry.endpoints(), nodeName).cluster().stream().map(Endpoint::address).forEach(endpoints::add);
            List<String> frontends = new ArrayList<>(port.clusterIPs());
            frontends.addAll(port.externalIPs());
            frontends.addAll(port.loadBalancerIPs());
            now.put(port.name(), new Served(frontends, port.nodePort(), endpoints));
        }
        Map<ServicePortName, Served> before = now.isEmpty() ? served.remove(service) : served.put(service, now);
        if (before == null) {
            return;
        }
        before.forEach((name, old) -> {
            Served current = now.get(name);
            Set<String> remaining = current == null ? Set.of() : current.endpoints();
            for (String gone : old.endpoints()) {
                if (!remaining.contains(gone)) {
                    old.frontends().forEach(frontend -> delete("--orig-dst", frontend, "--dst-nat", gone));
                    if (old.nodePort() != 0) {
                        delete("--dport", Integer.toString(old.nodePort()), "--dst-nat", gone);
                    }
                }
            }
        });
        now.forEach((name, current) -> {
            Served old = before.get(name);
            if (old != null && old.endpoints().isEmpty() && !current.endpoints().isEmpty()) {
                current.frontends().forEach(frontend -> delete("--orig-dst", frontend));
                if (current.nodePort() != 0) {
                    delete("--dport", Integer.toString(current.nodePort()));
                }
            }
        });
    }

    private void delete(String... filter) {
        List<String> command = new ArrayList<>(List.of("conntrack", "-D", "-p", "udp"));
        command.addAll(List.of(filter));
        CommandResult result = conntrack.run(command, null);
        // conntrack says "0 flow entries have been deleted" (and may exit 1) when nothing matched: not a failure.
        if (!result.succeeded() && !result.stderr().contains("flow entries have been deleted")) {
            LOG.warnf("removing stale UDP conntrack entries failed: %s", result.stderr().strip());
        }
    }
}
