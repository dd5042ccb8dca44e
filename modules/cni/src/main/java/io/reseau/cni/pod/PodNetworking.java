package io.reseau.cni.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.reseau.cni.ipam.AddressRange;
import io.reseau.cni.ipam.AddressStore;
import io.reseau.cni.ipam.Cidr;
import io.reseau.cni.spec.AddResult;
import io.reseau.cni.spec.Attachment;
import io.reseau.cni.spec.CniError;
import io.reseau.cni.spec.NetworkConfig;
import io.reseau.hostnet.netlink.NetlinkException;
import io.reseau.hostnet.netns.NamespaceDescriptor;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.rtnetlink.InterfaceAddress;
import io.reseau.hostnet.rtnetlink.LinkState;
import io.reseau.hostnet.rtnetlink.RouteNetlink;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the plugin's commands do to the node: ADD wires a container to the node's bridge (a veth whose container
 * end is created directly inside the container's namespace, addresses from the {@link AddressStore}, a default
 * route per family via the bridge), DEL undoes it, CHECK verifies it, GC frees what no runtime holds any more,
 * STATUS says whether ADD can work. All changes go through rtnetlink in this process. A failed ADD removes what
 * it made before it reports the failure.
 */
public final class PodNetworking {

    private final RouteNetlink node;
    /** The node's rtnetlink socket takes one request at a time. */
    private final ReentrantLock nodeLock = new ReentrantLock();

    public PodNetworking(RouteNetlink node) {
        this.node = node;
    }

    public AddResult add(Attachment attachment, String netns, NetworkConfig config) {
        Path netnsPath = requireNetns(netns);
        LinkState bridge = bridge(config);
        AddressStore store = new AddressStore(config.dataDir(), config.name());
        String hostName = HostVethName.of(attachment);
        List<InetAddress> addresses = store.allocate(attachment, config.ranges());
        boolean done = false;
        try (NamespaceDescriptor podFd = NamespaceDescriptor.open(NetworkNamespace.atPath(netnsPath));
                RouteNetlink pod = RouteNetlink.open(NetworkNamespace.atPath(netnsPath))) {
            AddResult result = existing(attachment, netnsPath, config, addresses, bridge, pod)
                    .orElseGet(() -> create(attachment, netnsPath, config, addresses, bridge, podFd, pod));
            done = true;
            return result;
        } catch (NetlinkException e) {
            throw new CniError(CniError.KERNEL_REFUSED, "ADD of " + attachment.ifname() + " for container "
                    + attachment.containerId() + " failed, nothing was kept: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the path exists but cannot be opened or entered as a network namespace
            throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_NETNS=" + netns + " is not a usable network namespace: "
                    + e.getMessage());
        } finally {
            if (!done) {
                withNode(() -> node.deleteLink(hostName));
                store.release(attachment);
            }
        }
    }

    public void delete(Attachment attachment, NetworkConfig config) {
        withNode(() -> node.deleteLink(HostVethName.of(attachment)));
        new AddressStore(config.dataDir(), config.name()).release(attachment);
    }

    public void check(Attachment attachment, String netns, NetworkConfig config) {
        Path netnsPath = requireNetns(netns);
        LinkState bridge = bridge(config);
        LinkState host = withNode(() -> node.link(HostVethName.of(attachment))).orElseThrow(() -> checkFailed(attachment,
                "its node-side veth " + HostVethName.of(attachment) + " is missing"));
        if (host.master() != bridge.index() || !host.up()) {
            throw checkFailed(attachment, "its node-side veth " + host.name() + " is not up on " + config.bridge());
        }
        try (RouteNetlink pod = RouteNetlink.open(NetworkNamespace.atPath(netnsPath))) {
            LinkState inside = pod.link(attachment.ifname()).orElseThrow(() -> checkFailed(attachment,
                    attachment.ifname() + " is missing in " + netns));
            Set<String> present = new HashSet<>();
            pod.addresses(inside.index()).forEach(a -> present.add(a.cidr()));
            for (String expected : expectedAddresses(config.prevResult().orElseThrow())) {
                if (!present.contains(expected)) {
                    throw checkFailed(attachment, attachment.ifname() + " lacks " + expected + " (it has " + present + ")");
                }
            }
        }
        boolean allocated = new AddressStore(config.dataDir(), config.name()).list().stream()
                .anyMatch(a -> a.owner().equals(attachment));
        if (!allocated) {
            throw checkFailed(attachment, "it holds no address in the allocations under " + config.dataDir());
        }
    }

    /** Frees the addresses and removes the veths of every attachment not in {@code keep}; returns those removed. */
    public List<Attachment> collectGarbage(NetworkConfig config) {
        Set<Attachment> keep = Set.copyOf(config.validAttachments());
        AddressStore store = new AddressStore(config.dataDir(), config.name());
        List<Attachment> removed = new ArrayList<>();
        for (AddressStore.Allocation allocation : store.list()) {
            if (!keep.contains(allocation.owner()) && !removed.contains(allocation.owner())) {
                delete(allocation.owner(), config);
                removed.add(allocation.owner());
            }
        }
        // veths whose allocation is already gone (a crash between the two): on our bridge, named by us, unclaimed
        Set<String> kept = new HashSet<>();
        keep.forEach(a -> kept.add(HostVethName.of(a)));
        withNode(() -> node.link(config.bridge())).ifPresent(bridge -> {
            for (LinkState link : withNode(node::links)) {
                if (link.master() == bridge.index() && link.name().startsWith(HostVethName.PREFIX) && !kept.contains(link.name())) {
                    withNode(() -> node.deleteLink(link.name()));
                }
            }
        });
        return removed;
    }

