package io.reseau.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.netns.NetworkNamespaces;
import io.reseau.it.Bundle;
import io.reseau.it.RawHttp;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ListAssert;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole bundle on a two-node {@code reseau-sandbox}, brought up with the packaged command as a user does,
 * running the seed's {@code ingress-wildcard-host} Ingress verbatim, its backends (a Service of each type, the
 * course page's 3-replica image-processing backend) and reseau-ingress itself as a sandbox pod behind its
 * LoadBalancer Service. Every request is a real socket from the client namespace (the outside world) or from a
 * pod, through the real reseau-cni overlay and reseau-proxy rules on the nodes. One sandbox for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxEndToEndTest {

    private static final Duration SETTLE = Duration.ofSeconds(120);
    /** Well under the two minutes conntrack keeps an entry of a closed connection: only a cleanup is this quick. */
    private static final Duration CONNTRACK_CLEANED = Duration.ofSeconds(30);
    private static final List<String> NODE_ADDRESSES = List.of("10.240.0.11", "10.240.0.12");
    private static final String BACKEND = "image-processing";
    private static final int BACKEND_LB_PORT = 8000;
    private static final int BACKEND_NODE_PORT = 30800;
    private static final int BACKEND_POD_PORT = 8080;

    private static MachineNetwork before;
    private static SandboxCli sandbox;
    private static KubernetesClient kube;

    @BeforeAll
    static void upWithTheSeedsIngressAndItsBackends() throws Exception {
        before = MachineNetwork.now();
        sandbox = SandboxCli.forThisRun();
        sandbox.up(2);
        kube = sandbox.client();
        for (String manifest : List.of("sandbox/reseau-ingress.yaml", "sandbox/ingress-wildcard-host-backends.yaml",
                "seed/ingress-wildcard-host.yaml")) {
            sandbox.check("apply", "-f", Bundle.HOME.resolve("examples").resolve(manifest).toString());
        }
        try {
            await().atMost(SETTLE).until(() -> readyPods(BACKEND).size() == 3 && readyPods("bar").size() == 1
                    && readyPods("foo").size() == 1 && ingressPod().map(SandboxEndToEndTest::ready).orElse(false));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the pods are not all ready: " + kube.pods().inAnyNamespace().list().getItems()
                    + "\nthe sandbox's log:\n" + sandbox.supervisorLog(), e);
        }
        awaitSettled(readyPods(BACKEND));
    }

    @AfterAll
    static void down() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void podsReachEachOtherOnTheSameNodeAndAcrossNodes() {
        List<Pod> pods = readyPods(BACKEND);
        Set<String> pairs = new HashSet<>();
        for (Pod from : pods) {
            for (Pod to : pods) {
                if (from == to) {
                    continue;
                }
                RawHttp.Reply reply = RawHttp.getFrom(podNamespace(from), to.getStatus().getPodIP(), BACKEND_POD_PORT,
                        "/hostname");
                assertThat(reply.body()).as("%s -> %s", name(from), name(to)).isEqualTo(name(to));
                pairs.add(from.getSpec().getNodeName().equals(to.getSpec().getNodeName()) ? "same node" : "across");
            }
        }
        // Three replicas on two nodes: at least two share a node, and at least one pair is split.
        assertThat(pairs).containsExactlyInAnyOrder("same node", "across");
    }

    @Test
    @Order(2)
    void aPodReachesEveryReplicaThroughTheClusterIp() {
        String clusterIp = kube.services().withName(BACKEND).get().getSpec().getClusterIP();
        Pod caller = readyPods("bar").getFirst();
        assertThat(hostnamesSeen(podNamespace(caller), clusterIp, BACKEND_LB_PORT))
                .containsExactlyInAnyOrderElementsOf(names(readyPods(BACKEND)));
    }

    @Test
    @Order(3)
    void theClientReachesEveryReplicaThroughTheNodePortOfEachNode() {
        for (String node : NODE_ADDRESSES) {
            assertThat(hostnamesSeen(clientNamespace(), node, BACKEND_NODE_PORT))
                    .containsExactlyInAnyOrderElementsOf(names(readyPods(BACKEND)));
            assertThat(RawHttp.getFrom(clientNamespace(), node, 30082, "/hostname").body())
                    .as("service2's node port on %s", node).isEqualTo(name(readyPods("foo").getFirst()));
        }
    }

    @Test
    @Order(4)
    void theClientReachesEveryReplicaThroughTheLoadBalancerIp() {
        List<String> ips = await().atMost(SETTLE).until(() -> loadBalancerIps("default", BACKEND), found -> !found.isEmpty());
        assertThat(ips).containsExactlyInAnyOrderElementsOf(NODE_ADDRESSES);
        for (String ip : ips) {
            assertThat(hostnamesSeen(clientNamespace(), ip, BACKEND_LB_PORT))
                    .containsExactlyInAnyOrderElementsOf(names(readyPods(BACKEND)));
        }
    }

    @Test
    @Order(5)
    void theIngressPodServesEachRuleOfTheSeedsIngressThroughItsLoadBalancer() throws Exception {
        List<String> ips = await().atMost(SETTLE).until(() -> loadBalancerIps("reseau-system", "reseau-ingress"),
                found -> !found.isEmpty());
        String bar = name(readyPods("bar").getFirst());
        String foo = name(readyPods("foo").getFirst());
        for (String ip : ips) {
            await().atMost(SETTLE).until(() -> viaIngress(ip, "domain1.bar.com", "/bar").status() == 200);
            assertThat(viaIngress(ip, "domain1.bar.com", "/bar/photo.png?size=2").body())
                    .contains("pod: " + bar, "path: /bar/photo.png", "query: size=2", "host: domain1.bar.com");
            assertThat(viaIngress(ip, "domain1.bar.com", "/foo").body())
                    .contains("pod: " + foo, "path: /foo", "host: domain1.bar.com");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 200 && seen.size() < 3; i++) {
                RawHttp.Reply reply = viaIngress(ip, "domain2.foo.com", "/any/path");
                assertThat(reply.status()).as("domain2.foo.com via %s: %s", ip, reply.body()).isEqualTo(200);
                assertThat(reply.body()).contains("path: /any/path", "host: domain2.foo.com");
                seen.add(reply.body().lines().findFirst().orElseThrow());
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(
                    names(readyPods(BACKEND)).stream().map(pod -> "pod: " + pod).toList());
            assertThat(viaIngress(ip, "domain1.bar.com", "/other").status()).isEqualTo(404);
            assertThat(viaIngress(ip, "domain3.example.com", "/bar").status()).isEqualTo(404);
        }
        await().atMost(SETTLE).untilAsserted(() -> assertThat(kube.network().v1().ingresses()
                .withName("ingress-wildcard-host").get().getStatus().getLoadBalancer().getIngress())
                .extracting(IngressLoadBalancerIngress::getIp).containsExactlyInAnyOrderElementsOf(ips));
        // The requests went through the ingress pod: its access log, as 'reseau-sandbox logs POD' shows it.
        assertThat(sandbox.check("logs", name(ingressPod().orElseThrow()), "-n", "reseau-system"))
                .containsPattern("\"host\":\"domain1\\.bar\\.com\",\"path\":\"/foo\",\"query\":\"\","
                        + "\"request_length\":\\d+,\"status\":200")
                .contains("\"service\":\"default/service2:80\"");
    }

    @Test
    @Order(6)
    void theIngressPodsProcessIsStartedAgainWhenItDies() throws Exception {
        String pod = name(ingressPod().orElseThrow());
        long killed = componentPid(pod);
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        String ip = loadBalancerIps("reseau-system", "reseau-ingress").getFirst();
        await().atMost(SETTLE).until(() -> componentPid(pod) != killed && ready(ingressPod().orElseThrow())
                && viaIngress(ip, "domain1.bar.com", "/bar").status() == 200);
        assertThat(name(ingressPod().orElseThrow())).as("the same pod, its container restarted").isEqualTo(pod);
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    @Order(7)
    void scalingDeletingAndRollingPodsUnderASteadyLoopLosesNoRequestOnceSettled() throws Exception {
        try (SteadyRequests loop = SteadyRequests.start(clientNamespace(), NODE_ADDRESSES.getFirst(), BACKEND_LB_PORT,
                "/hostname")) {
            scaleTo(5);
            assertEverySettledRequestReachesAReadyPod(loop, 5);

            Pod victim = readyPods(BACKEND).getFirst();
            kube.pods().withName(name(victim)).delete();
            await().atMost(SETTLE).until(() -> !podNamespace(victim).exists());
            assertEverySettledRequestReachesAReadyPod(loop, 5).doesNotContain(name(victim));

            scaleTo(2);
            assertEverySettledRequestReachesAReadyPod(loop, 2);

            scaleTo(3);
            assertEverySettledRequestReachesAReadyPod(loop, 3);

            // A template change: a rolling update (25 % surge, none unavailable) replaces every pod.
            List<String> before = names(readyPods(BACKEND));
            kube.apps().deployments().withName(BACKEND).edit(deployment -> {
                deployment.getSpec().getTemplate().getMetadata().getAnnotations().put("example.com/revision", "2");
                return deployment;
            });
            await().atMost(SETTLE).until(() -> kube.pods().withLabel("app", BACKEND).list().getItems().stream()
                    .allMatch(pod -> "2".equals(pod.getMetadata().getAnnotations().get("example.com/revision"))));
            assertEverySettledRequestReachesAReadyPod(loop, 3).doesNotContainAnyElementsOf(before);
        }
    }

    @Test
    @Order(8)
    void downLeavesTheMachineAsItWas() throws Exception {
        sandbox.close();
        assertThat(Files.exists(sandbox.stateDir().resolve("state.json"))).isFalse();
        assertThat(new NetworkNamespaces().list())
                .noneMatch(namespace -> namespace.startsWith(sandbox.name() + "-"));
        assertThat(ProcessHandle.allProcesses().flatMap(process -> process.info().commandLine().stream()))
                .noneMatch(line -> line.contains(sandbox.stateDir().toString()));
        MachineNetwork after = MachineNetwork.now();
        assertThat(after.links()).isEqualTo(before.links());
        assertThat(after.addresses()).isEqualTo(before.addresses());
        assertThat(after.routes()).isEqualTo(before.routes());
        assertThat(after.ruleset()).isEqualTo(before.ruleset());
    }

    /**
     * Waits until the change has settled (the Deployment's {@code replicas} pods, and no other, Ready, and the
     * proxies' tables on every node holding exactly them), then takes the next 50 replies of the loop: every one
     * is 200 from one of those pods. Returns the pods that answered.
     */
    private static ListAssert<String> assertEverySettledRequestReachesAReadyPod(SteadyRequests loop, int replicas)
            throws InterruptedException {
        await().atMost(SETTLE).until(() -> kube.pods().withLabel("app", BACKEND).list().getItems().size() == replicas
                && readyPods(BACKEND).size() == replicas);
        List<Pod> ready = readyPods(BACKEND);
        awaitSettled(ready);
        List<RawHttp.Reply> replies = loop.after(loop.mark(), 50);
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.body()).isIn(names(ready));
        });
        return assertThat(replies.stream().map(RawHttp.Reply::body).toList());
    }

    /** A GET from the client to the ingress's LoadBalancer address {@code ip}, port 80. */
    private static RawHttp.Reply viaIngress(String ip, String host, String path) {
        return RawHttp.getFrom(clientNamespace(), ip, 80, host, path);
    }

    private static void scaleTo(int replicas) {
        kube.apps().deployments().withName(BACKEND).scale(replicas);
    }

    /**
     * Until the pods alone are the backend's endpoints, in every node's kernel, and no connection the node tracks
     * to its LoadBalancer port is still translated to another address (a new connection that reuses such an
     * entry's source port would follow it to a pod that is gone).
     */
    private static void awaitSettled(List<Pod> pods) {
        Set<String> addresses = new HashSet<>(pods.stream().map(pod -> pod.getStatus().getPodIP()).toList());
        for (String node : List.of("node-1", "node-2")) {
            await().atMost(SETTLE).untilAsserted(() -> assertThat(ProxyTables.nodePortEndpoints(
                    sandbox.namespace(node), BACKEND_NODE_PORT)).as("the endpoints of node port %d on %s (slices: %s)",
                    BACKEND_NODE_PORT, node, kube.discovery().v1().endpointSlices().withLabel(
                            "kubernetes.io/service-name", BACKEND).list().getItems())
                    .containsExactlyInAnyOrderElementsOf(addresses));
            await().atMost(CONNTRACK_CLEANED).untilAsserted(() -> assertThat(ProxyTables.trackedTargets(
                    sandbox.namespace(node), BACKEND_LB_PORT)).as("where %s's conntrack sends port %d", node,
                    BACKEND_LB_PORT).isSubsetOf(addresses));
        }
    }

    /** Asks until every replica has answered (each request picks an endpoint at random), at most 200 times. */
    private static Set<String> hostnamesSeen(NetworkNamespace from, String address, int port) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200 && seen.size() < 3; i++) {
            RawHttp.Reply reply = RawHttp.getFrom(from, address, port, "/hostname");
            assertThat(reply.status()).as("GET %s:%d/hostname: %s", address, port, reply.body()).isEqualTo(200);
            seen.add(reply.body());
        }
        return seen;
    }

    private static List<Pod> readyPods(String app) {
        return kube.pods().withLabel("app", app).list().getItems().stream().filter(SandboxEndToEndTest::ready)
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** The pid of the component process running in {@code pod}, as {@code reseau-sandbox status} lists it. */
    private static long componentPid(String pod) throws Exception {
        Matcher line = Pattern.compile("in pod \\S+/" + Pattern.quote(pod) + "\\s+pid\\s+(\\d+)").matcher(sandbox.check("status"));
        return line.find() ? Long.parseLong(line.group(1)) : 0;
    }

    private static Optional<Pod> ingressPod() {
        return kube.pods().inNamespace("reseau-system").withLabel("app.kubernetes.io/name", "reseau-ingress").list()
                .getItems().stream().findFirst();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }

    private static List<String> loadBalancerIps(String namespace, String service) {
        Service found = kube.services().inNamespace(namespace).withName(service).get();
        return found.getStatus() == null || found.getStatus().getLoadBalancer() == null ? List.of()
                : found.getStatus().getLoadBalancer().getIngress().stream().map(point -> point.getIp()).toList();
    }

    private static NetworkNamespace clientNamespace() {
        return sandbox.namespace("client");
    }

    /** {@code <sandbox>-pod-<the uid's last 12 hex digits>}, as docs/sandbox.md names a pod's namespace. */
    private static NetworkNamespace podNamespace(Pod pod) {
        String hex = pod.getMetadata().getUid().replace("-", "");
        return sandbox.namespace("pod-" + hex.substring(Math.max(0, hex.length() - 12)));
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(SandboxEndToEndTest::name).toList();
    }
}
