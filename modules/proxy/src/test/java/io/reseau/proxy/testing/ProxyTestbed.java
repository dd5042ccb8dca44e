package io.reseau.proxy.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.link.Route;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.proxy.ProxyController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small cluster for proxy tests, in throwaway namespaces:
 *
 * <pre>
 *   client 10.99.0.100 ─┐
 *   node1  10.99.0.1   ─┼─ underlay bridge (10.99.0.0/24)
 *   node2  10.99.0.2   ─┘
 *   node1: pod bridge 10.42.1.1/24, pods pod-a 10.42.1.10, pod-b 10.42.1.11   (reseau-proxy runs here)
 *   node2: pod bridge 10.42.2.1/24, pod   pod-c 10.42.2.10
 * </pre>
 *
 * Every link is dual-stack: the underlay is also fd99::/64 (client ::100, nodes ::1 and ::2), node1's pods are
 * in fd42:0:1::/64 and node2's in fd42:0:2::/64 (pod-a fd42:0:1::10, pod-b ::11, pod-c fd42:0:2::10).
 * Nodes route each other's pod ranges over the underlay; the client reaches 192.0.2.0/24 (load-balancer and
 * external IPs) through node1. Every pod serves TCP 8080 and UDP 5353 with {@link PodServer}, on both families.
 * The proxy runs in-process against a mock API server and programs node1's namespace.
 */
public final class ProxyTestbed implements AutoCloseable {

    public static final String CLIENT = "10.99.0.100";
    public static final String NODE1 = "10.99.0.1";
    public static final String NODE2 = "10.99.0.2";
    /** What the built-in load balancer hands out (the client routes 192.0.2.0/24 to node1). */
    public static final String LOAD_BALANCER_POOL = "192.0.2.100-192.0.2.110";

    private final ThrowawayNamespaces netns;
    private final Map<String, HostNetwork> pods = new LinkedHashMap<>();
    private final Map<String, String> podIps = new LinkedHashMap<>();
    private final Map<String, String> podNodes = new LinkedHashMap<>();
    private final List<PodServer> servers = new ArrayList<>();
    private HostNetwork client;
    private HostNetwork node1;
    private HostNetwork node2;
    private MockApiServer api;
    private KubernetesClient kube;
    private ControllerRuntime runtime;
    private ProxyController proxy;
    private io.reseau.proxy.lb.LoadBalancerController loadBalancer;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ProxyTestbed(ThrowawayNamespaces netns) {
        this.netns = netns;
    }

    public static ProxyTestbed start(ThrowawayNamespaces netns) throws Exception {
        ProxyTestbed bed = new ProxyTestbed(netns);
        bed.buildNetwork();
        bed.api = MockApiServer.start();
        bed.kube = bed.api.newClient();
        bed.startProxy();
        return bed;
    }

    private void buildNetwork() throws Exception {
        HostNetwork underlay = createNetwork("underlay");
        underlay.links().addBridge("br0");
        underlay.links().setUp("br0");
        client = attach(underlay, "client", CLIENT);
        node1 = attach(underlay, "node1", NODE1);
        node2 = attach(underlay, "node2", NODE2);
        client.routes().replace(Route.via("192.0.2.0/24", NODE1, "eth0"));
        for (HostNetwork node : List.of(node1, node2)) {
            node.sysctls().set("net.ipv4.ip_forward", "1");
            node.sysctls().set("net.ipv6.conf.all.forwarding", "1");
        }
        node1.routes().replace(Route.via("10.42.2.0/24", NODE2, "eth0"));
        node2.routes().replace(Route.via("10.42.1.0/24", NODE1, "eth0"));
        node1.routes().replace(Route.via("fd42:0:2::/64", "fd99::2", "eth0"));
        node2.routes().replace(Route.via("fd42:0:1::/64", "fd99::1", "eth0"));
        podBridge(node1, "10.42.1.1", "fd42:0:1::1");
        podBridge(node2, "10.42.2.1", "fd42:0:2::1");
        pod(node1, "node1", "pod-a", "10.42.1.10", "fd42:0:1::10");
        pod(node1, "node1", "pod-b", "10.42.1.11", "fd42:0:1::11");
        pod(node2, "node2", "pod-c", "10.42.2.10", "fd42:0:2::10");
    }

    /** A namespace whose new interfaces use IPv6 addresses at once (no duplicate address detection). */
    private HostNetwork createNetwork(String label) {
        HostNetwork network = netns.createNetwork(label);
        network.sysctls().set("net.ipv6.conf.all.accept_dad", "0");
        network.sysctls().set("net.ipv6.conf.default.accept_dad", "0");
        return network;
    }

