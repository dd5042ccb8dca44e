package io.reseau.hostnet.link;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A route: destination ({@code 10.42.1.0/24} or {@code default}), optional gateway, optional device, and
 * {@code onlink} (the gateway is reachable on the device without a covering route, as an overlay's peer VTEP
 * addresses are).
 */
public record Route(String destination, Optional<String> via, Optional<String> device, boolean onlink,
        Optional<String> source) {

    public static Route via(String destination, String gateway, String device) {
        return new Route(destination, Optional.of(gateway), Optional.of(device), false, Optional.empty());
    }

    public static Route onlinkVia(String destination, String gateway, String device) {
        return new Route(destination, Optional.of(gateway), Optional.of(device), true, Optional.empty());
    }

    public static Route direct(String destination, String device) {
        return new Route(destination, Optional.empty(), Optional.of(device), false, Optional.empty());
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(destination));
        via.ifPresent(gateway -> args.addAll(List.of("via", gateway)));
        device.ifPresent(dev -> args.addAll(List.of("dev", Interfaces.requireName(dev))));
        if (onlink) {
            args.add("onlink");
        }
        source.ifPresent(src -> args.addAll(List.of("src", src)));
        return args;
    }

    static Route from(JsonNode node) {
        boolean onlink = false;
        for (JsonNode flag : node.path("flags")) {
            onlink |= flag.asText().equals("onlink");
        }
        return new Route(node.path("dst").asText(), IpJson.text(node, "gateway"), IpJson.text(node, "dev"), onlink,
                IpJson.text(node, "prefsrc"));
    }
}
