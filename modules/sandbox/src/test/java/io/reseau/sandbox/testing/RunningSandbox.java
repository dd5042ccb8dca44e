package io.reseau.sandbox.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.cli.DownCommand;
import io.reseau.sandbox.cli.UpCommand;
import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.state.StateFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sandbox a test brings up with the real {@code up} (supervisor in the background, node agents from a
 * {@link TestBundle}) and takes down with the real {@code down}, under a name of its own
 * ({@code rstest-<pid>-<n>-sbx}, which the hostnet test sweeper also recognises) and a state directory of its
 * own, so it never meets a user's sandbox. Pods are wired by the real CNI plugin when the cni module has built
 * it, and otherwise by the sandbox's own veths (the internal switch, until the CNI plugin is part of the build).
 */
public final class RunningSandbox implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final SandboxSettings settings;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private KubernetesClient client;

    private RunningSandbox(SandboxSettings settings) {
        this.settings = settings;
    }

    /** Settings for a new test sandbox; nothing is made yet. */
    public static SandboxSettings newSettings() throws IOException {
        String name = "rstest-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-sbx";
        Path home = TestBundle.home();
        return new SandboxSettings(name, Path.of("/run", name), home, SandboxSettings.PodNetworkMode.CNI);
    }

    public static RunningSandbox up(int nodes) throws Exception {
        return up(newSettings(), nodes);
    }

    public static RunningSandbox up(SandboxSettings settings, int nodes) throws Exception {
        RunningSandbox sandbox = new RunningSandbox(settings);
        try {
            new UpCommand(settings, sandbox.out()).run(nodes, freePort());
        } catch (Exception | Error e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    public SandboxSettings settings() {
        return settings;
    }

    public SandboxState state() {
        return new StateFile(settings.stateFile()).read().orElseThrow();
    }

    public synchronized KubernetesClient client() throws IOException {
        if (client == null) {
            Config config = Config.fromKubeconfig(Files.readString(settings.kubeconfig()));
            config.setNamespace("default");
            client = new KubernetesClientBuilder().withHttpClientFactory(new VertxHttpClientFactory()).withConfig(config)
                    .build();
        }
        return client;
    }

    public NetworkNamespace namespace(String role) {
        return NetworkNamespace.named(settings.name() + "-" + role);
    }

    /** The supervisor's log, for failure messages. */
    public String supervisorLog() throws IOException {
        return Files.readString(settings.logDir().resolve("sandbox.log"));
    }

    /** What the commands printed. */
    public String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** {@code down}; safe to call twice. */
    @Override
    public void close() throws InterruptedException {
        if (client != null) {
            client.close();
            client = null;
        }
        new DownCommand(settings, out()).run();
    }

    private PrintStream out() {
        return new PrintStream(output, true, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
