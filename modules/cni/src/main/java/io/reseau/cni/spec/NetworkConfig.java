package io.reseau.cni.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reseau.cni.ipam.AddressRange;
import io.reseau.cni.ipam.Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network configuration a runtime passes on stdin: the conflist entry the node agent wrote (type
 * {@code reseau}), with the {@code name} and {@code cniVersion} of the list, and what the runtime adds
 * ({@code prevResult} for CHECK, {@code cni.dev/valid-attachments} for GC).
 *
 * <pre>{@code
 * {"cniVersion": "1.1.0", "name": "reseau", "type": "reseau", "bridge": "reseau0", "mtu": 1450,
 *  "subnets": ["10.42.1.0/24", "fd42:0:1::/64"], "dataDir": "/var/lib/reseau/cni"}
 * }</pre>
 */
public record NetworkConfig(String cniVersion, String name, String bridge, int mtu, List<AddressRange> ranges,
        Path dataDir, Optional<JsonNode> prevResult, List<Attachment> validAttachments) {

    public static final String DEFAULT_BRIDGE = "reseau0";
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/reseau/cni");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The spec's rule for network names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    private static final Pattern IFNAME = Pattern.compile("[^/\\s:]{1,15}");

    /** The cniVersion a config asks for, read leniently so that even a bad config's error speaks its version. */
    public static String versionOf(byte[] stdin) {
        try {
            return JSON.readTree(stdin).path("cniVersion").asText(CniVersions.LATEST);
        } catch (java.io.IOException | RuntimeException e) {
            return CniVersions.LATEST;
        }
    }

    /** Parses and checks a configuration; {@code command} decides what must be there. */
    public static NetworkConfig parse(byte[] stdin, CniCommand command) {
        JsonNode root;
        try {
            root = JSON.readTree(stdin);
        } catch (JsonProcessingException e) {
            throw new CniError(CniError.DECODING_FAILURE, "the network configuration on stdin is not JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot read the network configuration from stdin: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CniError(CniError.DECODING_FAILURE, "the network configuration on stdin must be a JSON object");
        }
        String version = text(root, "cniVersion").orElseThrow(() -> invalid("cniVersion is missing"));
        CniVersions.requireSupported(version);
        String name = text(root, "name").orElseThrow(() -> invalid("name is missing (the network's name)"));
        if (!NAME.matcher(name).matches()) {
            throw invalid("name '" + name + "' is not a network name: letters and digits, then also '_', '.', '-'");
        }
        String bridge = text(root, "bridge").orElse(DEFAULT_BRIDGE);
        if (!IFNAME.matcher(bridge).matches()) {
            throw invalid("bridge '" + bridge + "' is not an interface name: 1 to 15 characters, no '/', ':' or whitespace");
        }
        List<AddressRange> ranges = ranges(root.path("subnets"));
        if (command == CniCommand.ADD || command == CniCommand.CHECK || command == CniCommand.STATUS) {
            if (ranges.isEmpty()) {
                throw invalid("subnets is missing or empty: give the node's pod CIDRs, e.g. [\"10.42.1.0/24\"]");
            }
        }
        int mtu = mtu(root.path("mtu"), ranges);
        Path dataDir = text(root, "dataDir").map(Path::of).orElse(DEFAULT_DATA_DIR);
        if (!dataDir.isAbsolute()) {
            throw invalid("dataDir '" + dataDir + "' must be an absolute path");
        }
        Optional<JsonNode> prevResult = Optional.ofNullable(root.get("prevResult")).filter(JsonNode::isObject);
        if (command == CniCommand.CHECK && prevResult.isEmpty()) {
            throw invalid("CHECK needs prevResult (the result of ADD) in the configuration");
        }
        return new NetworkConfig(version, name, bridge, mtu, ranges, dataDir, prevResult,
                attachments(root.path("cni.dev/valid-attachments"), command));
    }

    private static List<AddressRange> ranges(JsonNode subnets) {
        if (subnets.isMissingNode() || subnets.isNull()) {
            return List.of();
        }
        if (!subnets.isArray()) {
            throw invalid("subnets must be a list of CIDRs, e.g. [\"10.42.1.0/24\", \"fd42:0:1::/64\"]");
        }
        List<AddressRange> ranges = new ArrayList<>();
        for (JsonNode subnet : subnets) {
            AddressRange range;
            try {
                range = new AddressRange(Cidr.parse(subnet.asText()));
            } catch (IllegalArgumentException e) {
                throw invalid("subnets: " + e.getMessage());
            }
            for (AddressRange other : ranges) {
                if (other.subnet().ipv6() == range.subnet().ipv6()) {
                    throw invalid("subnets: " + other.subnet() + " and " + range.subnet()
                            + " are of the same family: give at most one IPv4 and one IPv6 subnet");
                }
            }
            ranges.add(range);
        }
        return List.copyOf(ranges);
    }

    private static int mtu(JsonNode node, List<AddressRange> ranges) {
        if (node.isMissingNode() || node.isNull()) {
            return 1450;
        }
        boolean ipv6 = ranges.stream().anyMatch(r -> r.subnet().ipv6());
        int minimum = ipv6 ? 1280 : 576;
        if (!node.isInt() || node.asInt() < minimum || node.asInt() > 65_535) {
            throw invalid("mtu " + node + " is out of range: " + minimum + ".." + 65_535
                    + (ipv6 ? " (IPv6 needs at least 1280)" : ""));
        }
        return node.asInt();
    }

    private static List<Attachment> attachments(JsonNode list, CniCommand command) {
        if (command != CniCommand.GC) {
            return List.of();
        }
        if (!list.isArray()) {
            throw invalid("GC needs cni.dev/valid-attachments, the list of attachments to keep");
        }
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode entry : list) {
            String id = entry.path("containerID").asText("");
            String ifname = entry.path("ifname").asText("");
            if (id.isEmpty() || ifname.isEmpty()) {
                throw invalid("cni.dev/valid-attachments: every entry needs containerID and ifname, got " + entry);
            }
            attachments.add(new Attachment(id, ifname));
        }
        return List.copyOf(attachments);
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(field + " must be a non-empty string, got " + value);
        }
        return Optional.of(value.asText());
    }

    private static CniError invalid(String message) {
        return new CniError(CniError.INVALID_CONFIG, "invalid network configuration: " + message);
    }
}
