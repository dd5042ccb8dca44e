package io.reseau.sandbox.cluster;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The sandbox's addresses. The underlay is a private /24 on a bridge inside the sandbox's own namespace: no
 * route to or from the machine's network exists, so its addresses never meet the real ones. Pod CIDRs and the
 * service range are the k3s defaults.
 */
public record AddressPlan(int nodes) {

    public static final String UNDERLAY_PREFIX = "10.240.0.";
    public static final int UNDERLAY_PREFIX_LENGTH = 24;
    public static final String CLUSTER_CIDR = "10.42.0.0/16";
    public static final int API_PORT = 6443;
    public static final int MAX_NODES = 200;

    public AddressPlan {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be between 1 and " + MAX_NODES + ", got " + nodes);
        }
    }

    public String controlPlaneAddress() {
        return UNDERLAY_PREFIX + 2;
    }

    public String clientAddress() {
        return UNDERLAY_PREFIX + 3;
    }

    public List<String> nodeNames() {
        return IntStream.rangeClosed(1, nodes).mapToObj(AddressPlan::nodeName).toList();
    }

    public static String nodeName(int index) {
        return "node-" + index;
    }

    /** node-N is 10.240.0.(10+N) on the underlay. */
    public String nodeAddress(String node) {
        return UNDERLAY_PREFIX + (10 + index(node));
    }

    /** node-N owns 10.42.N.0/24, as the controller manager's node IPAM would hand out. */
    public String podCidr(String node) {
        return "10.42." + index(node) + ".0/24";
    }

    public String apiUrl() {
        return "http://" + controlPlaneAddress() + ":" + API_PORT;
    }

    static String withPrefix(String address) {
        return address + "/" + UNDERLAY_PREFIX_LENGTH;
    }

    private int index(String node) {
        int index = Integer.parseInt(node.substring("node-".length()));
        if (index < 1 || index > nodes) {
            throw new IllegalArgumentException("no node " + node + " in a sandbox of " + nodes);
        }
        return index;
    }
}
