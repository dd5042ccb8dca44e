package io.reseau.sandbox.cluster;

import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A component binary from the bundle running as its own process inside a node's namespace (as a DaemonSet pod
 * with hostNetwork would), its output in a log file, its health endpoint on the node's loopback.
 */
public final class NodeAgent {

    private final String binary;
    private final String node;
    private final NetworkNamespace namespace;
    private final int managementPort;
    private final Process process;
    private final Path log;

    private NodeAgent(String binary, String node, NetworkNamespace namespace, int managementPort, Process process,
            Path log) {
        this.binary = binary;
        this.node = node;
        this.namespace = namespace;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code executable} with {@code args} inside the node's namespace; the JVM's pid is the process's. */
    public static NodeAgent start(String binary, Path executable, List<String> args, String node,
            NetworkNamespace namespace, int managementPort, Map<String, String> environment, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(namespace.enterPrefix());
        command.add(executable.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(managementPort));
        // nsenter and the launcher exec, so this pid ends up being the component's JVM.
        return new NodeAgent(binary, node, namespace, managementPort, builder.start(), log);
    }

    /** Waits until the agent reports ready; fails with the end of its log if it dies or does not within timeout. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " ended (exit " + process.exitValue() + "); the end of its log "
                        + log + ":\n" + LogTail.of(log, 30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(this + " is not ready after " + timeout.toSeconds() + " s; the end of "
                        + "its log " + log + ":\n" + LogTail.of(log, 30));
            }
            Thread.sleep(250);
        }
    }

    /** Waits for the process to end by itself (a one-shot command such as an install step). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(this + " did not finish within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    public boolean ready() {
        return NamespacedHttp.get(namespace, "http://127.0.0.1:" + managementPort + "/q/health/ready").status() == 200;
    }

    public long pid() {
        return process.pid();
    }

    public String node() {
        return node;
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public String toString() {
        return binary + " on " + node;
    }
}
