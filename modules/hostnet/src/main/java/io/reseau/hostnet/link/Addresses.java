package io.reseau.hostnet.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.reseau.hostnet.exec.ProcessRunner;
import java.util.ArrayList;
import java.util.List;

/** IP addresses on interfaces ({@code ip addr}), written as {@code address/prefix}. */
public final class Addresses {

    private final ProcessRunner ip;

    public Addresses(ProcessRunner ip) {
        this.ip = ip;
    }

    /** Adds the address, or keeps it if it is already there. */
    public void replace(String device, String cidr) {
        ip.check("ip", "addr", "replace", cidr, "dev", Interfaces.requireName(device));
    }

    public void delete(String device, String cidr) {
        ip.check("ip", "addr", "del", cidr, "dev", Interfaces.requireName(device));
    }

    /** The global and link addresses of the device (IPv6 link-local ones included), as {@code address/prefix}. */
    public List<String> list(String device) {
        List<String> cidrs = new ArrayList<>();
        for (JsonNode link : IpJson.array(ip.check("ip", "-json", "addr", "show", "dev", Interfaces.requireName(device)))) {
            for (JsonNode address : link.path("addr_info")) {
                cidrs.add(address.path("local").asText() + "/" + address.path("prefixlen").asInt());
            }
        }
        return cidrs;
    }
}
