package io.reseau.sandbox.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.cluster.NamespacedHttp;
import io.reseau.sandbox.controllers.PodConditions;
import io.reseau.sandbox.state.LiveProcess;
import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.state.StateFile;
import java.io.PrintStream;
import java.util.Optional;

/** {@code status}: what runs, from the state file, the processes and the API. Exit 0 when ready, 1 otherwise. */
public final class StatusCommand {

    private final SandboxSettings settings;
    private final PrintStream out;

    public StatusCommand(SandboxSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Running or not; for an agent, what its readiness endpoint answers. */
    private static String health(SandboxState.RecordedProcess process) {
        if (!LiveProcess.running(process.pid())) {
            return process.healthPort() == 0 ? "done" : "NOT RUNNING";
        }
        if (process.healthPort() == 0) {
            return "running";
        }
        int status = NamespacedHttp.get(NetworkNamespace.named(process.namespace()),
                "http://127.0.0.1:" + process.healthPort() + "/q/health/ready").status();
        return status == 200 ? "running, ready" : "running, NOT READY (" + (status == 0 ? "no answer" : status) + ")";
    }

    public int run() {
        Optional<SandboxState> recorded = new StateFile(settings.stateFile()).read();
        if (recorded.isEmpty()) {
            out.println("no sandbox is running (start one with 'reseau-sandbox up')");
            return 1;
        }
        SandboxState state = recorded.get();
        boolean alive = LiveProcess.running(state.supervisorPid());
        out.printf("sandbox %s: %s, supervisor pid %d %s%n", settings.name(), state.phase().name().toLowerCase(),
                state.supervisorPid(), alive ? "running" : "GONE (run 'reseau-sandbox down')");
        out.printf("API: http://127.0.0.1:%d   kubeconfig: %s%n", state.apiRelayPort(), settings.kubeconfig());
        for (SandboxState.RecordedProcess process : state.processes()) {
            out.printf("  %-30s pid %-8d %s%n", process.name(), process.pid(), health(process));
        }
        state.notes().forEach(note -> out.println("note: " + note));
        out.println("network namespaces: " + String.join(" ", state.namespaces()));
        if (!alive || state.phase() != SandboxState.Phase.READY) {
            return 1;
        }
        try (KubernetesClient client = SandboxClient.connect(settings)) {
            client.nodes().list().getItems().forEach(node -> out.printf("  node %-10s %s  podCIDR %s%n",
                    node.getMetadata().getName(), node.getStatus().getAddresses().getFirst().getAddress(),
                    node.getSpec().getPodCIDR()));
            long pods = client.pods().inAnyNamespace().list().getItems().size();
            long ready = client.pods().inAnyNamespace().list().getItems().stream().filter(PodConditions::ready).count();
            out.printf("pods: %d, %d ready%n", pods, ready);
        }
        return 0;
    }
}
