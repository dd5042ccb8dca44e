package io.reseau.sandbox.cluster;

import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.state.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the node agents the bundle has on every node, as a DaemonSet would: reseau-cni (when the bundle ships
 * it: its plugin installed into the node's CNI bin dir first) and reseau-proxy, each {@link KeptRunning} (started
 * again when it ends by itself, and in the state file while it runs).
 */
public final class NodeAgents implements AutoCloseable {

    public static final String CNI = "reseau-cni";
    public static final String PROXY = "reseau-proxy";
    static final int CNI_PORT = 9641;
    static final int PROXY_PORT = 9642;
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final SandboxSettings settings;
    private final Topology topology;
    private final StateFile state;
    private final Path nodeKubeconfig;
    private final List<KeptRunning> running = new ArrayList<>();

    public NodeAgents(SandboxSettings settings, Topology topology, StateFile state, Path nodeKubeconfig) {
        this.settings = settings;
        this.topology = topology;
        this.state = state;
        this.nodeKubeconfig = nodeKubeconfig;
    }

    /** Whether pods get their network from the bundle's CNI plugin (and its agent runs on the nodes). */
    public boolean cniEnabled() {
        return settings.podNetwork() == SandboxSettings.PodNetworkMode.CNI && settings.bundleHas(CNI);
    }

    /** Starts every agent on every node and waits until all report ready. */
    public void startAll() throws IOException, InterruptedException {
        if (!settings.bundleHas(PROXY)) {
            throw new IllegalStateException("the bundle at " + settings.home() + " has no reseau-proxy: build it "
                    + "('make build') or point RESEAU_HOME at one");
        }
        for (String node : topology.nodes().keySet()) {
            if (cniEnabled()) {
                installCniPlugin(node);
                running.add(start(CNI, List.of(), node, CNI_PORT, cniEnvironment(node)));
            }
            running.add(start(PROXY, List.of(), node, PROXY_PORT, Map.of(
                    "KUBECONFIG", nodeKubeconfig.toString(),
                    "RESEAU_PROXY_NODE_NAME", node,
                    "RESEAU_PROXY_CLUSTER_CIDRS", AddressPlan.CLUSTER_CIDR,
                    "RESEAU_PROXY_LOAD_BALANCER_MODE", "node-ips")));
        }
        for (KeptRunning agent : running) {
            agent.awaitReady(READY_WITHIN);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (KeptRunning agent : running.reversed()) {
            agent.stop(Duration.ofSeconds(10));
        }
        running.clear();
    }

    private void installCniPlugin(String node) throws IOException, InterruptedException {
        NodeFiles files = NodeFiles.of(settings.stateDir(), node);
        Files.createDirectories(files.cniBinDir());
        BundleProcess install = launch(CNI + "-install", List.of("install"), node, 0, Map.of(
                "RESEAU_CNI_BIN_DIR", files.cniBinDir().toString(),
                "RESEAU_CNI_SPOOL_DIR", files.cniSpoolDir().toString()));
        int exit = install.awaitExit(Duration.ofMinutes(3));
        if (exit != 0) {
            throw new IllegalStateException("'reseau-cni install' failed on " + node + " (exit " + exit
                    + "); the end of its log:\n" + LogTail.of(install.log(), 30));
        }
    }

    private Map<String, String> cniEnvironment(String node) throws IOException {
        NodeFiles files = NodeFiles.of(settings.stateDir(), node);
        Files.createDirectories(files.cniConfDir());
        Files.createDirectories(files.cniDataDir());
        return Map.of(
                "KUBECONFIG", nodeKubeconfig.toString(),
                "RESEAU_CNI_NODE_NAME", node,
                "RESEAU_CNI_CLUSTER_CIDRS", AddressPlan.CLUSTER_CIDR,
                "RESEAU_CNI_CONF_DIR", files.cniConfDir().toString(),
                "RESEAU_CNI_DATA_DIR", files.cniDataDir().toString(),
                "RESEAU_CNI_SPOOL_DIR", files.cniSpoolDir().toString(),
                "RESEAU_CNI_CHAIN_PORTMAP", "false");
    }

    private KeptRunning start(String name, List<String> args, String node, int port, Map<String, String> env)
            throws IOException {
        return KeptRunning.start(() -> launch(name, args, node, port, env), state,
                topology.node(node).name().orElseThrow(), port);
    }

    private BundleProcess launch(String name, List<String> args, String node, int port, Map<String, String> env)
            throws IOException {
        String binary = name.startsWith(CNI) ? CNI : name;
        Map<String, String> environment = new HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return BundleProcess.start(name + " on " + node, settings.binary(binary), args, topology.node(node),
                Optional.of(BundleProcess.healthEndpoint(port)), environment,
                settings.logDir().resolve(node).resolve(name + ".log"));
    }
}
