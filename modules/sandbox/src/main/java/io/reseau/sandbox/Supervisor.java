package io.reseau.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.cluster.AddressPlan;
import io.reseau.sandbox.cluster.ApiRelay;
import io.reseau.sandbox.cluster.EmbeddedApiServer;
import io.reseau.sandbox.cluster.Kubeconfig;
import io.reseau.sandbox.cluster.NodeAgents;
import io.reseau.sandbox.cluster.NodeObjects;
import io.reseau.sandbox.cluster.Topology;
import io.reseau.sandbox.controllers.ControllerManager;
import io.reseau.sandbox.kubelet.BundleComponents;
import io.reseau.sandbox.kubelet.CniPodNetwork;
import io.reseau.sandbox.kubelet.NoPodNetwork;
import io.reseau.sandbox.kubelet.PodNetwork;
import io.reseau.sandbox.kubelet.PodSandboxes;
import io.reseau.sandbox.kubelet.VethPodNetwork;
import io.reseau.sandbox.state.SandboxNamespaces;
import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.state.StateFile;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jboss.logging.Logger;

/**
 * The background process of a running sandbox ({@code reseau-sandbox up} starts it and returns once it is
 * ready): builds the topology, serves the API and its relay, runs the node agents and the controllers, and on
 * SIGTERM takes everything down again in reverse order. Every namespace and process is in the state file before
 * it exists, so {@code down} can finish the job if this process dies.
 */
public final class Supervisor {

    private static final Logger LOG = Logger.getLogger(Supervisor.class);

    private final SandboxSettings settings;
    private final AddressPlan plan;
    private final int apiPort;
    private final StateFile state;
    private final SandboxNamespaces namespaces;
    /** What to undo, most recent first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Supervisor(SandboxSettings settings, int nodes, int apiPort) {
        this.settings = settings;
        this.plan = new AddressPlan(nodes);
        this.apiPort = apiPort;
        this.state = new StateFile(settings.stateFile());
        this.namespaces = new SandboxNamespaces(settings.name(), state);
    }

    /** Runs until SIGTERM. */
    public void run() throws InterruptedException {
        state.write(SandboxState.starting(ProcessHandle.current().pid(), plan.nodes()));
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "sandbox-shutdown"));
        try {
            start();
            state.update(s -> s.withPhase(SandboxState.Phase.READY));
            LOG.infof("reseau-sandbox is ready: %d nodes, API on 127.0.0.1:%d", plan.nodes(), apiPort);
        } catch (Exception e) {
            LOG.errorf(e, "reseau-sandbox could not start");
            state.update(s -> s.withNote("failed: " + e.getMessage()).withPhase(SandboxState.Phase.FAILED));
            System.exit(1);
        }
        stopped.await();
    }

    private void start() throws Exception {
        Topology topology = Topology.build(plan, namespaces);
        started.push(this::removeNamespaces);

        started.push(EmbeddedApiServer.startIn(topology.controlPlane(), plan.controlPlaneAddress(), AddressPlan.API_PORT));
        ApiRelay relay = ApiRelay.start(apiPort, topology.controlPlane(),
                new InetSocketAddress(plan.controlPlaneAddress(), AddressPlan.API_PORT));
        started.push(relay);
        state.update(s -> s.withApiRelayPort(relay.port()));
        Kubeconfig.write(settings.kubeconfig(), relay.url());
        var nodeKubeconfig = Kubeconfig.write(settings.stateDir().resolve("node-kubeconfig"), plan.apiUrl());

        KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new VertxHttpClientFactory())
                .withConfig(new ConfigBuilder()
                .withMasterUrl(relay.url()).withNamespace("default").withWatchReconnectInterval(200)
                .withRequestRetryBackoffInterval(200).build()).build();
        started.push(client);
        registerCluster(client);

        NodeAgents agents = new NodeAgents(settings, topology, state, nodeKubeconfig);
        started.push(agents);
        PodNetwork network;
        if (agents.cniEnabled()) {
            network = new CniPodNetwork(topology.nodes(), settings.stateDir());
        } else if (settings.podNetwork() == SandboxSettings.PodNetworkMode.VETH) {
            topology.routePodCidrsOverUnderlay();
            network = new VethPodNetwork(plan, topology.nodes());
            state.update(s -> s.withNote("pods are wired by the sandbox itself (RESEAU_SANDBOX_POD_NETWORK=veth), "
                    + "not by the CNI plugin"));
        } else {
            network = new NoPodNetwork();
            state.update(s -> s.withNote("the bundle at " + settings.home() + " has no reseau-cni "
                    + "yet: nodes run without reseau-cni and pods stay Pending until the sandbox runs on a bundle "
                    + "with it"));
        }
        agents.startAll();

        Map<String, String> nodeAddresses = new LinkedHashMap<>();
        plan.nodeNames().forEach(node -> nodeAddresses.put(node, plan.nodeAddress(node)));
        ControllerManager controllers = new ControllerManager(client, nodeAddresses,
                new PodSandboxes(namespaces, network, new BundleComponents(settings, nodeKubeconfig, state)));
        started.push(controllers);
        controllers.start(Duration.ofSeconds(60));
    }

    private void registerCluster(KubernetesClient client) {
        for (String namespace : List.of("default", "kube-system", "reseau-system")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
        Instant now = Instant.now();
        plan.nodeNames().forEach(node -> client.nodes().resource(NodeObjects.of(plan, node, now)).create());
    }

    private void removeNamespaces() {
        for (String leftover : namespaces.existing()) {
            namespaces.delete(NetworkNamespace.named(leftover));
        }
    }

    private void shutdown() {
        try {
            state.update(s -> s.phase() == SandboxState.Phase.FAILED ? s : s.withPhase(SandboxState.Phase.STOPPING));
        } catch (RuntimeException e) {
            LOG.warnf("cannot record that the sandbox is stopping: %s", e.getMessage());
        }
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warnf("while stopping %s: %s", next, e.getMessage());
            }
        }
        stopped.countDown();
    }
}
