package io.reseau.sandbox.cli;

import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.kubelet.BundleComponents;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code logs COMPONENT [--node N]}: a node agent's log (reseau-proxy, reseau-cni), or the sandbox's own;
 * {@code logs POD [-n NAMESPACE]}: the log of a pod that runs a reseau component (reseau-ingress).
 */
public final class LogsCommand {

    private final SandboxSettings settings;
    private final PrintStream out;

    public LogsCommand(SandboxSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public int run(String component, Optional<String> node, String namespace) throws IOException {
        String file = component.startsWith("reseau-") || component.equals("sandbox") ? component : "reseau-" + component;
        Path log = component.equals("sandbox") || component.equals("reseau-sandbox")
                ? settings.logDir().resolve("sandbox.log")
                : settings.logDir().resolve(node.orElse("node-1")).resolve(file + ".log");
        if (!Files.exists(log) && node.isEmpty()) {
            log = BundleComponents.logOf(settings, namespace, component);
        }
        if (!Files.exists(log)) {
            throw new CommandException("no log for '" + component + "': components are sandbox, proxy, cni (nodes "
                    + "node-1, node-2, …), or a pod that runs a reseau component, e.g. 'logs reseau-ingress-… -n "
                    + "reseau-system' ('get pods' lists them)");
        }
        try (var lines = Files.lines(log)) {
            lines.forEach(out::println);
        }
        return 0;
    }
}
