package io.reseau.cni.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.cni.CniController;
import io.reseau.cni.apply.OverlayDevices;
import io.reseau.cni.apply.PluginInstaller;
import io.reseau.cni.ipam.Cidr;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.testing.MockApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two nodes on an isolated underlay, in throwaway namespaces, each with reseau-cni's agent running in-process
 * against a mock API server, and the plugin installed in a per-node bin dir as the chart's init step installs it:
 *
 * <pre>
 *   node1 10.99.0.1 ─┬─ underlay bridge (10.99.0.0/24), nothing else on it
 *   node2 10.99.0.2 ─┘
 *   node1: pod CIDRs 10.42.1.0/24, fd42:0:1::/64      node2: 10.42.2.0/24, fd42:0:2::/64
 * </pre>
 *
 * Every file the agent and plugin write (conflist, allocations, spool, bin dir) lives under the test's
 * directory. Pods are namespaces wired by calling the installed plugin as a runtime does.
 */
public final class CniTestbed implements AutoCloseable {

    public static final String CLUSTER_V4 = "10.42.0.0/16";
    public static final String CLUSTER_V6 = "fd42::/32";

    /** One node: its namespace, its files, its running agent. */
    public final class TestNode {
        public final String name;
        public final HostNetwork network;
        public final Path dir;
        private ControllerRuntime runtime;
        private CniController agent;

        TestNode(String name, HostNetwork network, Path dir) {
            this.name = name;
            this.network = network;
            this.dir = dir;
        }

        public Path binDir() {
            return dir.resolve("bin");
        }

        public Path plugin() {
            return binDir().resolve(PluginInstaller.PLUGIN_TYPE);
        }

        public Path conflist() {
            return dir.resolve("net.d/10-reseau.conflist");
        }

        public Path spoolDir() {
            return dir.resolve("run/cni");
        }

        public Path dataDir() {
            return dir.resolve("data");
        }

        public CniController.Settings settings() {
            return new CniController.Settings(name, List.of(Cidr.parse(CLUSTER_V4), Cidr.parse(CLUSTER_V6)),
                    network.namespace(), new OverlayDevices.Settings("reseau0", "reseau-vxlan", 1, 8472, Optional.empty()),
                    Optional.empty(), conflist(), "1.0.0", true, dataDir(), spoolDir(), Duration.ofMillis(100),
                    Duration.ofMinutes(5));
        }

        /** Starts (or restarts) the agent and waits for its first sync. */
        public void startAgent() {
            runtime = new ControllerRuntime(kube, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
            agent = new CniController(runtime, settings());
            agent.start().join();
            org.awaitility.Awaitility.await("first sync of the agent on " + name).atMost(Duration.ofSeconds(30))
                    .until(() -> agent.completedSyncs() > 0);
        }

        public long syncs() {
            return agent.completedSyncs();
        }

        /** Stops the agent, leaving what it programmed in the kernel. */
        public void stopAgent() throws InterruptedException {
            agent.close();
            runtime.close();
            agent = null;
        }

        /** A fresh pod namespace (not wired yet). */
        public NetworkNamespace newPodNamespace(String label) {
            return netns.create(label);
        }

        /** The stdin the runtime gives reseau, from the conflist the agent wrote. */
        public String pluginConfig() {
            return new ConflistRuntime(network.namespace(), conflist(), binDir()).pluginConfig(0);
        }

        /** Runs the installed plugin in this node's namespace, as the node's runtime would. */
        public PluginCall.Outcome run(Map<String, String> environment, String stdin) {
            return PluginCall.run(network.namespace(), plugin(), environment, stdin);
        }

        public PluginCall.Outcome call(String command, String containerId, NetworkNamespace pod, String ifname, String config) {
            String netns = pod == null ? null : pod.path().orElseThrow().toString();
            return PluginCall.run(network.namespace(), plugin(), PluginCall.env(command, containerId, netns, ifname, binDir()), config);
        }

        /** ADD through the plugin, failing the test if it fails; returns the pod's result. */
        public PluginCall.Outcome addPod(String containerId, NetworkNamespace pod) {
            PluginCall.Outcome added = call("ADD", containerId, pod, "eth0", pluginConfig());
            if (!added.succeeded()) {
                throw new AssertionError("ADD of " + containerId + " on " + name + " failed: " + added);
            }
            return added;
        }
    }

