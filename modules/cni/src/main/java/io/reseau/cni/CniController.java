package io.reseau.cni;

import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.Gauge;
import io.reseau.cni.apply.ConflistFile;
import io.reseau.cni.apply.MasqueradeWriter;
import io.reseau.cni.apply.OverlayDevices;
import io.reseau.cni.apply.PeerRoutes;
import io.reseau.cni.apply.Vtep;
import io.reseau.cni.compute.Conflist;
import io.reseau.cni.compute.MasqueradeRules;
import io.reseau.cni.compute.NodeFacts;
import io.reseau.cni.compute.OverlayPlan;
import io.reseau.cni.ipam.Cidr;
import io.reseau.cni.pod.PodNetworking;
import io.reseau.cni.report.VtepPublisher;
import io.reseau.cni.server.CniRequestHandler;
import io.reseau.cni.server.CallSpool;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.Nftables;
import io.reseau.hostnet.rtnetlink.RouteNetlink;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.queue.SyncTrigger;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.informers.watch.Watch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * reseau-cni's node agent: <b>watch</b> Nodes; <b>compute</b> the overlay this node must program
 * ({@link OverlayPlan}), its NAT table ({@link MasqueradeRules}) and its CNI configuration ({@link Conflist});
 * <b>apply</b> them (devices, peers' routes, neighbours and FDB entries, one nftables transaction per family, the
 * conflist file); <b>report</b> this node's VTEP on its Node and the state as metrics. It also serves the exec'd
 * plugin's calls through its spool directory ({@link CallSpool}). Syncs are coalesced by a {@link SyncTrigger}.
 */
public final class CniController implements AutoCloseable {

    /** Everything the agent is configured with. */
    public record Settings(String nodeName, List<Cidr> clusterCidrs, NetworkNamespace namespace,
            OverlayDevices.Settings devices, Optional<String> underlayAddress, Path conflist, String cniVersion,
            boolean chainPortmap, Path dataDir, Path spoolDir, Duration minSyncPeriod, Duration syncPeriod) {
    }

    public static final String NETWORK_NAME = "reseau";
    private static final Logger LOG = Logger.getLogger(CniController.class);

    private final ControllerRuntime runtime;
    private final Settings settings;
    private final ResourceCache<Node> nodes;
    private final SyncTrigger trigger;
    private final HostNetwork host;
    private final RouteNetlink devicesNetlink;
    private final RouteNetlink podsNetlink;
    private final Nftables nftables;
    private final OverlayDevices devices;
    private final PeerRoutes peers;
    private final MasqueradeWriter masquerade;
    private final ConflistFile conflist;
    private final VtepPublisher publisher;
    private final AtomicInteger peerCount = new AtomicInteger();
    private final AtomicInteger problemCount = new AtomicInteger();
    private volatile List<String> lastProblems = List.of();
    private CallSpool spool;

    public CniController(ControllerRuntime runtime, Settings settings) {
        this.runtime = runtime;
        this.settings = settings;
        this.nodes = runtime.informers().watch(Watch.of(Node.class), ChangeHandler.of(this::changed));
        this.trigger = runtime.syncTrigger("cni", this::sync, settings.minSyncPeriod(), settings.syncPeriod());
        this.host = HostNetwork.in(settings.namespace());
        this.devicesNetlink = RouteNetlink.open(settings.namespace());
        this.podsNetlink = RouteNetlink.open(settings.namespace());
        this.nftables = Nftables.open(settings.namespace());
        this.devices = new OverlayDevices(host, devicesNetlink, settings.devices());
        this.peers = new PeerRoutes(host, settings.devices().vxlan());
        this.masquerade = new MasqueradeWriter(nftables);
        this.conflist = new ConflistFile(settings.conflist());
        this.publisher = new VtepPublisher(runtime.client(), settings.nodeName());
        Gauge.builder("reseau.cni.peers", peerCount, AtomicInteger::get)
                .description("other nodes whose pod CIDRs are routed through the overlay").register(runtime.meters());
        Gauge.builder("reseau.cni.problems", problemCount, AtomicInteger::get)
                .description("Nodes left out of the overlay (no pod CIDR, no VTEP published; see the log)").register(runtime.meters());
    }

    /** Serves the plugin at once (calls get try-again-later until the bridge exists); syncs once the caches are full. */
    public CompletableFuture<Void> start() {
        spool = CallSpool.open(settings.spoolDir(), new CniRequestHandler(new PodNetworking(podsNetlink)));
        return runtime.informers().start().thenRun(() -> {
            trigger.start();
            trigger.request();
        });
    }

    /** Successful syncs so far (readiness wants at least one). */
    public long completedSyncs() {
        return trigger.completedSyncs();
    }

    @Override
    public void close() throws InterruptedException {
        if (spool != null) {
            spool.close();
        }
        nftables.close();
        podsNetlink.close();
        devicesNetlink.close();
    }

    private void changed() {
        trigger.request();
    }

    private void sync() {
        List<String> problems = new ArrayList<>();
        List<NodeFacts> facts = nodes.list().stream().map(node -> NodeFacts.of(node, problems::add)).toList();
        Node self = nodes.get(settings.nodeName()).orElseThrow(() -> new IllegalStateException("Node "
                + settings.nodeName() + " does not exist (reseau.cni.node-name; in a pod: the downward API's spec.nodeName)"));
        NodeFacts own = NodeFacts.of(self, problems::add);
        if (own.podCidrs().isEmpty()) {
            throw new IllegalStateException("Node " + settings.nodeName() + " has no spec.podCIDRs yet (the controller "
                    + "manager's --allocate-node-cidrs gives them): waiting");
        }
        String underlay = settings.underlayAddress().or(own::internalIp).orElseThrow(() -> new IllegalStateException(
                "Node " + settings.nodeName() + " has no IPv4 InternalIP: set reseau.cni.underlay-address"));

        Vtep vtep = devices.ensure(own.podCidrs(), underlay);
        publisher.publish(self, vtep);
        OverlayPlan plan = OverlayPlan.compute(facts, settings.nodeName(), settings.devices().vxlan());
        peers.apply(plan);
        for (Cidr cluster : settings.clusterCidrs()) {
            masquerade.write(MasqueradeRules.compute(cluster.ipv6() ? Family.IP6 : Family.IP, cluster));
        }
        if (conflist.write(new Conflist(NETWORK_NAME, settings.cniVersion(), settings.devices().bridge(),
                devices.podMtu(underlay), own.podCidrs(), settings.dataDir(), settings.chainPortmap()).toJson())) {
            LOG.infof("reseau-cni: wrote %s for pod CIDRs %s", conflist.path(), own.podCidrs());
        }

        problems.addAll(plan.problems());
        peerCount.set(plan.fdb().size());
        problemCount.set(problems.size());
        if (!problems.equals(lastProblems)) {
            problems.forEach(problem -> LOG.warnf("reseau-cni: %s", problem));
            lastProblems = List.copyOf(problems);
        }
    }
}
