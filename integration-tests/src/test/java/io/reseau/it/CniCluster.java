package io.reseau.it;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.informers.testing.MockApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nodes for CNI tests and benchmarks, in throwaway namespaces on an isolated underlay bridge (10.98.0.0/24): each runs
 * the bundle's reseau-cni agent as its own process against a mock API server, with the plugin installed by the
 * bundle's {@code reseau-cni install} into a bin dir of its own.
 */
public final class CniCluster implements AutoCloseable {

    /** One node. */
    public record BenchNode(String name, String ip, HostNetwork network, Path dir, RunningBinary agent) {

        public Path binDir() {
            return dir.resolve("bin");
        }

        public Path conflist() {
            return dir.resolve("net.d/10-reseau.conflist");
        }

        public Path spoolDir() {
            return dir.resolve("spool");
        }
    }


    private final ThrowawayNamespaces netns;
    private final Path work;
    private final MockApiServer api = MockApiServer.start();
    private final KubernetesClient kube = api.newClient();
    private final HostNetwork underlay;
    private final List<BenchNode> nodes = new ArrayList<>();

    public CniCluster(ThrowawayNamespaces netns, Path work) throws Exception {
        this.netns = netns;
        this.work = work;
        this.underlay = netns.createNetwork("bench-underlay");
        underlay.links().addBridge("br0");
        underlay.links().setUp("br0");
        Kubeconfig.write(work, api.url());
    }

    /** A node on the underlay with its pod CIDR, its agent running and ready, its plugin installed. */
    public BenchNode addNode(String name, int index, String podCidr) throws Exception {
        String ip = "10.98.0." + index;
        HostNetwork network = onUnderlay(name, ip);
        kube.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withPodCIDRs(podCidr).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus().build())
                .create();
        Path dir = Files.createDirectories(work.resolve(name));
        Map<String, String> files = Map.of(
                "RESEAU_CNI_CONF_DIR", dir.resolve("net.d").toString(),
                "RESEAU_CNI_SPOOL_DIR", dir.resolve("spool").toString(),
                "RESEAU_CNI_DATA_DIR", dir.resolve("data").toString(),
                "RESEAU_CNI_BIN_DIR", dir.resolve("bin").toString());
        ProcessBuilder install = new ProcessBuilder(Bundle.binary("reseau-cni").toString(), "install").redirectErrorStream(true);
        install.environment().putAll(files);
        Process installing = install.start();
        String output = new String(installing.getInputStream().readAllBytes());
        if (installing.waitFor() != 0) {
            throw new AssertionError("reseau-cni install failed: " + output);
        }
        java.util.HashMap<String, String> env = new java.util.HashMap<>(files);
        env.putAll(Map.of("KUBECONFIG", work.resolve("kubeconfig").toString(), "RESEAU_CNI_NODE_NAME", name,
                "RESEAU_CNI_NETWORK_NAMESPACE", network.namespace().name().orElseThrow(),
                "RESEAU_CNI_CHAIN_PORTMAP", "false"));
        RunningBinary agent = RunningBinary.start("reseau-cni", dir, env);
        agent.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(90));
        BenchNode node = new BenchNode(name, ip, network, dir, agent);
        nodes.add(node);
        return node;
    }

    public NetworkNamespace podNamespace(String label) {
        return netns.create(label);
    }

    /** A new namespace named {@code label} whose {@code eth0} is on the underlay bridge with address {@code ip}/24. */
    public HostNetwork onUnderlay(String label, String ip) {
        HostNetwork network = netns.createNetwork(label);
        underlay.links().addVeth("u-" + label, "eth0", network.namespace());
        underlay.links().setMaster("u-" + label, "br0");
        underlay.links().setUp("u-" + label);
        network.addresses().replace("eth0", ip + "/24");
        network.links().setUp("eth0");
        return network;
    }

    @Override
    public void close() throws Exception {
        for (BenchNode node : nodes) {
            node.agent().close();
        }
        kube.close();
        api.close();
    }
}
