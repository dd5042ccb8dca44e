package io.reseau.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reseau.cni.compute.VtepAnnotations;
import io.reseau.cni.testing.CniTestbed;
import io.reseau.cni.testing.CniTestbed.Pod;
import io.reseau.cni.testing.WhoServer;
import io.reseau.hostnet.link.Link;
import io.reseau.hostnet.link.Route;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod network with real packets: two nodes on an isolated underlay, each with its agent; pods wired by
 * exec'ing the installed plugin as a runtime does; TCP between them, to nodes, and across an agent restart.
 */
@ExtendWith(NetnsExtension.class)
class CniNetworkTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static CniTestbed bed;
    private static Pod podA;
    private static Pod podB;
    private static Pod podC;

    @BeforeAll
    static void start(ThrowawayNamespaces netns, @TempDir Path work) throws Exception {
        bed = CniTestbed.start(netns, work);
        podA = bed.pod("node1", "pod-a");
        podB = bed.pod("node1", "pod-b");
        podC = bed.pod("node2", "pod-c");
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    @Test
    void podsOnTheSameNodeTalkWithTheirOwnAddresses() throws Exception {
        assertThat(WhoServer.ask(podA.namespace(), podB.ip(false), 8080)).isEqualTo("pod-b from=" + podA.ip(false));
        assertThat(WhoServer.ask(podA.namespace(), podB.ip(true), 8080)).isEqualTo("pod-b from=" + podA.ip(true));
    }

    @Test
    void podsOnDifferentNodesTalkOverTheOverlayUnNated() throws Exception {
        String reply = await().atMost(SETTLE).ignoreExceptions()
                .until(() -> WhoServer.ask(podA.namespace(), podC.ip(false), 8080), r -> !r.isEmpty());
        assertThat(reply).isEqualTo("pod-c from=" + podA.ip(false));
        assertThat(WhoServer.ask(podC.namespace(), podA.ip(false), 8080)).isEqualTo("pod-a from=" + podC.ip(false));
        assertThat(WhoServer.ask(podC.namespace(), podA.ip(true), 8080)).isEqualTo("pod-a from=" + podC.ip(true));
        // and the packets really crossed the underlay inside VXLAN: node1 routes node2's pods through its VTEP
        assertThat(bed.node("node1").network.routes().list(false)).anySatisfy(route -> {
            assertThat(route.destination()).isEqualTo("10.42.2.0/24");
            assertThat(route.device()).contains("reseau-vxlan");
            assertThat(route.via()).contains("10.42.2.0");
        });
    }

    @Test
    void podsReachTheirNodeAndOtherNodesWhichSeeTheNodeAddress() throws Exception {
        try (WhoServer node1 = WhoServer.start(bed.node("node1").network.namespace(), "node1", 9100);
                WhoServer node2 = WhoServer.start(bed.node("node2").network.namespace(), "node2", 9100)) {
            assertThat(WhoServer.ask(podA.namespace(), "10.99.0.1", 9100)).startsWith("node1 from=");
            // leaving the cluster CIDR: masqueraded behind node1's own address
            assertThat(WhoServer.ask(podA.namespace(), "10.99.0.2", 9100)).isEqualTo("node2 from=10.99.0.1");
        }
    }

    @Test
    void theAddResultDescribesTheVethTheAddressesAndTheRoutes() {
        JsonNode result = podA.added().json();
        assertThat(result.path("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(result.path("interfaces").get(1).path("name").asText()).isEqualTo("eth0");
        assertThat(result.path("interfaces").get(1).path("sandbox").asText()).isEqualTo(podA.namespace().path().orElseThrow().toString());
        assertThat(result.path("ips").get(0).path("address").asText()).startsWith("10.42.1.").endsWith("/24");
        assertThat(result.path("ips").get(0).path("gateway").asText()).isEqualTo("10.42.1.1");
        assertThat(result.path("ips").get(1).path("address").asText()).startsWith("fd42:0:1::").endsWith("/64");
        assertThat(result.path("routes")).extracting(r -> r.path("dst").asText()).containsExactly("0.0.0.0/0", "::/0");
        String hostEnd = result.path("interfaces").get(0).path("name").asText();
        Link veth = bed.node("node1").network.links().get(hostEnd).orElseThrow();
        assertThat(veth.master()).contains("reseau0");
        assertThat(veth.mtu()).isEqualTo(1450);
        assertThat(bed.node("node1").network.commands().check("bridge", "-d", "link", "show", "dev", hostEnd))
                .contains("hairpin on");
    }

    @Test
    void theGatewayKeepsItsMacWhilePodsComeAndGo() throws Exception {
        var node1 = bed.node("node1");
        // the kernel's own word: 3 is NET_ADDR_SET, a MAC given by hand, which the bridge then never changes
        String assigned = new io.reseau.hostnet.exec.ProcessRunner(io.reseau.hostnet.netns.NetworkNamespace.current())
                .check("ip", "netns", "exec", node1.network.namespace().name().orElseThrow(), "cat",
                        "/sys/class/net/reseau0/addr_assign_type");
        assertThat(assigned.strip()).isEqualTo("3");
        String before = node1.network.links().get("reseau0").orElseThrow().mac();
        // enough new ports that one of them has a lower MAC than every port before: an unpinned bridge would take it
        List<Pod> added = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            added.add(bed.pod("node1", "mac-" + i));
        }
        assertThat(node1.network.links().get("reseau0").orElseThrow().mac()).isEqualTo(before);
        assertThat(WhoServer.ask(podA.namespace(), podC.ip(false), 8080)).isEqualTo("pod-c from=" + podA.ip(false));
    }

    @Test
    void theAgentWritesTheConflistAndPublishesItsVtep() throws Exception {
        String conflist = Files.readString(bed.node("node1").conflist());
        assertThat(conflist).contains("\"type\" : \"reseau\"", "\"10.42.1.0/24\"", "\"fd42:0:1::/64\"", "\"mtu\" : 1450",
                "\"type\" : \"portmap\"");
        Map<String, String> annotations = bed.kube().nodes().withName("node1").get().getMetadata().getAnnotations();
        String mac = bed.node("node1").network.links().get("reseau-vxlan").orElseThrow().mac();
        assertThat(annotations).containsEntry(VtepAnnotations.MAC, mac).containsEntry(VtepAnnotations.UNDERLAY_IP, "10.99.0.1");
        assertThat(bed.node("node2").network.fdb().list("reseau-vxlan")).containsEntry(mac, "10.99.0.1");
    }

    @Test
    void aNodeThatGoesAwayTakesItsRoutesNeighbourAndFdbEntryWithIt() {
        bed.kube().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder(
                CniTestbed.nodeObject("node3", "10.99.0.3", List.of("10.42.3.0/24")))
                .editMetadata().addToAnnotations(VtepAnnotations.MAC, "02:00:00:00:00:03")
                .addToAnnotations(VtepAnnotations.UNDERLAY_IP, "10.99.0.3").endMetadata().build()).create();
        var node1 = bed.node("node1").network;
        // routes are written last in a sync
        await().atMost(SETTLE).until(() -> hasRouteTo(node1.routes().list(false), "10.42.3.0/24"));
        assertThat(node1.neighbours().list("reseau-vxlan")).containsEntry("10.42.3.0", "02:00:00:00:00:03");
        assertThat(node1.fdb().list("reseau-vxlan")).containsEntry("02:00:00:00:00:03", "10.99.0.3");

        bed.kube().nodes().withName("node3").delete();

        // one sync removes all three; wait for the one that goes last
        await().atMost(SETTLE).until(() -> !node1.fdb().list("reseau-vxlan").containsKey("02:00:00:00:00:03"));
        assertThat(hasRouteTo(node1.routes().list(false), "10.42.3.0/24")).isFalse();
        assertThat(node1.neighbours().list("reseau-vxlan")).doesNotContainKey("10.42.3.0");
        assertThat(hasRouteTo(node1.routes().list(false), "10.42.2.0/24")).as("node2 is still routed").isTrue();
    }

    @Test
    void anAgentRestartKeepsPodsConnectedAndTheVtepUnchanged() throws Exception {
        CniTestbed.TestNode node1 = bed.node("node1");
        String mac = node1.network.links().get("reseau-vxlan").orElseThrow().mac();
        node1.stopAgent();
        assertThat(WhoServer.ask(podA.namespace(), podC.ip(false), 8080)).as("while the agent is down")
                .isEqualTo("pod-c from=" + podA.ip(false));
        node1.startAgent();
        await().atMost(SETTLE).until(() -> node1.syncs() > 0);
        assertThat(node1.network.links().get("reseau-vxlan").orElseThrow().mac()).isEqualTo(mac);
        assertThat(WhoServer.ask(podC.namespace(), podA.ip(false), 8080)).isEqualTo("pod-a from=" + podC.ip(false));
        // and it still wires new pods, with addresses it has not handed out before
        Pod podD = bed.pod("node1", "pod-d");
        assertThat(podD.ip(false)).isNotIn(podA.ip(false), podB.ip(false));
        assertThat(WhoServer.ask(podD.namespace(), podC.ip(false), 8080)).isEqualTo("pod-c from=" + podD.ip(false));
    }

    private static boolean hasRouteTo(List<Route> routes, String destination) {
        return routes.stream().anyMatch(route -> route.destination().equals(destination));
    }
}
