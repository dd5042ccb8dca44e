package io.reseau.proxy;

import static io.reseau.proxy.testing.Objects.edit;
import static io.reseau.proxy.testing.Objects.service;
import static io.reseau.proxy.testing.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.proxy.testing.Objects.Ep;
import io.reseau.proxy.testing.PodServer;
import io.reseau.proxy.testing.ProxyTestbed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * reseau-proxy on a node, with real packets: pods, a second node and an outside client in throwaway namespaces,
 * Services and EndpointSlices in a mock API server. Each test uses Services of its own.
 */
@ExtendWith(NetnsExtension.class)
class ProxyTrafficTest {

    private static final Duration QUICK = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static ProxyTestbed bed;

    @BeforeAll
    static void start(ThrowawayNamespaces netns) throws Exception {
        bed = ProxyTestbed.start(netns);
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    @Test
    void aPodReachesAClusterIPAndConnectionsSpreadOverEveryEndpoint() throws Exception {
        create(service("shop", "web", "10.43.0.10", 80));
        create(slice("shop", "web", "web-1", 8080, ready("pod-a"), ready("pod-b"), ready("pod-c")));

        awaitAnswer(bed.pod("pod-a"), "10.43.0.10", 80);
        assertThat(podsReached(bed.pod("pod-a"), "10.43.0.10", 80, 60)).containsExactlyInAnyOrder("pod-a", "pod-b", "pod-c");
    }

    @Test
    void aDualStackServiceIsReachedOnBothFamilies() throws Exception {
        create(edit(service("shop", "dual", "10.43.0.26", 80), b -> b.editSpec()
                .withClusterIPs("10.43.0.26", "fd43::1a").withIpFamilies("IPv4", "IPv6").withType("NodePort")
                .editFirstPort().withNodePort(30086).endPort().endSpec()));
        create(slice("shop", "dual", "dual-v4", 8080, ready("pod-c")));
        create(slice("shop", "dual", "dual-v6", "IPv6", "http", 8080, Ep.ready(bed.ip6("pod-c"), "node2")));

        assertThat(awaitAnswer(bed.pod("pod-a"), "10.43.0.26", 80)).isEqualTo("pod-c from=" + bed.ip("pod-a"));
        assertThat(awaitAnswer(bed.pod("pod-a"), "fd43::1a", 80)).isEqualTo("pod-c from=" + bed.ip6("pod-a"));
        assertThat(awaitAnswer(bed.client(), "fd99::1", 30086)).as("an IPv6 node port, masqueraded").startsWith("pod-c from=fd99::1");
    }

    @Test
    void theOutsideReachesNodePortsLoadBalancerAndExternalIPsMasqueraded() throws Exception {
        create(edit(service("shop", "front", "10.43.0.11", 80), b -> b.editSpec().withType("LoadBalancer")
                .withExternalIPs("192.0.2.60").editFirstPort().withNodePort(30080).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("192.0.2.50").endIngress()
                .endLoadBalancer().endStatus()));
        create(slice("shop", "front", "front-1", 8080, ready("pod-c")));

        for (String[] target : List.of(new String[] {ProxyTestbed.NODE1, "30080"}, new String[] {"192.0.2.50", "80"},
                new String[] {"192.0.2.60", "80"})) {
            String answer = awaitAnswer(bed.client(), target[0], Integer.parseInt(target[1]));
            assertThat(answer).as("via " + target[0]).startsWith("pod-c from=" + ProxyTestbed.NODE1);
        }
    }

    @Test
    void externalTrafficPolicyLocalKeepsTheClientAddressUsesOnlyLocalEndpointsAndAnswersHealthChecks() throws Exception {
        create(localLoadBalancer("kept", "10.43.0.12", "192.0.2.51", 30081, 31081));
        create(slice("shop", "kept", "kept-1", 8080, ready("pod-b"), ready("pod-c")));
        create(localLoadBalancer("remote", "10.43.0.13", "192.0.2.52", 30082, 31082));
        create(slice("shop", "remote", "remote-1", 8080, ready("pod-c")));

        String answer = awaitAnswer(bed.client(), ProxyTestbed.NODE1, 30081);
        assertThat(answer).isEqualTo("pod-b from=" + ProxyTestbed.CLIENT);
        assertThat(podsReached(bed.client(), "192.0.2.51", 80, 20)).containsExactly("pod-b");
        assertThat(healthCheck(31081)).isEqualTo(200);
        await().atMost(SETTLE).until(() -> healthCheck(31082) == 503);

        assertThatThrownBy(() -> PodServer.tcp(bed.client(), ProxyTestbed.NODE1, 30082, QUICK))
                .as("no local endpoint: the node drops external traffic").isInstanceOf(IOException.class);
        assertThat(awaitAnswer(bed.pod("pod-a"), "192.0.2.52", 80))
                .as("pods reach a Local Service's load-balancer IP through any endpoint").startsWith("pod-c");
    }

    @Test
    void internalTrafficPolicyLocalSendsPodsOnlyToEndpointsOnTheirNode() throws Exception {
        create(edit(service("shop", "cache", "10.43.0.14", 80), b -> b.editSpec().withInternalTrafficPolicy("Local").endSpec()));
        create(slice("shop", "cache", "cache-1", 8080, ready("pod-b"), ready("pod-c")));

        awaitAnswer(bed.pod("pod-a"), "10.43.0.14", 80);
        assertThat(podsReached(bed.pod("pod-a"), "10.43.0.14", 80, 20)).containsExactly("pod-b");
    }

    @Test
    void aServiceWithoutEndpointsRejectsConnectionsAtOnce() throws Exception {
        create(edit(service("shop", "empty", "10.43.0.15", 80), b -> b.editSpec().withType("NodePort")
                .editFirstPort().withNodePort(30083).endPort().endSpec()));

        await().atMost(SETTLE).untilAsserted(() -> assertThatThrownBy(
                () -> PodServer.tcp(bed.pod("pod-a"), "10.43.0.15", 80, QUICK)).isInstanceOf(ConnectException.class));
        long started = System.nanoTime();
        assertThatThrownBy(() -> PodServer.tcp(bed.client(), ProxyTestbed.NODE1, 30083, Duration.ofSeconds(10)))
                .isInstanceOf(ConnectException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("rejected, not black-holed").isLessThan(Duration.ofSeconds(5));
        try (var nft = bed.node1().nftables()) {
            var table = nft.table(io.reseau.hostnet.nft.Family.IP, "reseau-proxy").orElseThrow();
            assertThat(table.sets().get("no-endpoint-services")).contains("10.43.0.15 . tcp . 80");
            assertThat(table.sets().get("no-endpoint-nodeports")).contains("tcp . 30083");
        }
    }

    @Test
    void clientIPAffinityKeepsAClientOnOneEndpoint() throws Exception {
        create(edit(service("shop", "sticky", "10.43.0.16", 80), b -> b.editSpec().withSessionAffinity("ClientIP").endSpec()));
        create(slice("shop", "sticky", "sticky-1", 8080, ready("pod-a"), ready("pod-b"), ready("pod-c")));

        String first = pod(awaitAnswer(bed.pod("pod-a"), "10.43.0.16", 80));
        assertThat(podsReached(bed.pod("pod-a"), "10.43.0.16", 80, 20)).containsExactly(first);
    }

    @Test
    void aPodReachesItselfThroughItsService() throws Exception {
        create(service("shop", "self", "10.43.0.17", 80));
        create(slice("shop", "self", "self-1", 8080, ready("pod-a")));

        assertThat(awaitAnswer(bed.pod("pod-a"), "10.43.0.17", 80)).as("hairpin, masqueraded")
                .isEqualTo("pod-a from=10.42.1.1");
    }

    @Test
    void udpFollowsEndpointsWithoutStaleConntrackEntries() throws Exception {
        Service dns = edit(service("shop", "dns", "10.43.0.18", 53), b -> b.editSpec()
                .editFirstPort().withName("dns").withProtocol("UDP").endPort().endSpec());
        create(dns);
        create(udpSlice("dns-1", "pod-b"));

        try (PodServer.UdpClient udp = new PodServer.UdpClient(bed.pod("pod-a"))) {
            await().atMost(SETTLE).until(() -> pod(udp.ask("10.43.0.18", 53, Duration.ofMillis(300))).equals("pod-b"));
            bed.kube().resource(udpSlice("dns-1", "pod-c")).update();
            await().atMost(SETTLE).until(() -> pod(udp.ask("10.43.0.18", 53, Duration.ofMillis(300))).equals("pod-c"));
        }
    }

    @Test
    void aConnectionReusingTheSourcePortOfAnUnansweredAttemptReachesAnEndpointOnceTheDeadOneIsGone() throws Exception {
        create(service("shop", "reused", "10.43.0.27", 80));
        create(slice("shop", "reused", "reused-1", 8080, Ep.ready("10.42.2.99", "node2")));
        // Below the kernel's ephemeral range (32768-60999): no connection of another test from pod-a holds it.
        int sourcePort = 20_000 + new Random().nextInt(5_000);
        // The endpoint's pod on the other node is dead (nothing has its address): the attempt is left unanswered,
        // and its conntrack entry (SYN_SENT, translated to the dead address) outlives the client's closed socket.
        await().atMost(SETTLE).until(() -> unanswered(() -> PodServer.tcpFrom(bed.pod("pod-a"), sourcePort,
                "10.43.0.27", 80, QUICK)));

        bed.kube().resource(slice("shop", "reused", "reused-1", 8080, ready("pod-b"))).update();
        awaitAnswer(bed.pod("pod-a"), "10.43.0.27", 80);
        assertThat(pod(PodServer.tcpFrom(bed.pod("pod-a"), sourcePort, "10.43.0.27", 80, QUICK)))
                .as("a new connection from port %d", sourcePort).isEqualTo("pod-b");
    }

    @Test
    void endpointChurnUnderLoadFailsNoConnection() throws Exception {
        create(service("shop", "churn", "10.43.0.19", 80));
        create(slice("shop", "churn", "churn-1", 8080, ready("pod-a"), ready("pod-b")));
        awaitAnswer(bed.pod("pod-a"), "10.43.0.19", 80);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread load = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    PodServer.tcp(bed.pod("pod-a"), "10.43.0.19", 80, QUICK);
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        List<List<Ep>> steps = List.of(
                List.of(ready("pod-a"), ready("pod-b"), ready("pod-c")),
                List.of(ready("pod-a"), draining("pod-b"), ready("pod-c")),
                List.of(ready("pod-a"), ready("pod-c")),
                List.of(draining("pod-a"), ready("pod-c")),
                List.of(ready("pod-c"), ready("pod-b")),
                List.of(ready("pod-a"), ready("pod-b"), ready("pod-c")));
        for (List<Ep> step : steps) {
            // Each step in the kernel before the next, as a pod's endpoint is terminating (no new connections)
            // for a while before it leaves the slices: two steps applied in one sync would take an endpoint with
            // connections in flight out at once, and its conntrack entries with it (the proxy's documented rule).
            long syncs = bed.syncs();
            bed.kube().resource(slice("shop", "churn", "churn-1", 8080, step.toArray(Ep[]::new))).update();
            await().atMost(SETTLE).until(() -> bed.syncs() > syncs);
            Thread.sleep(400);
        }
        running.set(false);
        load.join();

        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(50);
    }

    @Test
    void restartingTheProxyKeepsEstablishedConnections() throws Exception {
        create(service("shop", "long", "10.43.0.20", 80));
        create(slice("shop", "long", "long-1", 8080, ready("pod-c")));
        awaitAnswer(bed.pod("pod-a"), "10.43.0.20", 80);

        try (Socket socket = openIn(bed.pod("pod-a"), "10.43.0.20", 80)) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            assertThat(line(in)).startsWith("pod-c");

            bed.stopProxy();
            bed.startProxy();
            await().atMost(SETTLE).until(() -> bed.syncs() > 0);

            out.write("still there\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(line(in)).isEqualTo("still there");
        }
    }

    @Test
    void badInputIsReportedAndLeftOutWhileEverythingElseWorks() throws Exception {
        create(edit(service("shop", "odd", "10.43.0.21", 80), b -> b.editSpec()
                .withType("NodePort").withExternalIPs("192.0.2.61", "not-an-ip")
                .editFirstPort().withNodePort(8000).endPort().endSpec()));
        create(slice("shop", "odd", "odd-1", 8080, ready("pod-b")));

        assertThat(awaitAnswer(bed.client(), "192.0.2.61", 80)).startsWith("pod-b");
        await().atMost(SETTLE).until(() -> reasons("odd").containsAll(Set.of("InvalidExternalIP", "NodePortOutOfRange")));
        assertThat(awaitAnswer(bed.pod("pod-a"), "10.43.0.21", 80)).startsWith("pod-b");
    }

    @Test
    void aTableChangedBehindTheProxysBackIsRepairedByTheNextSync() throws Exception {
        create(service("shop", "repair", "10.43.0.22", 80));
        create(slice("shop", "repair", "repair-1", 8080, ready("pod-b")));
        awaitAnswer(bed.pod("pod-a"), "10.43.0.22", 80);

        bed.node1().commands().check("nft", "delete", "table", "ip", "reseau-proxy");
        create(service("shop", "after", "10.43.0.23", 80));
        create(slice("shop", "after", "after-1", 8080, ready("pod-b")));

        assertThat(awaitAnswer(bed.pod("pod-a"), "10.43.0.23", 80)).as("the refused update is retried whole").startsWith("pod-b");
        assertThat(awaitAnswer(bed.pod("pod-a"), "10.43.0.22", 80)).startsWith("pod-b");
    }

    @Test
    void theBuiltInLoadBalancerGivesAServiceAnAddressTheOutsideReaches() throws Exception {
        create(edit(service("shop", "public", "10.43.0.24", 80), b -> b.editSpec().withType("LoadBalancer").endSpec()));
        create(slice("shop", "public", "public-1", 8080, ready("pod-c")));
        create(edit(service("shop", "theirs", "10.43.0.25", 80), b -> b.editSpec().withType("LoadBalancer")
                .withLoadBalancerClass("example.com/cloud").endSpec()));

        await().atMost(SETTLE).until(() -> !loadBalancerIps("public").isEmpty());
        String address = loadBalancerIps("public").getFirst();
        assertThat(address).startsWith("192.0.2.1");
        assertThat(awaitAnswer(bed.client(), address, 80)).startsWith("pod-c");
        assertThat(loadBalancerIps("theirs")).as("another controller's Service").isEmpty();
    }

    // ---- helpers

    private static List<String> loadBalancerIps(String service) {
        Service current = bed.kube().services().inNamespace("shop").withName(service).get();
        if (current.getStatus() == null || current.getStatus().getLoadBalancer() == null
                || current.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return current.getStatus().getLoadBalancer().getIngress().stream()
                .map(io.fabric8.kubernetes.api.model.LoadBalancerIngress::getIp).toList();
    }

    private static Ep ready(String pod) {
        return Ep.ready(bed.ip(pod), bed.nodeOf(pod));
    }

    private static Ep draining(String pod) {
        return Ep.terminating(bed.ip(pod), bed.nodeOf(pod), true);
    }

    private static Service localLoadBalancer(String name, String clusterIP, String lbIp, int nodePort, int healthPort) {
        return edit(service("shop", name, clusterIP, 80), b -> b.editSpec().withType("LoadBalancer")
                .withExternalTrafficPolicy("Local").withHealthCheckNodePort(healthPort)
                .editFirstPort().withNodePort(nodePort).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(lbIp).endIngress().endLoadBalancer().endStatus());
    }

    private static EndpointSlice udpSlice(String name, String pod) {
        return slice("shop", "dns", name, "IPv4", "dns", 5353, ready(pod)).edit()
                .editFirstPort().withProtocol("UDP").endPort().build();
    }

    private static void create(Object object) {
        if (object instanceof Service service) {
            bed.kube().resource(service).createOr(existing -> existing.update());
        } else if (object instanceof EndpointSlice slice) {
            bed.kube().resource(slice).createOr(existing -> existing.update());
        }
    }

    private static String awaitAnswer(NetworkNamespace from, String address, int port) {
        String[] answer = new String[1];
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            answer[0] = PodServer.tcp(from, address, port, QUICK);
            return !answer[0].isEmpty();
        });
        return answer[0];
    }

    private static Set<String> podsReached(NetworkNamespace from, String address, int port, int connections) throws Exception {
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < connections; i++) {
            reached.add(pod(PodServer.tcp(from, address, port, QUICK)));
        }
        return reached;
    }

