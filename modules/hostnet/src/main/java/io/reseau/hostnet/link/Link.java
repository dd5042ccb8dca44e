package io.reseau.hostnet.link;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A network interface as the kernel reports it. {@code kind} is {@code veth}, {@code bridge}, {@code vxlan}, …
 * (empty for plain devices); {@code master} is the bridge it is enslaved to, if any.
 */
public record Link(String name, int index, Optional<String> kind, int mtu, String mac, boolean up,
        Optional<String> master) {

    static Link from(JsonNode node) {
        boolean up = false;
        for (JsonNode flag : node.path("flags")) {
            up |= flag.asText().equals("UP");
        }
        return new Link(
                node.path("ifname").asText(),
                node.path("ifindex").asInt(),
                IpJson.text(node.path("linkinfo"), "info_kind"),
                node.path("mtu").asInt(),
                node.path("address").asText(),
                up,
                IpJson.text(node, "master"));
    }
}