    /** Throws NOT_AVAILABLE unless ADD would work: the bridge is there and every range has a free address. */
    public void status(NetworkConfig config) {
        try {
            bridge(config);
        } catch (CniError e) {
            throw new CniError(CniError.NOT_AVAILABLE, e.getMessage());
        }
        if (!new AddressStore(config.dataDir(), config.name()).hasRoom(config.ranges())) {
            throw new CniError(CniError.NOT_AVAILABLE, "every address of " + config.ranges().stream()
                    .map(r -> r.subnet().toString()).toList() + " is in use: no pod can be added on this node");
        }
    }

    private java.util.Optional<AddResult> existing(Attachment attachment, Path netns, NetworkConfig config,
            List<InetAddress> addresses, LinkState bridge, RouteNetlink pod) {
        java.util.Optional<LinkState> host = withNode(() -> node.link(HostVethName.of(attachment)));
        java.util.Optional<LinkState> inside = pod.link(attachment.ifname());
        if (host.isEmpty() || inside.isEmpty() || host.get().master() != bridge.index()) {
            if (host.isPresent()) {
                withNode(() -> node.deleteLink(HostVethName.of(attachment))); // half-made by an interrupted ADD
            }
            return java.util.Optional.empty();
        }
        Set<String> present = new HashSet<>();
        pod.addresses(inside.get().index()).forEach(a -> present.add(a.cidr()));
        List<AddResult.IpConfig> ips = ipConfigs(config.ranges(), addresses);
        if (!ips.stream().allMatch(ip -> present.contains(new InterfaceAddress(0, ip.address(), ip.prefixLength()).cidr()))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new AddResult(host.get().name(), host.get().mac(), attachment.ifname(),
                inside.get().mac(), netns.toString(), config.mtu(), ips));
    }

    private AddResult create(Attachment attachment, Path netns, NetworkConfig config, List<InetAddress> addresses,
            LinkState bridge, NamespaceDescriptor podFd, RouteNetlink pod) {
        String hostName = HostVethName.of(attachment);
        if (pod.link(attachment.ifname()).isPresent()) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_IFNAME=" + attachment.ifname()
                    + " already exists in " + netns + ": pick another interface name, or DEL the attachment that made it");
        }
        LinkState host = withNode(() -> {
            node.addVeth(hostName, attachment.ifname(), podFd, config.mtu());
            LinkState made = node.link(hostName).orElseThrow();
            node.setMaster(made.index(), bridge.index());
            node.setHairpin(made.index());
            node.setUp(made.index());
            return node.link(hostName).orElseThrow();
        });
        pod.link("lo").filter(lo -> !lo.up()).ifPresent(lo -> pod.setUp(lo.index()));
        LinkState inside = pod.link(attachment.ifname()).orElseThrow();
        List<AddResult.IpConfig> ips = ipConfigs(config.ranges(), addresses);
        for (AddResult.IpConfig ip : ips) {
            pod.replaceAddress(inside.index(), ip.address(), ip.prefixLength());
        }
        pod.setUp(inside.index());
        for (AddResult.IpConfig ip : ips) {
            InetAddress any = Cidr.literal(ip.address() instanceof java.net.Inet6Address ? "::" : "0.0.0.0", "default");
            pod.replaceRoute(any, 0, ip.gateway(), inside.index());
        }
        return new AddResult(host.name(), host.mac(), attachment.ifname(), inside.mac(), netns.toString(), config.mtu(), ips);
    }

    private static List<AddResult.IpConfig> ipConfigs(List<AddressRange> ranges, List<InetAddress> addresses) {
        List<AddResult.IpConfig> ips = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            ips.add(new AddResult.IpConfig(addresses.get(i), ranges.get(i).subnet().prefixLength(), ranges.get(i).gateway()));
        }
        return ips;
    }

    private static List<String> expectedAddresses(JsonNode prevResult) {
        List<String> expected = new ArrayList<>();
        for (JsonNode ip : prevResult.path("ips")) {
            String[] cidr = ip.path("address").asText().split("/");
            if (cidr.length == 2) {
                expected.add(new InterfaceAddress(0, Cidr.literal(cidr[0], cidr[0]), Integer.parseInt(cidr[1])).cidr());
            }
        }
        return expected;
    }

    private LinkState bridge(NetworkConfig config) {
        return withNode(() -> node.link(config.bridge())).orElseThrow(() -> new CniError(CniError.TRY_AGAIN_LATER,
                "the bridge " + config.bridge() + " is not there yet: the node agent (reseau-cni) makes it once it "
                        + "knows the node's pod CIDR; is it running on this node?"));
    }

    private static Path requireNetns(String netns) {
        Path path = Path.of(netns);
        if (!path.isAbsolute() || !Files.exists(path)) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_NETNS=" + netns
                    + " does not exist: give the path of the container's network namespace (e.g. /var/run/netns/<name>)");
        }
        return path;
    }

    private static CniError checkFailed(Attachment attachment, String why) {
        return new CniError(CniError.CHECK_FAILED, "CHECK of " + attachment.ifname() + " for container "
                + attachment.containerId() + " failed: " + why);
    }

    private <T> T withNode(java.util.function.Supplier<T> action) {
        nodeLock.lock();
        try {
            return action.get();
        } finally {
            nodeLock.unlock();
        }
    }
}
