package io.reseau.sandbox.kubelet.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A network configuration list as the CNI spec defines it (a name, a cniVersion, plugins in order), and what a
 * runtime derives from it: each plugin's configuration on stdin, with the list's name and version and the
 * previous plugin's result as {@code prevResult}. Pure: parsing and JSON only.
 */
public record CniConflist(String name, String cniVersion, List<ObjectNode> plugins) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static CniConflist parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<ObjectNode> plugins = new ArrayList<>();
            root.path("plugins").forEach(plugin -> plugins.add((ObjectNode) plugin));
            if (!root.hasNonNull("name") || !root.hasNonNull("cniVersion") || plugins.isEmpty()) {
                throw new IllegalArgumentException("not a CNI network configuration list (it needs name, cniVersion "
                        + "and plugins): " + json);
            }
            return new CniConflist(root.get("name").asText(), root.get("cniVersion").asText(), plugins);
        } catch (IOException e) {
            throw new UncheckedIOException("a conflist that is not JSON: " + json, e);
        }
    }

    /** The plugin's {@code type}: the name of its executable in the CNI bin dir. */
    public String type(int index) {
        return plugins.get(index).path("type").asText();
    }

    /** What plugin {@code index} reads on stdin, given the previous plugin's result (none for the first ADD). */
    public String stdin(int index, Optional<JsonNode> prevResult) {
        ObjectNode config = plugins.get(index).deepCopy();
        config.put("name", name);
        config.put("cniVersion", cniVersion);
        prevResult.ifPresent(result -> config.set("prevResult", result));
        return config.toString();
    }

    public static JsonNode parseResult(String stdout) {
        try {
            return JSON.readTree(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("a CNI plugin printed a result that is not JSON: " + stdout, e);
        }
    }

    /** The first IPv4 address of a result ({@code ips[].address} is {@code 10.42.1.5/24}), without its prefix. */
    public static Optional<String> firstIpv4(JsonNode result) {
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asText();
            if (address.contains(".")) {
                return Optional.of(address.substring(0, address.indexOf('/') < 0 ? address.length() : address.indexOf('/')));
            }
        }
        return Optional.empty();
    }
}
