package io.reseau.hostnet.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.TcpProbe;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.hostnet.testing.TwoHosts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NetnsExtension.class)
class LinksTest {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @Test
    void aVethPairJoinsTwoNamespaces(ThrowawayNamespaces netns) throws Exception {
        TwoHosts hosts = TwoHosts.connected(netns);

        Link left = hosts.left().links().get("eth0").orElseThrow();
        assertThat(left.kind()).contains("veth");
        assertThat(left.up()).isTrue();
        assertThat(hosts.left().addresses().list("eth0")).contains(TwoHosts.LEFT_IP + "/24");
        try (TcpProbe ignored = TcpProbe.serve(hosts.right().namespace(), TwoHosts.RIGHT_IP, 8080, "hello")) {
            assertThat(TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 8080, QUICK)).isEqualTo("hello");
        }

        assertThat(hosts.left().links().delete("eth0")).isTrue();
        assertThat(hosts.right().links().get("eth0")).as("deleting one end removes the peer").isEmpty();
        assertThat(hosts.left().links().delete("eth0")).isFalse();
    }

    @Test
    void aBridgeJoinsPodsOfOneNodeWithHairpinOnItsPorts(ThrowawayNamespaces netns) throws Exception {
        HostNetwork node = netns.createNetwork("node");
        node.links().addBridge("br0");
        node.addresses().replace("br0", "10.251.0.1/24");
        node.links().setUp("br0");
        HostNetwork podA = plugPod(netns, node, "pod-a", "veth-a", "10.251.0.2");
        HostNetwork podB = plugPod(netns, node, "pod-b", "veth-b", "10.251.0.3");

        assertThat(node.links().get("veth-a").orElseThrow().master()).contains("br0");
        try (TcpProbe b = TcpProbe.serve(podB.namespace(), "10.251.0.3", 80, "pod-b");
                TcpProbe n = TcpProbe.serve(node.namespace(), "10.251.0.1", 80, "node")) {
            assertThat(TcpProbe.connect(podA.namespace(), "10.251.0.3", 80, QUICK)).isEqualTo("pod-b");
            assertThat(TcpProbe.connect(podA.namespace(), "10.251.0.1", 80, QUICK)).isEqualTo("node");
        }
    }

    /**
     * The flannel VXLAN pattern between two nodes on an underlay: per peer, a route to its pod range via its VTEP
     * address (onlink), a permanent neighbour entry for that address, and an FDB entry sending the VTEP's MAC to
     * the peer's underlay address.
     */
    @Test
    void aVxlanOverlayCarriesTrafficBetweenNodesOnlyWhileItsEntriesExist(ThrowawayNamespaces netns) throws Exception {
        TwoHosts underlay = TwoHosts.connected(netns);
        HostNetwork left = underlay.left();
        HostNetwork right = underlay.right();
        String leftMac = vtep(left, TwoHosts.LEFT_IP, "10.42.1.0");
        String rightMac = vtep(right, TwoHosts.RIGHT_IP, "10.42.2.0");
        peer(left, "10.42.2.0", rightMac, TwoHosts.RIGHT_IP);
        peer(right, "10.42.1.0", leftMac, TwoHosts.LEFT_IP);

        assertThat(left.neighbours().list("vxlan0")).containsEntry("10.42.2.0", rightMac);
        assertThat(left.fdb().list("vxlan0")).containsEntry(rightMac, TwoHosts.RIGHT_IP);
        assertThat(left.routes().list(false)).contains(Route.onlinkVia("10.42.2.0/24", "10.42.2.0", "vxlan0"));
        assertThat(left.links().get("vxlan0").orElseThrow().kind()).contains("vxlan");
        try (TcpProbe ignored = TcpProbe.serve(right.namespace(), "10.42.2.0", 80, "across the overlay")) {
            assertThat(TcpProbe.connect(left.namespace(), "10.42.2.0", 80, QUICK)).isEqualTo("across the overlay");

            assertThat(left.routes().delete("10.42.2.0/24")).isTrue();
            assertThat(left.neighbours().delete("10.42.2.0", "vxlan0")).isTrue();
            assertThat(left.fdb().delete(rightMac, "vxlan0")).isTrue();

            assertThat(left.fdb().list("vxlan0")).doesNotContainKey(rightMac);
            assertThatThrownBy(() -> TcpProbe.connect(left.namespace(), "10.42.2.0", 80, QUICK))
                    .isInstanceOf(IOException.class);
        }
        assertThat(left.routes().delete("10.42.2.0/24")).as("deleting what is gone says so").isFalse();
    }

    @Test
    void sysctlsChangeOnlyTheNamespaceTheyAreSetIn(ThrowawayNamespaces netns) {
        HostNetwork node = netns.createNetwork("node");
        String rootForwarding = HostNetwork.in(NetworkNamespace.current()).sysctls().get("net.ipv4.ip_forward");

        node.sysctls().set("net.ipv4.ip_forward", "1");
        assertThat(node.sysctls().get("net.ipv4.ip_forward")).isEqualTo("1");
        node.sysctls().set("net.ipv4.ip_forward", "0");
        assertThat(node.sysctls().get("net.ipv4.ip_forward")).isEqualTo("0");

        assertThat(HostNetwork.in(NetworkNamespace.current()).sysctls().get("net.ipv4.ip_forward"))
                .isEqualTo(rootForwarding);
    }

    @Test
    void aNamespaceGivenByPathIsWorkedOnAndMovedIntoAsByName(ThrowawayNamespaces netns) {
        NetworkNamespace named = netns.create("by-path");
        NetworkNamespace byPath = NetworkNamespace.atPath(named.path().orElseThrow());
        HostNetwork node = netns.createNetwork("node");

        node.links().addVeth("host-end", "tmp-end", node.namespace());
        node.links().moveTo("tmp-end", byPath);
        HostNetwork pod = HostNetwork.in(byPath);
        pod.links().rename("tmp-end", "eth0");

        assertThat(pod.links().get("eth0")).isPresent();
        assertThat(node.links().get("tmp-end")).isEmpty();
        assertThat(HostNetwork.in(named).links().get("eth0")).isPresent();
    }

    @Test
    void badNamesAreRefusedBeforeAnyCommandRuns(ThrowawayNamespaces netns) {
        HostNetwork node = netns.createNetwork("node");
        assertThatThrownBy(() -> node.links().addBridge("a-name-far-too-long"))
                .hasMessageContaining("not a valid interface name");
        assertThatThrownBy(() -> node.sysctls().set("net.ipv4.ip_forward; reboot", "1"))
                .hasMessageContaining("not a sysctl key");
        assertThatThrownBy(() -> HostNetwork.in(NetworkNamespace.atPath(Path.of("/var/run/netns/does-not-exist"))))
                .hasMessageContaining("does not exist");
    }

    private static HostNetwork plugPod(ThrowawayNamespaces netns, HostNetwork node, String pod, String hostEnd, String ip) {
        HostNetwork network = netns.createNetwork(pod);
        node.links().addVeth(hostEnd, "eth0", network.namespace());
        node.links().setMaster(hostEnd, "br0");
        node.links().setHairpin(hostEnd, true);
        node.links().setUp(hostEnd);
        network.addresses().replace("eth0", ip + "/24");
        network.links().setUp("eth0");
        return network;
    }

    private static String vtep(HostNetwork node, String underlayIp, String vtepIp) {
        node.links().addVxlan(new Vxlan("vxlan0", 1, underlayIp, "eth0", 4789, Optional.of(1450)));
        node.addresses().replace("vxlan0", vtepIp + "/32");
        node.links().setUp("vxlan0");
        return node.links().get("vxlan0").orElseThrow().mac();
    }

    private static void peer(HostNetwork node, String peerVtepIp, String peerMac, String peerUnderlayIp) {
        node.neighbours().replace(peerVtepIp, peerMac, "vxlan0");
        node.fdb().replace(peerMac, "vxlan0", peerUnderlayIp);
        node.routes().replace(Route.onlinkVia(peerVtepIp.replaceAll("\\.0$", ".0/24"), peerVtepIp, "vxlan0"));
    }
}
