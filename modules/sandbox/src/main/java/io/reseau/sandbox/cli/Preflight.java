package io.reseau.sandbox.cli;

import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.cluster.NodeAgents;
import io.reseau.sandbox.state.SandboxNamespaces;
import io.reseau.sandbox.state.LiveProcess;
import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.state.StateFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What {@code up} checks before it changes anything; each problem is one sentence with the way out. */
final class Preflight {

    private static final List<String> TOOLS = List.of("ip", "nsenter", "setsid", "nft");

    private Preflight() {
    }

    static Optional<String> problem(SandboxSettings settings, int apiPort) {
        if (!isRoot()) {
            return Optional.of("reseau-sandbox needs root to create network namespaces: run it with sudo.");
        }
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                return Optional.of("'" + tool + "' is not installed: install " + switch (tool) {
                    case "nft" -> "nftables";
                    case "ip" -> "iproute2";
                    default -> "util-linux";
                } + " (the sandbox's nodes program nftables and network namespaces).");
            }
        }
        if (!settings.bundleHas(NodeAgents.PROXY)) {
            return Optional.of("the reseau bundle at " + settings.home() + " has no reseau-proxy: run 'make build' "
                    + "or set RESEAU_HOME to a bundle.");
        }
        Optional<SandboxState> state = new StateFile(settings.stateFile()).read();
        if (state.isPresent()) {
            boolean alive = LiveProcess.running(state.get().supervisorPid());
            return Optional.of(alive
                    ? "a sandbox is already running (supervisor pid " + state.get().supervisorPid() + "): use it, or "
                            + "run 'reseau-sandbox down' first."
                    : "a sandbox that did not stop cleanly left its state in " + settings.stateDir()
                            + ": run 'reseau-sandbox down' to remove what it left.");
        }
        List<String> leftovers = new SandboxNamespaces(settings.name(), new StateFile(settings.stateFile())).existing();
        if (!leftovers.isEmpty()) {
            return Optional.of("network namespaces of an earlier sandbox are still there (" + String.join(", ", leftovers)
                    + "): run 'reseau-sandbox down' to remove them.");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), apiPort));
        } catch (IOException e) {
            return Optional.of("port " + apiPort + " on 127.0.0.1 (the sandbox's API) is in use by another program: "
                    + "free it or choose another with --api-port.");
        }
        return Optional.empty();
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
