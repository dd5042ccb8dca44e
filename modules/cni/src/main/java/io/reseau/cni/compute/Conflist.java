package io.reseau.cni.compute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reseau.cni.ipam.Cidr;
import java.nio.file.Path;
import java.util.List;

/**
 * The network configuration list the runtime reads ({@code 10-reseau.conflist}), from the node's pod CIDRs
 * (pure). reseau is the first plugin; {@code portmap} follows it when chained, for {@code hostPort}s.
 */
public record Conflist(String networkName, String cniVersion, String bridge, int mtu, List<Cidr> subnets, Path dataDir,
        boolean chainPortmap) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("cniVersion", cniVersion).put("name", networkName);
        ArrayNode plugins = root.putArray("plugins");
        ObjectNode reseau = plugins.addObject().put("type", "reseau").put("bridge", bridge).put("mtu", mtu);
        subnets.forEach(subnet -> reseau.withArray("subnets").add(subnet.toString()));
        reseau.put("dataDir", dataDir.toString());
        if (chainPortmap) {
            plugins.addObject().put("type", "portmap").put("snat", true).putObject("capabilities").put("portMappings", true);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
