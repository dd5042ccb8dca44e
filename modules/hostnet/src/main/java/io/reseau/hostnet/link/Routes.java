package io.reseau.hostnet.link;

import io.reseau.hostnet.exec.ProcessRunner;
import java.util.ArrayList;
import java.util.List;

/** The main routing table of one namespace ({@code ip route}, IPv4 and IPv6). */
public final class Routes {

    private final ProcessRunner ip;

    public Routes(ProcessRunner ip) {
        this.ip = ip;
    }

    /** Adds the route, or replaces the one with the same destination. */
    public void replace(Route route) {
        List<String> command = new ArrayList<>(List.of("ip", family(route), "route", "replace"));
        command.addAll(route.arguments());
        ip.check(command);
    }

    /** Deletes the route to this destination; true if there was one. */
    public boolean delete(String destination) {
        return ip.removeIfPresent(List.of("ip", family(destination), "route", "del", destination), "No such process");
    }

    public List<Route> list(boolean ipv6) {
        return IpJson.array(ip.check("ip", "-json", ipv6 ? "-6" : "-4", "route", "show")).stream()
                .map(Route::from)
                .toList();
    }

    private static String family(Route route) {
        return route.via().map(Routes::family).orElse(family(route.destination()));
    }

    private static String family(String address) {
        return address.contains(":") ? "-6" : "-4";
    }
}
