package io.reseau.sandbox.cluster;

import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.link.Route;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.state.SandboxNamespaces;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's machines as network namespaces: a control plane, N nodes and a client, each with an
 * {@code eth0} on one bridge that lives in a namespace of its own (the underlay). Nothing is attached to the
 * machine's own network, and no namespace has a default route: sandbox traffic has nowhere to go but the
 * underlay.
 */
public final class Topology {

    static final String BRIDGE = "underlay";
    static final String DEVICE = "eth0";

    private final AddressPlan plan;
    private final NetworkNamespace controlPlane;
    private final Map<String, NetworkNamespace> nodes;

    private Topology(AddressPlan plan, NetworkNamespace controlPlane, Map<String, NetworkNamespace> nodes) {
        this.plan = plan;
        this.controlPlane = controlPlane;
        this.nodes = nodes;
    }

    /** Makes every namespace and wires it to the underlay. */
    public static Topology build(AddressPlan plan, SandboxNamespaces namespaces) {
        NetworkNamespace underlay = namespaces.create("underlay");
        HostNetwork bridgeSide = HostNetwork.in(underlay);
        bridgeSide.links().addBridge(BRIDGE);
        bridgeSide.links().setUp(BRIDGE);

        NetworkNamespace controlPlane = attach(bridgeSide, namespaces.create("cp"), "cp", plan.controlPlaneAddress());
        attach(bridgeSide, namespaces.create("client"), "client", plan.clientAddress());
        Map<String, NetworkNamespace> nodes = new LinkedHashMap<>();
        for (String node : plan.nodeNames()) {
            NetworkNamespace namespace = attach(bridgeSide, namespaces.create(node), node, plan.nodeAddress(node));
            HostNetwork.in(namespace).sysctls().set("net.ipv4.ip_forward", "1");
            nodes.put(node, namespace);
        }
        return new Topology(plan, controlPlane, nodes);
    }

    /**
     * Routes every node's pod CIDR to that node over the underlay, as a host-gateway overlay would. Only for the
     * sandbox's own pod wiring; with the CNI plugin its agent builds the overlay.
     */
    public void routePodCidrsOverUnderlay() {
        nodes.forEach((node, namespace) -> plan.nodeNames().stream().filter(other -> !other.equals(node))
                .forEach(other -> HostNetwork.in(namespace).routes()
                        .replace(Route.via(plan.podCidr(other), plan.nodeAddress(other), DEVICE))));
    }

    public NetworkNamespace controlPlane() {
        return controlPlane;
    }

    public Map<String, NetworkNamespace> nodes() {
        return nodes;
    }

    public NetworkNamespace node(String name) {
        NetworkNamespace node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name + " (nodes: " + String.join(", ", nodes.keySet()) + ")");
        }
        return node;
    }

    /** A veth from the bridge (port {@code port}) to {@code namespace}'s eth0 with {@code address}. */
    private static NetworkNamespace attach(HostNetwork bridgeSide, NetworkNamespace namespace, String port,
            String address) {
        bridgeSide.links().addVeth(port, DEVICE, namespace);
        bridgeSide.links().setMaster(port, BRIDGE);
        bridgeSide.links().setUp(port);
        HostNetwork inside = HostNetwork.in(namespace);
        inside.addresses().replace(DEVICE, AddressPlan.withPrefix(address));
        inside.links().setUp(DEVICE);
        return namespace;
    }
}
