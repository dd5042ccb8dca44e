package io.reseau.hostnet.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.reseau.hostnet.exec.ProcessRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Permanent neighbour (ARP / NDP) entries ({@code ip neigh}), such as a peer VTEP's MAC. */
public final class Neighbours {

    private final ProcessRunner ip;

    public Neighbours(ProcessRunner ip) {
        this.ip = ip;
    }

    public void replace(String address, String mac, String device) {
        ip.check("ip", "neigh", "replace", address, "lladdr", mac, "dev", Interfaces.requireName(device), "nud", "permanent");
    }

    /** True if the entry existed. */
    public boolean delete(String address, String device) {
        return ip.removeIfPresent(List.of("ip", "neigh", "del", address, "dev", Interfaces.requireName(device)),
                "No such file or directory");
    }

    /** Permanent entries on the device: address to MAC. */
    public Map<String, String> list(String device) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (JsonNode entry : IpJson.array(ip.check("ip", "-json", "neigh", "show", "dev", Interfaces.requireName(device), "nud", "permanent"))) {
            entries.put(entry.path("dst").asText(), entry.path("lladdr").asText());
        }
        return entries;
    }
}