    private static String pod(String answer) {
        return answer == null ? "" : answer.split(" ")[0];
    }

    private static int healthCheck(int port) throws Exception {
        return io.reseau.hostnet.netns.NamespacedThread.call(bed.client(), () -> {
            HttpClient http = HttpClient.newBuilder().connectTimeout(QUICK).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + ProxyTestbed.NODE1 + ":" + port + "/")).timeout(QUICK).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        });
    }

    private static Set<String> reasons(String service) {
        Set<String> reasons = new HashSet<>();
        for (Event event : bed.kube().v1().events().inNamespace("shop").list().getItems()) {
            if (event.getInvolvedObject().getName().equals(service)) {
                reasons.add(event.getReason());
            }
        }
        return reasons;
    }

    /** Whether the connection attempt went unanswered (timed out, or no route), as opposed to refused. */
    private static boolean unanswered(Callable<String> attempt) {
        try {
            attempt.call();
            return false;
        } catch (SocketTimeoutException | NoRouteToHostException silence) {
            return true;
        } catch (Exception other) {
            return false;
        }
    }

    private static Socket openIn(NetworkNamespace namespace, String address, int port) throws Exception {
        return io.reseau.hostnet.netns.NamespacedThread.call(namespace, () -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(address, port), (int) QUICK.toMillis());
            socket.setSoTimeout(5_000);
            return socket;
        });
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
