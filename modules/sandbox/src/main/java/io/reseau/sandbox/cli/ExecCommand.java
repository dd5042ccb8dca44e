package io.reseau.sandbox.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.kubelet.PodSandboxes;
import io.reseau.sandbox.state.SandboxState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code exec POD|client|NODE -- CMD…}: runs a command of this machine inside the network namespace of a pod,
 * of the client (the outside world) or of a node, with this terminal.
 */
public final class ExecCommand {

    private final SandboxSettings settings;

    public ExecCommand(SandboxSettings settings) {
        this.settings = settings;
    }

    public int run(String target, String podNamespace, List<String> command) throws IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new CommandException("give the command after '--', e.g. reseau-sandbox exec client -- curl -s http://10.240.0.11:30080/");
        }
        NetworkNamespace namespace = NetworkNamespace.named(namespaceOf(target, podNamespace));
        List<String> full = new ArrayList<>(namespace.enterPrefix());
        full.addAll(command);
        return new ProcessBuilder(full).inheritIO().start().waitFor();
    }

    private String namespaceOf(String target, String podNamespace) {
        SandboxState state = SandboxClient.running(settings);
        String prefix = settings.name() + "-";
        if (state.namespaces().contains(prefix + target) && !target.startsWith("pod-")) {
            return prefix + target;
        }
        try (KubernetesClient client = SandboxClient.connect(settings)) {
            Pod pod = client.pods().inNamespace(podNamespace).withName(target).get();
            if (pod == null) {
                throw new CommandException("no pod, node or 'client' named " + target + " (pods are looked up in "
                        + "namespace " + podNamespace + "; nodes: " + String.join(", ", state.namespaces().stream()
                        .filter(name -> name.startsWith(prefix + "node-")).map(name -> name.substring(prefix.length()))
                        .toList()) + ").");
            }
            String role = PodSandboxes.role(pod.getMetadata().getUid());
            if (!state.namespaces().contains(prefix + role)) {
                throw new CommandException("pod " + target + " is not running yet.");
            }
            return prefix + role;
        }
    }
}
