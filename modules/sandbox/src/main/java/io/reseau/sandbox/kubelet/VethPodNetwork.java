package io.reseau.sandbox.kubelet;

import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.link.Route;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.cluster.AddressPlan;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's own pod wiring, used only when asked for ({@code RESEAU_SANDBOX_POD_NETWORK=veth}, its tests'
 * switch while a bundle has no CNI plugin): a veth from the node into the pod, the pod's /32 routed to it, the
 * pod's gateway a link-local address the node holds on every pod's veth (as Calico does). Pod CIDRs of other nodes are routed over the underlay by the
 * topology.
 */
public final class VethPodNetwork implements PodNetwork {

    private static final String GATEWAY = "169.254.1.1";

    private final AddressPlan plan;
    private final Map<String, NetworkNamespace> nodes;
    private final Map<String, Set<String>> inUse = new ConcurrentHashMap<>();

    public VethPodNetwork(AddressPlan plan, Map<String, NetworkNamespace> nodes) {
        this.plan = plan;
        this.nodes = nodes;
    }

    @Override
    public boolean ready(String node) {
        return true;
    }

    @Override
    public synchronized Attachment attach(String node, String podUid, NetworkNamespace pod) {
        Set<String> used = inUse.computeIfAbsent(node, n -> new HashSet<>());
        String ip = PodAddresses.next(plan.podCidr(node), used)
                .orElseThrow(() -> new IllegalStateException("no pod address left on " + node));
        String hostEnd = hostEnd(podUid);
        HostNetwork nodeNetwork = HostNetwork.in(nodes.get(node));
        nodeNetwork.links().addVeth(hostEnd, CniPodNetwork.IFNAME, pod);
        HostNetwork podNetwork = HostNetwork.in(pod);
        podNetwork.addresses().replace(CniPodNetwork.IFNAME, ip + "/32");
        podNetwork.links().setUp(CniPodNetwork.IFNAME);
        podNetwork.routes().replace(Route.direct(GATEWAY, CniPodNetwork.IFNAME));
        podNetwork.routes().replace(Route.via("default", GATEWAY, CniPodNetwork.IFNAME));
        nodeNetwork.addresses().replace(hostEnd, GATEWAY + "/32");
        nodeNetwork.links().setUp(hostEnd);
        nodeNetwork.routes().replace(Route.direct(ip + "/32", hostEnd));
        used.add(ip);
        return new VethAttachment(ip, hostEnd);
    }

    @Override
    public synchronized void detach(String node, String podUid, NetworkNamespace pod, Attachment attachment) {
        VethAttachment veth = (VethAttachment) attachment;
        HostNetwork.in(nodes.get(node)).links().delete(veth.hostEnd());
        inUse.getOrDefault(node, new HashSet<>()).remove(veth.podIp());
    }

    /** Interface names have at most 15 characters. */
    static String hostEnd(String podUid) {
        return "sbx" + PodSandboxes.shortId(podUid);
    }

    private record VethAttachment(String podIp, String hostEnd) implements Attachment {
    }
}
