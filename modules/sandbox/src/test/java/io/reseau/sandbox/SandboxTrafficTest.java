package io.reseau.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.sandbox.cli.ObjectCommands;
import io.reseau.sandbox.cluster.NamespacedHttp;
import io.reseau.sandbox.controllers.PodConditions;
import io.reseau.sandbox.kubelet.PodSandboxes;
import io.reseau.sandbox.testing.RunningSandbox;
import io.reseau.sandbox.testing.TestBundle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A two-node sandbox running examples/sandbox/echo.yaml (3 replicas behind a LoadBalancer Service), reached
 * over real sockets from the client namespace and from pods, through the real reseau-proxy on each node. Pod to
 * pod, ClusterIP, the Ingress, scaling and deleting pods under load are the end-to-end suite's
 * (integration-tests, SandboxEndToEndTest), on the assembled bundle.
 */
@ExtendWith(NetnsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxTrafficTest {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    /** An element of the proxy's node-port NAT map for the echo HTTP port, e.g.
     *  {@code tcp . 30080 . 0x00000000 : 10.42.1.2 . 8080}. */
    private static final Pattern NODE_PORT_ENDPOINT = Pattern.compile("tcp \\. 30080 \\. \\S+ : ([0-9.]+) \\. 8080");
    private static RunningSandbox sandbox;
    private static KubernetesClient client;
    private static List<Pod> pods;

    @BeforeAll
    static void upWithTheEchoExample() throws Exception {
        sandbox = RunningSandbox.up(2);
        client = sandbox.client();
        new ObjectCommands(sandbox.settings(), new PrintStream(new ByteArrayOutputStream(), true))
                .apply(TestBundle.example("sandbox/echo.yaml"));
        try {
            await().atMost(SETTLE).until(() -> readyEchoPods().size() == 3);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the echo pods are not all ready: " + client.pods().list().getItems()
                    + "\nthe sandbox's log:\n" + sandbox.supervisorLog(), e);
        }
        pods = readyEchoPods();
        awaitProxiesProgrammed(pods);
    }

    @AfterAll
    static void down() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void replicasAreSpreadOverBothNodesWithAddressesFromTheirPodCidrs() {
        assertThat(pods).extracting(pod -> pod.getSpec().getNodeName()).contains("node-1", "node-2");
        for (Pod pod : pods) {
            String cidrPrefix = "10.42." + pod.getSpec().getNodeName().substring("node-".length()) + ".";
            assertThat(pod.getStatus().getPodIP()).startsWith(cidrPrefix);
        }
    }

    @Test
    @Order(2)
    void theClientReachesEveryReplicaThroughTheNodePortOfEachNode() {
        for (String node : List.of("10.240.0.11", "10.240.0.12")) {
            assertThat(hostnamesSeenFrom(sandbox.namespace("client"), "http://" + node + ":30080/hostname"))
                    .containsExactlyInAnyOrderElementsOf(podNames());
        }
    }

    @Test
    @Order(3)
    void theClientReachesEveryReplicaThroughTheLoadBalancerIp() {
        await().atMost(SETTLE).until(() -> !loadBalancerIps().isEmpty());
        String url = "http://" + loadBalancerIps().getFirst() + ":8080/hostname";
        // The address is in the Service's status as soon as it is given, which can be before the nodes' proxies
        // have programmed it (as in a cluster): the first answer is awaited.
        await().atMost(SETTLE).until(() -> NamespacedHttp.get(sandbox.namespace("client"), url).status() == 200);
        assertThat(hostnamesSeenFrom(sandbox.namespace("client"), url))
                .containsExactlyInAnyOrderElementsOf(podNames());
    }

    @Test
    @Order(4)
    void theWorkloadEchoesReportsAndSeesTheCaller() {
        NetworkNamespace clientNs = sandbox.namespace("client");
        Pod pod = pods.getFirst();
        String direct = "http://" + pod.getStatus().getPodIP() + ":8080";
        assertThat(NamespacedHttp.get(podNamespace(pods.get(1)), direct + "/echo?msg=bonjour%20reseau").body())
                .isEqualTo("bonjour reseau");
        assertThat(NamespacedHttp.get(podNamespace(pods.get(1)), direct + "/clientip").body())
                .startsWith(pods.get(1).getStatus().getPodIP() + ":");
        assertThat(NamespacedHttp.get(clientNs, "http://10.240.0.11:30080/some/path?x=1").body())
                .contains("namespace: default", "method: GET", "path: /some/path", "query: x=1",
                        "host: 10.240.0.11:30080");
    }

    @Test
    @Order(5)
    void udpDatagramsAreEchoedThroughTheNodePort() throws Exception {
        String reply = NamespacedThread.call(sandbox.namespace("client"), () -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(2_000);
                byte[] message = "ping over udp".getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(message, message.length, new InetSocketAddress("10.240.0.12", 30090)));
                DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
                socket.receive(answer);
                return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
            }
        });
        assertThat(reply).isEqualTo("ping over udp");
    }

    /**
     * Waits until the proxy on every node has the pods' addresses, and only those, as the node port's
     * endpoints in its kernel table: the change has settled.
     */
    private static void awaitProxiesProgrammed(List<Pod> endpoints) {
        Set<String> expected = new HashSet<>(endpoints.stream().map(pod -> pod.getStatus().getPodIP()).toList());
        for (String node : List.of("node-1", "node-2")) {
            ProcessRunner nft = new ProcessRunner(sandbox.namespace(node));
            await().atMost(SETTLE).until(() -> {
                Matcher endpoint = NODE_PORT_ENDPOINT.matcher(
                        nft.check("nft", "list", "map", "ip", "reseau-proxy", "node-port-backends"));
                Set<String> programmed = new HashSet<>();
                while (endpoint.find()) {
                    programmed.add(endpoint.group(1));
                }
                return programmed.equals(expected);
            });
        }
    }

    /** Asks until every replica has answered (each request goes to a random endpoint), at most 200 times. */
    private static Set<String> hostnamesSeenFrom(NetworkNamespace from, String url) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200 && seen.size() < 3; i++) {
            NamespacedHttp.Response response = NamespacedHttp.get(from, url);
            assertThat(response.status()).as("GET %s: %s", url, response.body()).isEqualTo(200);
            seen.add(response.body());
        }
        return seen;
    }

    private static List<Pod> readyEchoPods() {
        return client.pods().withLabel("app", "echo").list().getItems().stream()
                .filter(PodConditions::ready).toList();
    }

    private static List<String> podNames() {
        return pods.stream().map(pod -> pod.getMetadata().getName()).toList();
    }

    private static List<String> loadBalancerIps() {
        Service service = client.services().withName("echo").get();
        return service.getStatus() == null || service.getStatus().getLoadBalancer() == null ? List.of()
                : service.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    }

    private static NetworkNamespace podNamespace(Pod pod) {
        return sandbox.namespace(PodSandboxes.role(pod.getMetadata().getUid()));
    }
}
