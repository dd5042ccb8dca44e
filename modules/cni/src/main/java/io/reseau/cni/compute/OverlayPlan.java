package io.reseau.cni.compute;

import io.reseau.cni.ipam.Cidr;
import io.reseau.hostnet.link.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The overlay as this node should program it, from every Node (pure): for each other node's pod CIDR, a route
 * through the VXLAN device to that CIDR's first address (on-link: it is the peer's VTEP address), a permanent
 * neighbour entry giving that address the peer VTEP's MAC, and an FDB entry sending that MAC to the peer's
 * underlay address, as flannel's VXLAN backend does. Nodes not ready for it (no pod CIDR, no published VTEP)
 * are left out and named in {@code problems}.
 */
public record OverlayPlan(List<Cidr> ownPodCidrs, List<Route> routes, Map<String, String> neighbours,
        Map<String, String> fdb, List<String> problems) {

    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public static OverlayPlan compute(List<NodeFacts> nodes, String self, String vxlanDevice) {
        List<Cidr> own = List.of();
        List<Route> routes = new ArrayList<>();
        Map<String, String> neighbours = new LinkedHashMap<>();
        Map<String, String> fdb = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (NodeFacts node : nodes.stream().sorted(java.util.Comparator.comparing(NodeFacts::name)).toList()) {
            if (node.name().equals(self)) {
                own = node.podCidrs();
                continue;
            }
            if (node.podCidrs().isEmpty()) {
                problems.add("Node " + node.name() + " has no pod CIDR yet: its pods are not reachable");
                continue;
            }
            String mac = node.vtepMac().map(m -> m.toLowerCase(java.util.Locale.ROOT)).orElse("");
            String underlay = node.underlayIp().orElse("");
            if (!MAC.matcher(mac).matches() || !IPV4.matcher(underlay).matches()) {
                problems.add("Node " + node.name() + " has not published a valid VTEP (" + VtepAnnotations.MAC + "='"
                        + mac + "', " + VtepAnnotations.UNDERLAY_IP + "='" + underlay + "'): is reseau-cni running there?");
                continue;
            }
            fdb.put(mac, underlay);
            for (Cidr cidr : node.podCidrs()) {
                String vtep = Cidr.format(cidr.first());
                routes.add(Route.onlinkVia(cidr.toString(), vtep, vxlanDevice));
                neighbours.put(vtep, mac);
            }
        }
        return new OverlayPlan(own, List.copyOf(routes), Map.copyOf(neighbours), Map.copyOf(fdb), List.copyOf(problems));
    }
}