    private final ThrowawayNamespaces netns;
    private final Path work;
    private final Map<String, TestNode> nodes = new LinkedHashMap<>();
    private final List<WhoServer> servers = new java.util.ArrayList<>();
    private MockApiServer api;
    private KubernetesClient kube;

    private CniTestbed(ThrowawayNamespaces netns, Path work) {
        this.netns = netns;
        this.work = work;
    }

    public static CniTestbed start(ThrowawayNamespaces netns, Path work) throws Exception {
        CniTestbed bed = new CniTestbed(netns, work);
        bed.api = MockApiServer.start();
        bed.kube = bed.api.newClient();
        HostNetwork underlay = netns.createNetwork("underlay");
        underlay.links().addBridge("br0");
        underlay.links().setUp("br0");
        bed.addNode(underlay, "node1", "10.99.0.1", List.of("10.42.1.0/24", "fd42:0:1::/64"));
        bed.addNode(underlay, "node2", "10.99.0.2", List.of("10.42.2.0/24", "fd42:0:2::/64"));
        for (TestNode node : bed.nodes.values()) {
            node.startAgent();
        }
        return bed;
    }

    private void addNode(HostNetwork underlay, String name, String ip, List<String> podCidrs)
            throws Exception {
        HostNetwork network = netns.createNetwork(name);
        network.sysctls().set("net.ipv6.conf.all.accept_dad", "0");
        network.sysctls().set("net.ipv6.conf.default.accept_dad", "0");
        underlay.links().addVeth("u-" + name, "eth0", network.namespace());
        underlay.links().setMaster("u-" + name, "br0");
        underlay.links().setUp("u-" + name);
        network.addresses().replace("eth0", ip + "/24");
        network.links().setUp("eth0");
        Path dir = Files.createDirectories(work.resolve(name));
        TestNode node = new TestNode(name, network, dir);
        PluginInstaller.install(new PluginInstaller.Settings(node.binDir(), node.spoolDir()));
        kube.nodes().resource(nodeObject(name, ip, podCidrs)).create();
        nodes.put(name, node);
    }

    public static Node nodeObject(String name, String ip, List<String> podCidrs) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withPodCIDR(podCidrs.getFirst()).withPodCIDRs(podCidrs).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus()
                .build();
    }

    public TestNode node(String name) {
        return nodes.get(name);
    }

    public KubernetesClient kube() {
        return kube;
    }

    /** Makes a namespace, wires it as a pod on {@code node} through the plugin, and serves {@link WhoServer} on 8080. */
    public Pod pod(String node, String name) throws Exception {
        TestNode on = nodes.get(node);
        NetworkNamespace namespace = on.newPodNamespace(name);
        PluginCall.Outcome added = on.addPod(name, namespace);
        WhoServer server = WhoServer.start(namespace, name, 8080);
        servers.add(server);
        return new Pod(name, namespace, added, server);
    }

    /** A pod wired by the plugin. */
    public record Pod(String name, NetworkNamespace namespace, PluginCall.Outcome added, WhoServer server) {

        /** The pod's address of one family, from its ADD result. */
        public String ip(boolean ipv6) {
            for (var ip : added.json().path("ips")) {
                String address = ip.path("address").asText();
                if (address.contains(":") == ipv6) {
                    return address.substring(0, address.indexOf('/'));
                }
            }
            throw new AssertionError("no " + (ipv6 ? "IPv6" : "IPv4") + " address in " + added);
        }
    }

    @Override
    public void close() throws Exception {
        for (WhoServer server : servers) {
            server.close();
        }
        for (TestNode node : nodes.values()) {
            if (node.agent != null) {
                node.stopAgent();
            }
        }
        kube.close();
        api.close();
    }
}
