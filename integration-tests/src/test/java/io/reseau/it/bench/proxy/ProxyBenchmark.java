package io.reseau.it.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.exec.CommandResult;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.link.Route;
import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.it.Kubeconfig;
import io.reseau.it.RunningBinary;
import io.reseau.it.bench.BenchReport;
import io.reseau.it.bench.Percentiles;
import io.reseau.proxy.ProxyController;
import io.reseau.proxy.ProxySync;
import io.reseau.proxy.compute.ServiceTranslation;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * reseau-proxy beside kube-proxy's iptables mode (its default), both measured here in one run: full sync and
 * one-change sync at 1k and 10k Services × 10 endpoints, connection setup through a ClusterIP with 10 and 10k
 * Services present, and the proxy's resident memory at 10k Services. Results: target/bench/proxy.{json,md}.
 */
@ExtendWith(NetnsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyBenchmark {

    private static final int ENDPOINTS = 10;
    private static final BenchReport REPORT = new BenchReport("proxy");

    @AfterAll
    static void write() {
        REPORT.write();
    }

    @Test
    @Order(1)
    void fullSync(ThrowawayNamespaces netns) throws Exception {
        requireIptables();
        warmUp(netns);
        for (int services : new int[] {1_000, 10_000}) {
            SyntheticCluster cluster = SyntheticCluster.of(services, ENDPOINTS, null);
            List<Service> objects = cluster.services();
            List<EndpointSlice> slices = cluster.slices();
            ProxyController.Settings settings = settings(netns.create("sync-" + services));
            double[] reseau = new double[3];
            for (int run = 0; run < reseau.length; run++) {
                try (ProxySync sync = new ProxySync(settings)) {
                    long start = System.nanoTime();
                    sync.sync(objects, slices);
                    reseau[run] = millis(start);
                }
            }
            ProcessRunner iptables = new ProcessRunner(netns.create("iptables-" + services));
            String ruleset = cluster.iptablesRuleset();
            double[] anchor = new double[3];
            for (int run = 0; run < anchor.length; run++) {
                long start = System.nanoTime();
                iptables.run(List.of("iptables-restore"), ruleset).orThrow();
                anchor[run] = millis(start);
            }
            REPORT.add(new BenchReport.Figure("full sync, " + services + " Services x " + ENDPOINTS + " endpoints (median of 3)",
                    "ms", new Percentiles(reseau).median(), new Percentiles(anchor).median(), "iptables-restore (kube-proxy iptables mode)",
                    "lower", 0.2));
        }
    }

    @Test
    @Order(2)
    void oneChangeSync(ThrowawayNamespaces netns) throws Exception {
        requireIptables();
        int services = 10_000;
        SyntheticCluster cluster = SyntheticCluster.of(services, ENDPOINTS, null);
        List<Service> objects = cluster.services();
        List<EndpointSlice> slices = cluster.slices();
        int warmUp = 50;
        int changes = 300;
        double[] reseau = new double[changes];
        Map<String, Service> byKey = new HashMap<>();
        objects.forEach(service -> byKey.put("bench/" + service.getMetadata().getName(), service));
        Map<String, EndpointSlice> sliceByKey = new HashMap<>();
        slices.forEach(slice -> sliceByKey.put("bench/" + slice.getMetadata().getLabels().get("kubernetes.io/service-name"), slice));
        ServiceTranslation.Lookup caches = new ServiceTranslation.Lookup(key -> Optional.ofNullable(byKey.get(key)),
                key -> Optional.ofNullable(sliceByKey.get(key)).map(List::of).orElse(List.of()));
        try (ProxySync sync = new ProxySync(settings(netns.create("change")))) {
            sync.sync(objects, slices);
            for (int i = 0; i < warmUp + changes; i++) {
                if (i == warmUp) {
                    // Steady state: what the first full sync allocated is not collected inside a measured change.
                    System.gc();
                }
                int changed = (i * 97) % services;
                EndpointSlice slice = SyntheticCluster.slice(withEndpoints(cluster, changed, i % 2 == 0 ? ENDPOINTS + 1 : ENDPOINTS));
                String key = "bench/svc-" + changed;
                long start = System.nanoTime();
                // What the controller does on an EndpointSlice event: the cache holds the new slice, the sync
                // looks at the one Service it names.
                sliceByKey.put(key, slice);
                sync.sync(Set.of(key), caches);
                if (i >= warmUp) {
                    reseau[i - warmUp] = millis(start);
                }
            }
        }
        ProcessRunner iptables = new ProcessRunner(netns.create("iptables-change"));
        iptables.run(List.of("iptables-restore"), cluster.iptablesRuleset()).orThrow();
        int anchorChanges = 30;
        double[] anchor = new double[anchorChanges];
        for (int i = 0; i < anchorChanges; i++) {
            int changed = (i * 97) % services;
            String partial = cluster.iptablesPartial(withEndpoints(cluster, changed, i % 2 == 0 ? ENDPOINTS + 1 : ENDPOINTS));
            long start = System.nanoTime();
            iptables.run(List.of("iptables-restore", "--noflush"), partial).orThrow();
            anchor[i] = millis(start);
        }
        Percentiles ours = new Percentiles(reseau);
        Percentiles theirs = new Percentiles(anchor);
        REPORT.add(new BenchReport.Figure("one-change sync p50, 10000 Services (" + changes + " changes after " + warmUp + "; anchor "
                + anchorChanges + ")", "ms", ours.median(), theirs.median(), "iptables-restore --noflush (kube-proxy partial sync)",
                "lower", 1.0));
        REPORT.add(new BenchReport.Figure("one-change sync p99, 10000 Services", "ms", ours.at(99), theirs.at(99),
                "iptables-restore --noflush (kube-proxy partial sync)", "lower", 1.0));
    }

    @Test
    @Order(3)
    void connectionSetup(ThrowawayNamespaces netns) throws Exception {
        requireIptables();
        double[] reseau = new double[2];
        double[] anchor = new double[2];
        int[] sizes = {10, 10_000};
        for (int s = 0; s < sizes.length; s++) {
            SyntheticCluster cluster = SyntheticCluster.of(sizes[s], ENDPOINTS, Path3.SERVER);
            Path3 viaReseau = Path3.build(netns, "r" + s);
            try (ProxySync sync = new ProxySync(settings(viaReseau.node().namespace()))) {
                sync.sync(cluster.services(), cluster.slices());
                reseau[s] = viaReseau.connectMedian(SyntheticCluster.clusterIP(0));
            }
            Path3 viaIptables = Path3.build(netns, "i" + s);
            new ProcessRunner(viaIptables.node().namespace()).run(List.of("iptables-restore"), cluster.iptablesRuleset()).orThrow();
            anchor[s] = viaIptables.connectMedian(SyntheticCluster.clusterIP(0));
            viaReseau.close();
            viaIptables.close();
        }
        REPORT.add(new BenchReport.Figure("connection setup through a ClusterIP, 10 Services (median of 2000)", "us",
                reseau[0], anchor[0], "kube-proxy iptables rules", "lower", 1.0));
        REPORT.add(new BenchReport.Figure("connection setup through a ClusterIP, 10000 Services (median of 2000)", "us",
                reseau[1], anchor[1], "kube-proxy iptables rules", "lower", 1.0));
        REPORT.add(new BenchReport.Figure("connection setup growth, 10000 vs 10 Services (target: reseau <= 1.10)", "x",
                reseau[1] / reseau[0], anchor[1] / anchor[0], "kube-proxy iptables rules", "lower", null));
    }

    @Test
    @Order(4)
    void residentMemoryAt10kServices(ThrowawayNamespaces netns, @TempDir Path work) throws Exception {
        SyntheticCluster cluster = SyntheticCluster.of(10_000, ENDPOINTS, null);
        try (MockApiServer api = MockApiServer.start(); KubernetesClient client = api.newClient()) {
            load(client, cluster);
            Path kubeconfig = Kubeconfig.write(work, api.url());
            NetworkNamespace node = netns.create("rss");
            try (RunningBinary proxy = RunningBinary.start("reseau-proxy", work, Map.of(
                    "KUBECONFIG", kubeconfig.toString(),
                    "RESEAU_PROXY_NODE_NAME", "bench-node",
                    "RESEAU_PROXY_NETWORK_NAMESPACE", node.name().orElseThrow(),
                    "RESEAU_PROXY_LOAD_BALANCER_MODE", "off",
                    "RESEAU_JAVA_OPTS", "-Xmx256m"))) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .failFast(() -> !proxy.alive())
                        .until(() -> proxy.status("/q/health/ready") == 200);
                Thread.sleep(2_000);
                double rss = Files.readAllLines(Path.of("/proc/" + proxy.pid() + "/status")).stream()
                        .filter(line -> line.startsWith("VmRSS:")).map(line -> Double.parseDouble(line.replaceAll("\\D", "")))
                        .findFirst().orElseThrow() / 1024;
                REPORT.add(new BenchReport.Figure("reseau-proxy resident memory with 10000 Services x 10 endpoints (-Xmx256m)",
                        "MiB", rss, null, "none", "lower", null));
                String metrics = proxy.get("/q/metrics").body();
                metrics.lines().filter(l -> l.startsWith("reseau_reconcile_seconds_max") && l.contains("controller=\"proxy\""))
                        .filter(l -> l.contains("result=\"success\"")).findFirst().ifPresent(line -> REPORT.add(new BenchReport.Figure(
                                "first full sync inside reseau-proxy, cold JVM, 10000 Services", "ms",
                                Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000, null, "none", "lower", null)));
            }
        }
    }

    // ---- helpers

    private static void warmUp(ThrowawayNamespaces netns) {
        SyntheticCluster small = SyntheticCluster.of(1_000, ENDPOINTS, null);
        ProxyController.Settings settings = settings(netns.create("warm-up"));
        for (int i = 0; i < 5; i++) {
            try (ProxySync sync = new ProxySync(settings)) {
                sync.sync(small.services(), small.slices());
            }
        }
    }

    private static SyntheticCluster.ServiceSpec withEndpoints(SyntheticCluster cluster, int index, int count) {
        SyntheticCluster.ServiceSpec spec = cluster.specs().get(index);
        List<String> endpoints = new ArrayList<>(spec.endpoints().subList(0, Math.min(count, spec.endpoints().size())));
        while (endpoints.size() < count) {
            endpoints.add("10.200." + index / 256 + "." + index % 256);
        }
        return new SyntheticCluster.ServiceSpec(index, spec.clusterIP(), endpoints);
    }

    private static ProxyController.Settings settings(NetworkNamespace namespace) {
        return new ProxyController.Settings("bench-node", Map.of(Family.IP, "10.42.0.0/16"), Optional.empty(),
                30_000, 32_767, Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(1), namespace);
    }

    private static void load(KubernetesClient client, SyntheticCluster cluster) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new ArrayList<>();
        for (SyntheticCluster.ServiceSpec spec : cluster.specs()) {
            created.add(pool.submit(() -> {
                client.resource(SyntheticCluster.service(spec)).create();
                client.resource(SyntheticCluster.slice(spec)).create();
            }));
        }
        for (Future<?> future : created) {
            future.get();
        }
        pool.shutdown();
    }

    private static void requireIptables() {
        CommandResult version = new ProcessRunner(NetworkNamespace.current()).run(List.of("iptables-restore", "--version"), null);
        assertThat(version.succeeded()).as("the anchor needs iptables-restore (apt-get install iptables)").isTrue();
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /**
     * A client, a node (where the rules are) and a server, in a line: 10.250.0.2 → node → 10.251.0.2:8080, which
     * answers one byte per connection.
     */
    private record Path3(HostNetwork client, HostNetwork node, HostNetwork server, ServerSocket listener) implements AutoCloseable {
        static final String SERVER = "10.251.0.2";

        static Path3 build(ThrowawayNamespaces netns, String label) throws Exception {
            HostNetwork client = netns.createNetwork("client-" + label);
            HostNetwork node = netns.createNetwork("node-" + label);
            HostNetwork server = netns.createNetwork("server-" + label);
            node.links().addVeth("eth0", "eth0", client.namespace());
            node.links().addVeth("eth1", "eth0", server.namespace());
            node.addresses().replace("eth0", "10.250.0.1/24");
            node.addresses().replace("eth1", "10.251.0.1/24");
            client.addresses().replace("eth0", "10.250.0.2/24");
            server.addresses().replace("eth0", SERVER + "/24");
            for (HostNetwork end : List.of(node, client, server)) {
                end.links().setUp("eth0");
            }
            node.links().setUp("eth1");
            node.sysctls().set("net.ipv4.ip_forward", "1");
            client.routes().replace(new Route("default", Optional.of("10.250.0.1"), Optional.of("eth0"), false, Optional.empty()));
            server.routes().replace(new Route("default", Optional.of("10.251.0.1"), Optional.of("eth0"), false, Optional.empty()));
            ServerSocket listener = NamespacedThread.call(server.namespace(),
                    () -> new ServerSocket(8080, 512, InetAddress.getByName(SERVER)));
            Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket socket = listener.accept(); OutputStream out = socket.getOutputStream()) {
                        out.write('x');
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            return new Path3(client, node, server, listener);
        }

        /** The median time, in microseconds, to connect through the Service and read the first byte. */
        double connectMedian(String clusterIP) throws Exception {
            return NamespacedThread.call(client.namespace(), () -> {
                int warmUp = 200;
                int measured = 2_000;
                double[] micros = new double[measured];
                for (int i = 0; i < warmUp + measured; i++) {
                    long start = System.nanoTime();
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(clusterIP, 80), 2_000);
                        socket.setSoTimeout(2_000);
                        InputStream in = socket.getInputStream();
                        if (in.read() != 'x') {
                            throw new IllegalStateException("the server did not answer through " + clusterIP);
                        }
                    }
                    if (i >= warmUp) {
                        micros[i - warmUp] = (System.nanoTime() - start) / 1e3;
                    }
                }
                return new Percentiles(micros).median();
            });
        }

        @Override
        public void close() throws Exception {
            listener.close();
        }
    }
}
