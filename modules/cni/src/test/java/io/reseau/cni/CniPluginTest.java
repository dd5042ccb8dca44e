package io.reseau.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reseau.cni.spec.CniVersions;
import io.reseau.cni.testing.CniTestbed;
import io.reseau.cni.testing.CniTestbed.TestNode;
import io.reseau.cni.testing.ConflistRuntime;
import io.reseau.cni.testing.PluginCall;
import io.reseau.cni.testing.WhoServer;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's commands as the spec defines them, exec'd as a runtime does against a running agent: results,
 * idempotence, CHECK, GC, STATUS, VERSION, bad input answered with the spec's errors and nothing left behind,
 * parallel storms, and portmap chained after reseau.
 */
@ExtendWith(NetnsExtension.class)
class CniPluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CniTestbed bed;
    private static TestNode node;

    @BeforeAll
    static void start(ThrowawayNamespaces netns, @TempDir Path work) throws Exception {
        bed = CniTestbed.start(netns, work);
        node = bed.node("node1");
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    @Test
    void versionListsTheSpecVersionsWithoutAsking() {
        PluginCall.Outcome version = node.run(Map.of("CNI_COMMAND", "VERSION"),
                "{\"cniVersion\": \"0.4.0\", \"prevResult\": {\"cniVersion\": \"1.0.0\"}}");
        assertThat(version.succeeded()).isTrue();
        assertThat(version.json().path("cniVersion").asText()).isEqualTo("0.4.0");
        assertThat(version.json().path("supportedVersions")).extracting(JsonNode::asText)
                .as("the script's list is the agent's").containsExactlyElementsOf(CniVersions.SUPPORTED);
        PluginCall.Outcome unknown = node.run(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"9.9.9\"}");
        assertThat(unknown.json().path("cniVersion").asText()).isEqualTo(CniVersions.LATEST);
    }

    @Test
    void linesInTheCallsFifoThatAreNotCallsInTheSpoolAreIgnoredAndCallsGoOn(@TempDir Path elsewhere) throws Exception {
        Path decoy = elsewhere.resolve("call.decoy"); // a regular file, not a FIFO: were it served, it would be written
        Files.writeString(decoy, "");
        Files.writeString(elsewhere.resolve("call.decoy.environ"), "CNI_COMMAND=STATUS\0");
        Files.writeString(elsewhere.resolve("call.decoy.stdin"), node.pluginConfig());
        Path inSpool = node.spoolDir().resolve("call.not-a-fifo");
        Files.writeString(inSpool, "");
        try {
            Files.writeString(node.spoolDir().resolve("calls"), decoy + "\nnot a path\na NUL \0 in it\n" + inSpool + "\n");
            Map<String, String> env = Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", node.binDir().toString());
            assertThat(node.run(env, node.pluginConfig()).exitStatus()).isZero();
            assertThat(decoy).as("a call outside the spool is not served").isEmptyFile();
            assertThat(inSpool).as("a call that is not a FIFO is not served").isEmptyFile();
        } finally {
            Files.delete(inSpool);
        }
    }

    @Test
    void aSecondAddIsIdempotentAndDelIsToo() throws Exception {
        NetworkNamespace pod = node.newPodNamespace("twice");
        PluginCall.Outcome first = node.addPod("twice", pod);
        int links = ourLinks();
        PluginCall.Outcome second = node.addPod("twice", pod);
        assertThat(second.json().path("ips")).isEqualTo(first.json().path("ips"));
        assertThat(ourLinks()).isEqualTo(links);

        assertThat(node.call("DEL", "twice", pod, "eth0", node.pluginConfig()).succeeded()).isTrue();
        assertThat(node.call("DEL", "twice", pod, "eth0", node.pluginConfig()).succeeded()).isTrue();
        assertThat(node.call("DEL", "never-added", null, "eth0", node.pluginConfig()).succeeded()).isTrue();
        assertThat(ourLinks()).isEqualTo(links - 1);
        assertThat(allocationsOf("twice")).isEmpty();
    }

    @Test
    void checkPassesOnAWiredPodAndFailsOnceItsAddressIsGone() throws Exception {
        NetworkNamespace pod = node.newPodNamespace("checked");
        PluginCall.Outcome added = node.addPod("checked", pod);
        String config = withField(node.pluginConfig(), "prevResult", added.json());
        assertThat(node.call("CHECK", "checked", pod, "eth0", config).succeeded()).isTrue();

        String address = added.json().path("ips").get(0).path("address").asText();
        io.reseau.hostnet.HostNetwork.in(pod).addresses().delete("eth0", address);
        PluginCall.Outcome check = node.call("CHECK", "checked", pod, "eth0", config);
        assertThat(check.code()).as(check.toString()).isEqualTo(100);
        assertThat(check.json().path("msg").asText()).contains("lacks " + address);
    }

    @Test
    void garbageCollectionFreesEveryAttachmentTheRuntimeNoLongerHolds() throws Exception {
        NetworkNamespace kept = node.newPodNamespace("gc-kept");
        NetworkNamespace leaked = node.newPodNamespace("gc-leaked");
        node.addPod("gc-kept", kept);
        String leakedVeth = node.addPod("gc-leaked", leaked).json().path("interfaces").get(0).path("name").asText();
        List<Map<String, String>> valid = new ArrayList<>();
        for (String id : currentOwners()) {
            if (!id.equals("gc-leaked")) {
                valid.add(Map.of("containerID", id, "ifname", "eth0"));
            }
        }
        String config = withField(node.pluginConfig(), "cni.dev/valid-attachments", JSON.valueToTree(valid));
        PluginCall.Outcome gc = node.run(Map.of("CNI_COMMAND", "GC", "CNI_PATH",
                node.binDir().toString()), config);
        assertThat(gc.succeeded()).as(gc.toString()).isTrue();
        assertThat(allocationsOf("gc-leaked")).isEmpty();
        assertThat(node.network.links().get(leakedVeth)).isEmpty();
        assertThat(allocationsOf("gc-kept")).hasSize(2);
    }

    @Test
    void aCallTheAgentTookButDidNotAnswerIsAnsweredTryAgainLaterByTheNextAgent() throws Exception {
        TestNode other = bed.node("node2");
        Path call = other.spoolDir().resolve("call.left-by-a-crash");
        assertThat(new ProcessBuilder("mkfifo", call.toString()).start().waitFor()).isZero();
        Files.writeString(other.spoolDir().resolve("call.left-by-a-crash.environ"), "CNI_COMMAND=ADD\0");
        Files.writeString(other.spoolDir().resolve("call.left-by-a-crash.stdin"), other.pluginConfig());
        Process waitingPlugin = new ProcessBuilder("cat", call.toString()).start();
        other.stopAgent();
        other.startAgent();
        String answer = new String(waitingPlugin.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answer).startsWith("1\n");
        assertThat(JSON.readTree(answer.substring(2)).path("code").asInt()).isEqualTo(11);
        try (Stream<Path> spool = Files.list(other.spoolDir())) {
            assertThat(spool.map(file -> file.getFileName().toString())).containsExactly("calls");
        }
    }

    @Test
    void statusIsFineWhileTheAgentServesAndNotAvailableWhenItIsDown() throws Exception {
        Map<String, String> env = Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", node.binDir().toString());
        assertThat(node.run(env, node.pluginConfig()).exitStatus()).isZero();
        TestNode other = bed.node("node2");
        other.stopAgent();
        try {
            PluginCall.Outcome down = other.run(env, other.pluginConfig());
            assertThat(down.code()).isEqualTo(50);
            assertThat(down.json().path("msg").asText()).contains("not running on this node (no " + other.spoolDir().resolve("calls") + ")");
            PluginCall.Outcome add = other.call("ADD", "while-down", other.newPodNamespace("while-down"), "eth0", other.pluginConfig());
            assertThat(add.code()).isEqualTo(11);
        } finally {
            other.startAgent();
        }
    }

    @Test
    void badInputGetsTheSpecErrorAndLeavesNothingBehind() throws Exception {
        int links = ourLinks();
        int allocations = allocationCount();
        NetworkNamespace pod = node.newPodNamespace("bad");

        PluginCall.Outcome malformed = node.call("ADD", "bad", pod, "eth0", "{\"cniVersion\": \"1.0.0\", \"name\": ");
        assertThat(malformed.exitStatus()).isNotZero();
        assertThat(malformed.code()).isEqualTo(6);
        assertThat(malformed.json().path("msg").asText()).contains("not JSON");

        PluginCall.Outcome noNetns = node.call("ADD", "bad", null, "eth0", node.pluginConfig());
        assertThat(noNetns.code()).isEqualTo(4);
        assertThat(noNetns.json().path("msg").asText()).contains("CNI_NETNS");

        PluginCall.Outcome missing = node.run(PluginCall.env("ADD", "bad", "/var/run/netns/rstest-no-such",
                "eth0", node.binDir()), node.pluginConfig());
        assertThat(missing.code()).isEqualTo(4);
        assertThat(missing.json().path("msg").asText()).contains("/var/run/netns/rstest-no-such does not exist");

        PluginCall.Outcome notANamespace = node.run(PluginCall.env("ADD", "bad",
                node.conflist().toString(), "eth0", node.binDir()), node.pluginConfig());
        assertThat(notANamespace.code()).as(notANamespace.toString()).isEqualTo(4);

        PluginCall.Outcome oldVersion = node.call("ADD", "bad", pod, "eth0", withField(node.pluginConfig(), "cniVersion",
                JSON.getNodeFactory().textNode("0.2.0")));
        assertThat(oldVersion.code()).isEqualTo(1);

        PluginCall.Outcome badSubnet = node.call("ADD", "bad", pod, "eth0", withField(node.pluginConfig(), "subnets",
                JSON.valueToTree(List.of("10.42.1.7/24"))));
        assertThat(badSubnet.code()).isEqualTo(7);
        assertThat(badSubnet.json().path("msg").asText()).contains("host bits set");

        PluginCall.Outcome badIfname = node.call("ADD", "bad", pod, "eth0/x", node.pluginConfig());
        assertThat(badIfname.code()).isEqualTo(4);
        assertThat(badIfname.json().path("msg").asText()).contains("CNI_IFNAME");

        PluginCall.Outcome noCommand = node.run(Map.of("CNI_COMMAND", "FROB"), node.pluginConfig());
        assertThat(noCommand.code()).isEqualTo(4);

        assertThat(ourLinks()).isEqualTo(links);
        assertThat(allocationCount()).isEqualTo(allocations);
        assertThat(io.reseau.hostnet.HostNetwork.in(pod).links().get("eth0")).isEmpty();
    }

    @Test
    void anInterfaceNameTakenInTheContainerIsRefusedAndTheFirstOneKeepsWorking() throws Exception {
        NetworkNamespace pod = node.newPodNamespace("taken");
        PluginCall.Outcome first = node.addPod("taken-1", pod);
        int links = ourLinks();
        PluginCall.Outcome second = node.call("ADD", "taken-2", pod, "eth0", node.pluginConfig());
        assertThat(second.code()).as(second.toString()).isEqualTo(4);
        assertThat(second.json().path("msg").asText()).contains("CNI_IFNAME=eth0 already exists");
        assertThat(ourLinks()).isEqualTo(links);
        assertThat(allocationsOf("taken-2")).isEmpty();
        try (WhoServer server = WhoServer.start(pod, "taken", 8081)) {
            String ip = first.json().path("ips").get(0).path("address").asText().split("/")[0];
            assertThat(WhoServer.ask(bed.node("node1").network.namespace(), ip, 8081)).startsWith("taken from=");
        }
    }

    @Test
    void anExhaustedRangeIsATryAgainLaterErrorThatKeepsNothing() throws Exception {
        // a network of its own whose /30 leaves one address for pods (.254: .253 is the gateway, .255 broadcast)
        String tiny = withField(withField(node.pluginConfig(), "name", JSON.getNodeFactory().textNode("tiny")), "subnets",
                JSON.valueToTree(List.of("10.42.1.252/30")));
        NetworkNamespace one = node.newPodNamespace("tiny-1");
        NetworkNamespace two = node.newPodNamespace("tiny-2");
        PluginCall.Outcome first = node.call("ADD", "tiny-1", one, "eth0", tiny);
        assertThat(first.json().path("ips").get(0).path("address").asText()).isEqualTo("10.42.1.254/30");
        int links = ourLinks();
        PluginCall.Outcome full = node.call("ADD", "tiny-2", two, "eth0", tiny);
        assertThat(full.code()).as(full.toString()).isEqualTo(11);
        assertThat(full.json().path("msg").asText()).contains("no free address left in 10.42.1.252/30");
        assertThat(ourLinks()).isEqualTo(links);
        assertThat(io.reseau.hostnet.HostNetwork.in(two).links().get("eth0")).isEmpty();
        assertThat(node.call("DEL", "tiny-1", one, "eth0", tiny).succeeded()).isTrue();
        assertThat(node.call("ADD", "tiny-2", two, "eth0", tiny).succeeded()).as("the freed address is given again").isTrue();
    }

    @Test
    void fiftyParallelAddsGetFiftyAddressesAndFiftyDelsLeaveNothing() throws Exception {
        int links = ourLinks();
        int allocations = allocationCount();
        List<NetworkNamespace> pods = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pods.add(node.newPodNamespace("storm-" + i));
        }
        List<PluginCall.Outcome> added = inParallel(pods, (i, pod) -> node.call("ADD", "storm-" + i, pod, "eth0", node.pluginConfig()));
        Set<String> addresses = new HashSet<>();
        for (PluginCall.Outcome outcome : added) {
            assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
            addresses.add(outcome.json().path("ips").get(0).path("address").asText());
        }
        assertThat(addresses).hasSize(50);
        assertThat(ourLinks()).isEqualTo(links + 50);

        List<PluginCall.Outcome> deleted = inParallel(pods, (i, pod) -> node.call("DEL", "storm-" + i, pod, "eth0", node.pluginConfig()));
        assertThat(deleted).allSatisfy(outcome -> assertThat(outcome.succeeded()).as(outcome.toString()).isTrue());
        assertThat(ourLinks()).isEqualTo(links);
        assertThat(allocationCount()).isEqualTo(allocations);
        assertThat(pods).allSatisfy(pod -> assertThat(io.reseau.hostnet.HostNetwork.in(pod).links().get("eth0")).isEmpty());
        try (Stream<Path> spool = Files.list(node.spoolDir())) {
            assertThat(spool.map(file -> file.getFileName().toString())).as("every call's directory removed")
                    .containsExactly("calls");
        }
    }

    @Test
    void portmapChainedAfterReseauForwardsAHostPortToThePod() throws Exception {
        ConflistRuntime runtime = new ConflistRuntime(node.network.namespace(), node.conflist(), node.binDir());
        assertThat(Path.of("/usr/lib/cni/portmap")).as("the reference plugins (apt package containernetworking-plugins)")
                .isExecutable();
        java.nio.file.Files.copy(Path.of("/usr/lib/cni/portmap"), node.binDir().resolve("portmap"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        NetworkNamespace pod = node.newPodNamespace("mapped");
        Map<String, JsonNode> ports = Map.of("portMappings", JSON.valueToTree(List.of(
                Map.of("hostPort", 9090, "containerPort", 8080, "protocol", "tcp"))));
        PluginCall.Outcome added = runtime.add("mapped", pod.path().orElseThrow().toString(), "eth0", ports);
        assertThat(added.succeeded()).as(added.toString()).isTrue();
        try (WhoServer server = WhoServer.start(pod, "mapped", 8080)) {
            assertThat(WhoServer.ask(bed.node("node2").network.namespace(), "10.99.0.1", 9090)).startsWith("mapped from=");
            assertThat(runtime.delete("mapped", pod.path().orElseThrow().toString(), "eth0", ports))
                    .allSatisfy(outcome -> assertThat(outcome.succeeded()).as(outcome.toString()).isTrue());
            assertThatThrownBy(() -> WhoServer.ask(bed.node("node2").network.namespace(), "10.99.0.1", 9090))
                    .isInstanceOf(IOException.class);
        }
    }

    // --- helpers

    private interface Call {
        PluginCall.Outcome run(int index, NetworkNamespace pod);
    }

    private static List<PluginCall.Outcome> inParallel(List<NetworkNamespace> pods, Call call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(pods.size())) {
            List<Future<PluginCall.Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < pods.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> call.run(index, pods.get(index))));
            }
            List<PluginCall.Outcome> outcomes = new ArrayList<>();
            for (Future<PluginCall.Outcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        }
    }

    private static String withField(String config, String field, JsonNode value) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(config);
        root.set(field, value);
        return root.toString();
    }

    /** The node-side veths reseau made. */
    private static int ourLinks() {
        return (int) node.network.links().list().stream().filter(link -> link.name().startsWith("rs")).count();
    }

    private static Path allocationsDir() {
        return node.dataDir().resolve("networks/reseau");
    }

    private static List<Path> allocationFiles() throws IOException {
        try (Stream<Path> files = Files.list(allocationsDir())) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f.:]+")).toList();
        }
    }

    private static int allocationCount() throws IOException {
        return allocationFiles().size();
    }

    private static List<Path> allocationsOf(String containerId) throws IOException {
        List<Path> owned = new ArrayList<>();
        for (Path file : allocationFiles()) {
            if (Files.readString(file).startsWith(containerId + "\r\n")) {
                owned.add(file);
            }
        }
        return owned;
    }

    private static Set<String> currentOwners() throws IOException {
        Set<String> owners = new HashSet<>();
        for (Path file : allocationFiles()) {
            owners.add(Files.readString(file).split("\r\n")[0]);
        }
        return owners;
    }
}
