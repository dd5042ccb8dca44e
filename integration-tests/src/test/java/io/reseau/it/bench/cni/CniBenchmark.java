package io.reseau.it.bench.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.it.bench.BenchReport;
import io.reseau.it.bench.Percentiles;
import io.reseau.it.CniCluster;
import io.reseau.it.CniCluster.BenchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * reseau-cni beside the reference plugins Debian ships (containernetworking-plugins: {@code bridge} with
 * {@code host-local}, configured as flannel delegates to them), measured in one run, every plugin exec'd the way
 * a runtime execs it, inside a node namespace: ADD and DEL latency over 100 pods, pods per second at 4 parallel
 * ADDs; and pod-to-pod TCP throughput across two nodes (iperf3) beside a VXLAN link set up by hand between two
 * namespaces on the same underlay. Results: target/bench/cni.{json,md}.
 */
@ExtendWith(NetnsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CniBenchmark {

    private static final int PODS = 100;
    private static final int PARALLEL = 4;
    private static final int ROUNDS = 3;
    private static final Path REFERENCE = Path.of("/usr/lib/cni");
    private static final String ANCHOR = "bridge + host-local (containernetworking-plugins)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BenchReport REPORT = new BenchReport("cni");

    @AfterAll
    static void write() {
        REPORT.write();
    }

    @Test
    @Order(1)
    void addDelLatencyAndParallelAdds(ThrowawayNamespaces netns, @TempDir Path work) throws Exception {
        assertThat(REFERENCE.resolve("bridge")).as("the reference plugins: apt-get install containernetworking-plugins")
                .isExecutable();
        try (CniCluster cluster = new CniCluster(netns, work)) {
            BenchNode node = cluster.addNode("cni-node", 1, "10.42.0.0/22");
            HostNetwork referenceNode = netns.createNetwork("ref-node");
            Plugin reseau = new Plugin(node.network(), node.binDir().resolve("reseau"), node.binDir(), reseauConfig(node));
            Plugin reference = new Plugin(referenceNode, REFERENCE.resolve("bridge"), REFERENCE,
                    referenceConfig(work.resolve("ref-ipam")));
            List<NetworkNamespace> pods = new ArrayList<>();
            List<NetworkNamespace> referencePods = new ArrayList<>();
            for (int i = 0; i < PODS; i++) {
                pods.add(cluster.podNamespace("p" + i));
                referencePods.add(cluster.podNamespace("b" + i));
            }
            for (int i = 0; i < 5; i++) { // warm both: page cache, the agent's JIT
                reseau.call("ADD", "warm" + i, pods.get(i));
                reseau.call("DEL", "warm" + i, pods.get(i));
                reference.call("ADD", "warm" + i, referencePods.get(i));
                reference.call("DEL", "warm" + i, referencePods.get(i));
            }
            double[][] add = new double[2][PODS];
            double[][] del = new double[2][PODS];
            // interleaved, so that both see the same machine noise
            for (int i = 0; i < PODS; i++) {
                add[0][i] = reseau.call("ADD", "r" + i, pods.get(i));
                add[1][i] = reference.call("ADD", "b" + i, referencePods.get(i));
            }
            for (int i = 0; i < PODS; i++) {
                del[0][i] = reseau.call("DEL", "r" + i, pods.get(i));
                del[1][i] = reference.call("DEL", "b" + i, referencePods.get(i));
            }
            figure("ADD latency, median of " + PODS, add, 50, 1.5);
            figure("ADD latency, p95 of " + PODS, add, 95, null);
            figure("DEL latency, median of " + PODS, del, 50, null);
            figure("DEL latency, p95 of " + PODS, del, 95, null);

            double reseauRate = parallelAdds(reseau, pods, i -> "pr" + i);
            double referenceRate = parallelAdds(reference, referencePods, i -> "pb" + i);
            REPORT.add(new BenchReport.Figure("pods per second, " + PODS + " ADDs, " + PARALLEL + " in parallel", "pods/s",
                    reseauRate, referenceRate, ANCHOR, "higher", null));
        }
    }

    @Test
    @Order(2)
    void podToPodThroughputAcrossNodes(ThrowawayNamespaces netns, @TempDir Path work) throws Exception {
        assertThat(Path.of("/usr/bin/iperf3")).as("iperf3: apt-get install iperf3").isExecutable();
        try (CniCluster cluster = new CniCluster(netns, work)) {
            BenchNode node1 = cluster.addNode("tp-node1", 1, "10.42.1.0/24");
            BenchNode node2 = cluster.addNode("tp-node2", 2, "10.42.2.0/24");
            NetworkNamespace client = cluster.podNamespace("tp-client");
            NetworkNamespace server = cluster.podNamespace("tp-server");
            new Plugin(node1.network(), node1.binDir().resolve("reseau"), node1.binDir(), reseauConfig(node1))
                    .call("ADD", "client", client);
            JsonNode added = JSON.readTree(new Plugin(node2.network(), node2.binDir().resolve("reseau"), node2.binDir(),
                    reseauConfig(node2)).run("ADD", "server", server).stdout());
            String serverIp = added.path("ips").get(0).path("address").asText().split("/")[0];

            NetworkNamespace handClient = handMadePodNetwork(cluster, 1, 2);
            NetworkNamespace handServer = handMadePodNetwork(cluster, 2, 1);
            HostNetwork vxA = handMadeVtep(cluster, "vx-a", 61, 62, "192.168.77.1");
            HostNetwork vxB = handMadeVtep(cluster, "vx-b", 62, 61, "192.168.77.2");

            double[] reseau = new double[ROUNDS];
            double[] sameShape = new double[ROUNDS];
            double[] bareLink = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) { // interleaved, so that a busy moment hits all three
                reseau[round] = iperf(client, server, serverIp);
                sameShape[round] = iperf(handClient, handServer, "10.77.2.2");
                bareLink[round] = iperf(vxA.namespace(), vxB.namespace(), "192.168.77.2");
            }
            String figure = "pod-to-pod TCP throughput across nodes, iperf3 5 s (median of " + ROUNDS + ")";
            REPORT.add(new BenchReport.Figure(figure, "Gbit/s", median(reseau), median(sameShape),
                    "the same pod network made by hand as flannel makes it: veth, bridge, VXLAN, routes, masquerade", "higher", 0.95));
            REPORT.add(new BenchReport.Figure(figure, "Gbit/s", median(reseau), median(bareLink),
                    "a bare VXLAN link between two namespaces (no veth, bridge or forwarding)", "higher", null));
        }
    }

    // --- the two sides

    /** A plugin and the node it runs on, with its configuration. */
    private record Plugin(HostNetwork node, Path binary, Path cniPath, String config) {

        /** One call; returns its wall time in milliseconds (the process, as the runtime sees it). */
        double call(String command, String containerId, NetworkNamespace pod) {
            return run(command, containerId, pod).millis();
        }

        /** One call; its wall time and what it printed. */
        Called run(String command, String containerId, NetworkNamespace pod) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CNI_COMMAND", command);
            env.put("CNI_CONTAINERID", containerId);
            env.put("CNI_NETNS", pod.path().orElseThrow().toString());
            env.put("CNI_IFNAME", "eth0");
            env.put("CNI_PATH", cniPath.toString());
            List<String> line = new ArrayList<>(List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
            env.forEach((k, v) -> line.add(k + "=" + v));
            line.add(binary.toString());
            long start = System.nanoTime();
            var result = new ProcessRunner(node.namespace()).run(line, config);
            double millis = (System.nanoTime() - start) / 1e6;
            if (!result.succeeded()) {
                throw new AssertionError(command + " " + containerId + " with " + binary + " failed: " + result);
            }
            return new Called(millis, result.stdout());
        }
    }

    private record Called(double millis, String stdout) {
    }

    private static String reseauConfig(BenchNode node) throws Exception {
        JsonNode conflist = JSON.readTree(Files.readString(node.conflist()));
        ObjectNode plugin = conflist.path("plugins").get(0).deepCopy();
        return plugin.put("name", conflist.path("name").asText()).put("cniVersion", conflist.path("cniVersion").asText())
                .toString();
    }

    /** What flannel hands the bridge plugin, with host-local keeping its allocations in the test's directory. */
    private static String referenceConfig(Path ipamDir) {
        return """
                {"cniVersion": "1.0.0", "name": "reference", "type": "bridge", "bridge": "cni0", "mtu": 1450,
                 "isGateway": true, "isDefaultGateway": true, "hairpinMode": true, "ipMasq": false, "forceAddress": true,
                 "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.88.0.0/22"}]]}}
                """.formatted(ipamDir);
    }

    private static double parallelAdds(Plugin plugin, List<NetworkNamespace> pods, IntFunction<String> id) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<Double>> calls = new ArrayList<>();
            for (int i = 0; i < pods.size(); i++) {
                int index = i;
                calls.add(pool.submit(() -> plugin.call("ADD", id.apply(index), pods.get(index))));
            }
            for (Future<Double> call : calls) {
                call.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < pods.size(); i++) {
            plugin.call("DEL", id.apply(i), pods.get(i));
        }
        return pods.size() / seconds;
    }

    private static void figure(String name, double[][] samples, double percentile, Double target) {
        REPORT.add(new BenchReport.Figure(name, "ms", new Percentiles(samples[0]).at(percentile),
                new Percentiles(samples[1]).at(percentile), ANCHOR, "lower", target));
    }

    /**
     * A node made by hand the way flannel's VXLAN backend and the bridge plugin make one (and flannel's masquerade
     * rule), with one pod: node
     * {@code self} (underlay 10.98.0.5x) owns 10.77.{@code self}.0/24 on bridge {@code br0}, its pod 10.77.{@code self}.2
     * hangs off it by a veth, and the peer's pod CIDR is routed through {@code vx0} with a permanent neighbour and
     * FDB entry. Returns the pod's namespace.
     */
    private static NetworkNamespace handMadePodNetwork(CniCluster cluster, int self, int peer) {
        HostNetwork node = cluster.onUnderlay("hand-" + self, "10.98.0.5" + self);
        node.sysctls().set("net.ipv4.ip_forward", "1");
        node.commands().check("ip", "link", "add", "vx0", "address", "02:77:00:00:00:0" + self, "type", "vxlan", "id", "77",
                "local", "10.98.0.5" + self, "dev", "eth0", "dstport", "4789", "nolearning");
        node.commands().check("ip", "address", "add", "10.77." + self + ".0/32", "dev", "vx0");
        node.links().setUp("vx0");
        node.links().addBridge("br0");
        node.commands().check("ip", "address", "add", "10.77." + self + ".1/24", "dev", "br0");
        node.links().setUp("br0");
        node.commands().check("ip", "route", "add", "10.77." + peer + ".0/24", "via", "10.77." + peer + ".0", "dev", "vx0",
                "onlink");
        node.commands().check("ip", "neigh", "add", "10.77." + peer + ".0", "lladdr", "02:77:00:00:00:0" + peer, "dev", "vx0",
                "nud", "permanent");
        node.commands().check("bridge", "fdb", "append", "02:77:00:00:00:0" + peer, "dev", "vx0", "dst", "10.98.0.5" + peer);
        // flannel's masquerade of pod traffic leaving the pod network: it puts connection tracking on the path
        node.commands().check("nft", "add", "table", "ip", "hand");
        node.commands().check("nft", "add", "chain", "ip", "hand", "postrouting", "{", "type", "nat", "hook", "postrouting",
                "priority", "srcnat", ";", "}");
        node.commands().check("nft", "add", "rule", "ip", "hand", "postrouting", "ip", "saddr", "10.77.0.0/16", "ip",
                "daddr", "!=", "10.77.0.0/16", "masquerade");

        NetworkNamespace pod = cluster.podNamespace("hand-pod-" + self);
        node.commands().check("ip", "link", "add", "veth0", "mtu", "1450", "type", "veth", "peer", "name", "eth0", "mtu",
                "1450", "netns", pod.path().orElseThrow().toString());
        node.commands().check("ip", "link", "set", "veth0", "master", "br0", "up");
        HostNetwork inPod = HostNetwork.in(pod);
        inPod.commands().check("ip", "address", "add", "10.77." + self + ".2/24", "dev", "eth0");
        inPod.links().setUp("eth0");
        inPod.links().setUp("lo");
        inPod.commands().check("ip", "route", "add", "default", "via", "10.77." + self + ".1");
        return pod;
    }

    private static double median(double[] values) {
        return new Percentiles(values).at(50);
    }

    /** A namespace on the benchmark's underlay with a VXLAN device pointed at its peer, nothing else in the way. */
    private static HostNetwork handMadeVtep(CniCluster cluster, String label, int self, int peer, String address) {
        HostNetwork host = cluster.onUnderlay(label, "10.98.0." + self);
        host.commands().check("ip", "link", "add", "vx0", "mtu", "1450", "type", "vxlan", "id", "42", "local",
                "10.98.0." + self, "remote", "10.98.0." + peer, "dev", "eth0", "dstport", "4789");
        host.addresses().replace("vx0", address + "/24");
        host.links().setUp("vx0");
        return host;
    }

    /** iperf3 for 5 s from {@code client} to a one-shot server in {@code server}; the received rate in Gbit/s. */
    private static double iperf(NetworkNamespace client, NetworkNamespace server, String serverIp) throws Exception {
        Process listening = new ProcessBuilder("nsenter", "--net=" + server.path().orElseThrow(), "iperf3", "-s", "-1",
                "-p", "5201").redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            String json = "";
            for (int attempt = 0; attempt < 20; attempt++) {
                var run = new ProcessRunner(client).run(List.of("iperf3", "-c", serverIp, "-p", "5201", "-t", "5", "-J"), null);
                if (run.succeeded()) {
                    json = run.stdout();
                    break;
                }
                Thread.sleep(200); // the server is not listening yet
            }
            return JSON.readTree(json).path("end").path("sum_received").path("bits_per_second").asDouble() / 1e9;
        } finally {
            listening.destroyForcibly().waitFor();
        }
    }
}
