package io.reseau.cni.apply;

import io.reseau.cni.compute.OverlayPlan;
import io.reseau.cni.ipam.Cidr;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.link.Route;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the VXLAN device's FDB, neighbours and routes exactly those of an {@link OverlayPlan}: what is missing
 * or different is written, what no Node asks for any more is removed. Entries are added FDB first and routes
 * last (a route is usable only once its neighbour and FDB entry exist) and removed in the reverse order.
 */
public final class PeerRoutes {

    private final HostNetwork host;
    private final String vxlan;

    public PeerRoutes(HostNetwork host, String vxlan) {
        this.host = host;
        this.vxlan = vxlan;
    }

    public void apply(OverlayPlan plan) {
        Map<String, Route> currentRoutes = new LinkedHashMap<>();
        for (boolean ipv6 : new boolean[] {false, true}) {
            for (Route route : host.routes().list(ipv6)) {
                if (route.device().filter(vxlan::equals).isPresent() && route.via().isPresent() && route.destination().contains("/")) {
                    currentRoutes.put(canonicalCidr(route.destination()), route);
                }
            }
        }
        Map<String, Route> wantedRoutes = new LinkedHashMap<>();
        plan.routes().forEach(route -> wantedRoutes.put(canonicalCidr(route.destination()), route));
        Map<String, String> currentNeighbours = canonicalKeys(host.neighbours().list(vxlan));
        Map<String, String> wantedNeighbours = canonicalKeys(plan.neighbours());
        Map<String, String> currentFdb = host.fdb().list(vxlan);

        currentRoutes.forEach((destination, route) -> {
            if (!wantedRoutes.containsKey(destination)) {
                host.routes().delete(route.destination());
            }
        });
        currentNeighbours.keySet().stream().filter(address -> !wantedNeighbours.containsKey(address)).toList()
                .forEach(address -> host.neighbours().delete(address, vxlan));
        currentFdb.keySet().stream().filter(mac -> !plan.fdb().containsKey(mac) && !mac.equals("00:00:00:00:00:00"))
                .toList().forEach(mac -> host.fdb().delete(mac, vxlan));

        plan.fdb().forEach((mac, underlay) -> {
            if (!underlay.equals(currentFdb.get(mac))) {
                host.fdb().replace(mac, vxlan, underlay);
            }
        });
        wantedNeighbours.forEach((address, mac) -> {
            if (!mac.equals(currentNeighbours.get(address))) {
                host.neighbours().replace(address, mac, vxlan);
            }
        });
        wantedRoutes.forEach((destination, route) -> {
            Route present = currentRoutes.get(destination);
            if (present == null || !present.onlink() || !Objects.equals(present.via().map(PeerRoutes::canonicalAddress),
                    route.via().map(PeerRoutes::canonicalAddress))) {
                host.routes().replace(route);
            }
        });
    }

    private static Map<String, String> canonicalKeys(Map<String, String> entries) {
        Map<String, String> canonical = new HashMap<>();
        entries.forEach((address, mac) -> canonical.put(canonicalAddress(address), mac.toLowerCase(java.util.Locale.ROOT)));
        return canonical;
    }

    private static String canonicalAddress(String address) {
        return Cidr.format(Cidr.literal(address, address));
    }

    private static String canonicalCidr(String cidr) {
        return Cidr.parse(cidr).toString();
    }
}
