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
 * Removes conntrack entries that would keep sending packets where they must not go.
 * <ul>
 * <li>UDP, as kube-proxy does: entries NATed to an endpoint that no longer takes traffic, and entries made while
 * a Service had no endpoint (they point at the Service address itself) once it has one.</li>
 * <li>TCP and SCTP: entries NATed to an endpoint that has left the Service's EndpointSlices, so its pod is gone.
 * A connection attempt that got no answer leaves an entry (SYN_SENT, two minutes); a later connection that
 * happens to reuse its source port matches that entry and is sent to the dead address again, SYN after SYN,
 * until the client gives up. An endpoint that is only not ready or terminating keeps its entries: its
 * established connections drain.</li>
 * </ul>
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

    /**
     * What a Service port served at the last sync: its addresses, node port, and the endpoint addresses whose
     * entries are kept (see {@link #tracked}).
     */
    private record Served(Protocol protocol, List<String> frontends, int nodePort, Set<String> endpoints) {
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
            List<String> frontends = new ArrayList<>(port.clusterIPs());
            frontends.addAll(port.externalIPs());
            frontends.addAll(port.loadBalancerIPs());
            now.put(port.name(), new Served(port.protocol(), frontends, port.nodePort(), tracked(entry)));
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
                    deleteEntries(old, "--dst-nat", gone);
                }
            }
        });
        now.forEach((name, current) -> {
            Served old = before.get(name);
            if (current.protocol() == Protocol.UDP && old != null && old.endpoints().isEmpty()
                    && !current.endpoints().isEmpty()) {
                deleteEntries(current);
            }
        });
    }

    /** Deletes the port's entries, to each of its addresses and to its node port, that also match {@code more}. */
    private void deleteEntries(Served port, String... more) {
        port.frontends().forEach(frontend -> delete(port.protocol(), "--orig-dst", frontend, more));
        if (port.nodePort() != 0) {
            delete(port.protocol(), "--dport", Integer.toString(port.nodePort()), more);
        }
    }

    /**
     * The endpoint addresses whose entries stay: for UDP those that take traffic (a datagram flow has no end that
     * would move it), for TCP and SCTP every address the slices still list (a connection ends by itself).
     */
    private Set<String> tracked(ServicePortEndpoints entry) {
        List<Endpoint> endpoints = entry.servicePort().protocol() == Protocol.UDP
                ? EndpointSelection.of(entry.endpoints(), nodeName).cluster()
                : entry.endpoints();
        Set<String> addresses = new HashSet<>();
        endpoints.stream().map(Endpoint::address).forEach(addresses::add);
        return addresses;
    }

    private void delete(Protocol protocol, String option, String value, String... more) {
        List<String> command = new ArrayList<>(List.of("conntrack", "-D", "-p", protocol.nftName(), option, value));
        command.addAll(List.of(more));
        CommandResult result = conntrack.run(command, null);
        // conntrack says "0 flow entries have been deleted" (and may exit 1) when nothing matched: not a failure.
        if (!result.succeeded() && !result.stderr().contains("flow entries have been deleted")) {
            LOG.warnf("removing stale %s conntrack entries failed: %s", protocol, result.stderr().strip());
        }
    }
}
