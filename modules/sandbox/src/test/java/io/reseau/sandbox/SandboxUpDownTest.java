package io.reseau.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.netns.NetworkNamespaces;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.sandbox.cli.CommandException;
import io.reseau.sandbox.cli.StatusCommand;
import io.reseau.sandbox.cli.UpCommand;
import io.reseau.sandbox.cluster.NamespacedHttp;
import io.reseau.sandbox.state.LiveProcess;
import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.testing.RunningSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code up} builds the sandbox and {@code down} leaves the machine as it was — namespaces, links, the root
 * namespace's ruleset, processes and files — also after the supervisor was killed.
 */
@ExtendWith(NetnsExtension.class)
class SandboxUpDownTest {

    private final ProcessRunner root = new ProcessRunner(NetworkNamespace.current());

    @Test
    void upBuildsTheClusterAndDownRemovesEverythingItMade() throws Exception {
        List<String> linksBefore = rootLinks();
        String rulesetBefore = rootRuleset();
        SandboxState state;
        String name;
        try (RunningSandbox sandbox = RunningSandbox.up(2)) {
            name = sandbox.settings().name();
            state = sandbox.state();
            assertThat(state.phase()).isEqualTo(SandboxState.Phase.READY);
            assertThat(state.namespaces()).contains(sandbox.settings().name() + "-underlay",
                    sandbox.settings().name() + "-cp", sandbox.settings().name() + "-client",
                    sandbox.settings().name() + "-node-1", sandbox.settings().name() + "-node-2");
            assertThat(state.processes()).extracting(SandboxState.RecordedProcess::name)
                    .contains("reseau-proxy on node-1", "reseau-proxy on node-2");
            assertThat(state.processes()).extracting(SandboxState.RecordedProcess::name)
                    .contains("reseau-cni on node-1", "reseau-cni on node-2");
            assertThat(sandbox.client().nodes().list().getItems()).extracting(node -> node.getSpec().getPodCIDR())
                    .containsExactlyInAnyOrder("10.42.1.0/24", "10.42.2.0/24");
            assertThat(NamespacedHttp.get(sandbox.namespace("node-2"), "http://127.0.0.1:9642/q/health/ready").status())
                    .isEqualTo(200);
            assertThat(rootLinks()).as("nothing attached to the root namespace").isEqualTo(linksBefore);

            ByteArrayOutputStream status = new ByteArrayOutputStream();
            assertThat(new StatusCommand(sandbox.settings(), new PrintStream(status, true)).run()).isZero();
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("ready", "node node-1", "node node-2");

            // A node agent that dies is started again, as a DaemonSet's pod would be.
            long killed = proxyPid(state, "node-1");
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(90)).until(() -> proxyPid(sandbox.state(), "node-1") != killed
                    && NamespacedHttp.get(sandbox.namespace("node-1"), "http://127.0.0.1:9642/q/health/ready")
                            .status() == 200);
            assertThat(LiveProcess.running(killed)).isFalse();
            state = sandbox.state();
        }
        assertNothingLeft(name, state, linksBefore, rulesetBefore);
    }

    @Test
    void downCleansUpAfterTheSupervisorWasKilledAndUpRefusesUntilThen() throws Exception {
        List<String> linksBefore = rootLinks();
        String rulesetBefore = rootRuleset();
        RunningSandbox sandbox = RunningSandbox.up(1);
        SandboxState state = sandbox.state();
        ProcessHandle supervisor = ProcessHandle.of(state.supervisorPid()).orElseThrow();
        supervisor.destroyForcibly();
        supervisor.onExit().join();

        assertThatThrownBy(() -> new UpCommand(sandbox.settings(), new PrintStream(new ByteArrayOutputStream()))
                .run(1, 0))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("did not stop cleanly").hasMessageContaining("run 'reseau-sandbox down'");

        sandbox.close();
        assertThat(sandbox.output()).contains("removed network namespace " + sandbox.settings().name() + "-node-1",
                "(reseau-proxy on node-1)");
        assertNothingLeft(sandbox.settings().name(), state, linksBefore, rulesetBefore);
    }

    private static long proxyPid(SandboxState state, String node) {
        return state.processes().stream().filter(process -> process.name().equals("reseau-proxy on " + node))
                .mapToLong(SandboxState.RecordedProcess::pid).findFirst().orElse(0);
    }

    private void assertNothingLeft(String prefix, SandboxState state, List<String> linksBefore, String rulesetBefore) {
        assertThat(new NetworkNamespaces().list()).noneMatch(name -> name.startsWith(prefix + "-"));
        assertThat(LiveProcess.running(state.supervisorPid())).as("supervisor").isFalse();
        for (SandboxState.RecordedProcess process : state.processes()) {
            assertThat(LiveProcess.running(process.pid())).as(process.name()).isFalse();
        }
        assertThat(Files.exists(Path.of("/run", prefix))).as("state directory").isFalse();
        assertThat(rootLinks()).isEqualTo(linksBefore);
        assertThat(rootRuleset()).isEqualTo(rulesetBefore);
    }

    private List<String> rootLinks() {
        return Arrays.stream(root.check("ip", "-o", "link", "show").split("\n"))
                .map(line -> line.split(":")[1].strip()).sorted().toList();
    }

    private String rootRuleset() {
        return root.check("nft", "list", "ruleset");
    }
}