    private HostNetwork attach(HostNetwork underlay, String label, String address) {
        HostNetwork member = createNetwork(label);
        String port = "u-" + label;
        underlay.links().addVeth(port, "eth0", member.namespace());
        underlay.links().setMaster(port, "br0");
        underlay.links().setUp(port);
        member.addresses().replace("eth0", address + "/24");
        member.addresses().replace("eth0", "fd99::" + address.substring(address.lastIndexOf('.') + 1) + "/64");
        member.links().setUp("eth0");
        return member;
    }

    private static void podBridge(HostNetwork node, String gateway, String gateway6) {
        node.links().addBridge("cbr0");
        node.addresses().replace("cbr0", gateway + "/24");
        node.addresses().replace("cbr0", gateway6 + "/64");
        node.links().setUp("cbr0");
    }

    private void pod(HostNetwork node, String nodeName, String name, String ip, String ip6) throws Exception {
        String gateway = ip.substring(0, ip.lastIndexOf('.')) + ".1";
        String gateway6 = ip6.substring(0, ip6.lastIndexOf(':')) + ":1";
        HostNetwork pod = createNetwork(name);
        String hostEnd = "v-" + name;
        node.links().addVeth(hostEnd, "eth0", pod.namespace());
        node.links().setMaster(hostEnd, "cbr0");
        node.links().setHairpin(hostEnd, true);
        node.links().setUp(hostEnd);
        pod.addresses().replace("eth0", ip + "/24");
        pod.addresses().replace("eth0", ip6 + "/64");
        pod.links().setUp("eth0");
        pod.routes().replace(new Route("default", Optional.of(gateway), Optional.of("eth0"), false, Optional.empty()));
        pod.routes().replace(new Route("default", Optional.of(gateway6), Optional.of("eth0"), false, Optional.empty()));
        pods.put(name, pod);
        podIps.put(name, ip);
        podIps.put(name + "/6", ip6);
        podNodes.put(name, nodeName);
        servers.add(PodServer.start(pod.namespace(), name, ip, 8080, 5353));
        servers.add(PodServer.start(pod.namespace(), name, ip6, 8080, 0));
    }

    /** Starts (or restarts) reseau-proxy on node1. */
    public void startProxy() {
        runtime = new ControllerRuntime(kube, meters, ControllerRuntime.Settings.defaults());
        ProxyController.Settings settings = new ProxyController.Settings("node1",
                Map.of(Family.IP, "10.42.0.0/16", Family.IP6, "fd42::/32"), Optional.empty(), 30_000, 32_767,
                Duration.ofMillis(100), Duration.ofMinutes(5), Duration.ofMinutes(5), node1.namespace());
        var services = ProxyController.watchServices(runtime);
        proxy = new ProxyController(runtime, settings, services);
        loadBalancer = new io.reseau.proxy.lb.LoadBalancerController(runtime, new io.reseau.proxy.lb.LoadBalancerController.Settings(
                io.reseau.proxy.lb.LoadBalancerAllocation.Mode.POOL,
                io.reseau.proxy.lb.AddressPool.parse(List.of(LOAD_BALANCER_POOL)), "reseau-system", "node1"), services);
        proxy.start().join();
        loadBalancer.start();
    }

    /** Stops reseau-proxy on node1, leaving what it programmed in the kernel. */
    public void stopProxy() {
        loadBalancer.close();
        proxy.close();
        runtime.close();
    }

    public KubernetesClient kube() {
        return kube;
    }

    public SimpleMeterRegistry meters() {
        return meters;
    }

    public NetworkNamespace client() {
        return client.namespace();
    }

    public HostNetwork node1() {
        return node1;
    }

    public NetworkNamespace pod(String name) {
        return pods.get(name).namespace();
    }

    public String ip(String pod) {
        return podIps.get(pod);
    }

    public String ip6(String pod) {
        return podIps.get(pod + "/6");
    }

    public String nodeOf(String pod) {
        return podNodes.get(pod);
    }

    public long syncs() {
        return proxy.completedSyncs();
    }

    @Override
    public void close() throws Exception {
        for (PodServer server : servers) {
            server.close();
        }
        if (proxy != null) {
            stopProxy();
        }
        if (kube != null) {
            kube.close();
        }
        if (api != null) {
            api.close();
        }
    }
}
