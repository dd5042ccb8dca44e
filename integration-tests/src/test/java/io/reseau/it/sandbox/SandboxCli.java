package io.reseau.it.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.it.Bundle;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bundle's {@code reseau-sandbox} command as a user runs it, for a sandbox of the test's own: its name
 * ({@code rstest-<pid>-e2e}, so it never meets a user's sandbox and a later run's sweeper recognises its
 * leftovers), its state directory and its API relay port.
 */
final class SandboxCli implements AutoCloseable {

    private final String name;
    private final Path stateDir;
    private KubernetesClient client;

    private SandboxCli(String name) {
        this.name = name;
        this.stateDir = Path.of("/run", name);
    }

    static SandboxCli forThisRun() {
        return new SandboxCli("rstest-" + ProcessHandle.current().pid() + "-e2e");
    }

    String name() {
        return name;
    }

    Path stateDir() {
        return stateDir;
    }

    /** {@code up --nodes N} on a free loopback port; fails with what it printed. */
    void up(int nodes) throws IOException, InterruptedException {
        check("up", "--nodes", Integer.toString(nodes), "--api-port", Integer.toString(freePort()));
    }

    /** Runs the command; fails with what it printed unless it exits 0. */
    String check(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Bundle.binary("reseau-sandbox").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RESEAU_SANDBOX_NAME", name);
        builder.environment().put("RESEAU_SANDBOX_STATE_DIR", stateDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("reseau-sandbox " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    synchronized KubernetesClient client() throws IOException {
        if (client == null) {
            Config config = Config.fromKubeconfig(Files.readString(stateDir.resolve("kubeconfig")));
            config.setNamespace("default");
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    /** A namespace of the sandbox: {@code client}, {@code node-1}, {@code pod-<id>}. */
    NetworkNamespace namespace(String role) {
        return NetworkNamespace.named(name + "-" + role);
    }

    /** The supervisor's log, for failure messages. */
    String supervisorLog() throws IOException {
        Path log = stateDir.resolve("logs/sandbox.log");
        return Files.exists(log) ? Files.readString(log) : "(no log at " + log + ")";
    }

    /** {@code down}; safe to call again. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (client != null) {
            client.close();
            client = null;
        }
        check("down");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
