package io.reseau.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reseau.hostnet.exec.CommandResult;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.TcpProbe;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle's CNI path end to end: {@code reseau-cni install} puts the plugin (a shell script that knows the
 * agent's spool directory) into a bin dir, the bundle's agent builds two nodes' overlay, and the installed plugin, exec'd
 * as a runtime execs it, wires pods that reach each other across the nodes.
 */
@ExtendWith(NetnsExtension.class)
class CniBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theInstalledPluginWiresPodsThatTalkAcrossNodes(ThrowawayNamespaces netns, @TempDir Path work) throws Exception {
        try (CniCluster cluster = new CniCluster(netns, work)) {
            CniCluster.BenchNode node1 = cluster.addNode("it-node1", 1, "10.42.1.0/24");
            CniCluster.BenchNode node2 = cluster.addNode("it-node2", 2, "10.42.2.0/24");
            assertThat(node1.binDir().resolve("reseau")).isExecutable();
            assertThat(Files.readString(node1.binDir().resolve("reseau")))
                    .as("the plugin knows the agent's spool").contains("spool='" + node1.spoolDir() + "'");

            NetworkNamespace a = cluster.podNamespace("it-a");
            NetworkNamespace b = cluster.podNamespace("it-b");
            add(node1, "a", a);
            String ipB = add(node2, "b", b).path("ips").get(0).path("address").asText().split("/")[0];
            try (TcpProbe server = TcpProbe.serve(b, ipB, 8080, "hello from b")) {
                assertThat(TcpProbe.connect(a, ipB, 8080, Duration.ofSeconds(5))).isEqualTo("hello from b");
            }
        }
    }

    private static JsonNode add(CniCluster.BenchNode node, String id, NetworkNamespace pod) throws Exception {
        JsonNode conflist = JSON.readTree(Files.readString(node.conflist()));
        String config = ((com.fasterxml.jackson.databind.node.ObjectNode) conflist.path("plugins").get(0).deepCopy())
                .put("name", conflist.path("name").asText()).put("cniVersion", conflist.path("cniVersion").asText()).toString();
        CommandResult added = new ProcessRunner(node.network().namespace()).run(List.of("env", "-i",
                "CNI_COMMAND=ADD", "CNI_CONTAINERID=" + id, "CNI_NETNS=" + pod.path().orElseThrow(), "CNI_IFNAME=eth0",
                "CNI_PATH=" + node.binDir(), node.binDir().resolve("reseau").toString()), config);
        assertThat(added.succeeded()).as(added.toString()).isTrue();
        return JSON.readTree(added.stdout());
    }
}
