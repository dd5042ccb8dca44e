package io.reseau.sandbox.cluster;

import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A binary of the bundle running as its own process inside a network namespace: a node agent in a node's
 * namespace (as a DaemonSet pod with hostNetwork would), or a cluster component in a pod's. Its output goes to a
 * log file; it is ready while it runs and, if it has a readiness endpoint, that endpoint answers 200 inside
 * that namespace.
 */
public final class BundleProcess {

    private final String description;
    private final NetworkNamespace namespace;
    private final Optional<String> readinessUrl;
    private final Process process;
    private final Path log;

    private BundleProcess(String description, NetworkNamespace namespace, Optional<String> readinessUrl, Process process,
            Path log) {
        this.description = description;
        this.namespace = namespace;
        this.readinessUrl = readinessUrl;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code executable} with {@code args} inside {@code namespace}; the JVM's pid is the process's.
     *
     * @param description  what it is, for messages ({@code reseau-proxy on node-1})
     * @param readinessUrl what answers 200 once it is ready, as seen from inside the namespace; none: ready
     *                     while it runs
     */
    public static BundleProcess start(String description, Path executable, List<String> args,
            NetworkNamespace namespace, Optional<String> readinessUrl, Map<String, String> environment, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(namespace.enterPrefix());
        command.add(executable.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        // nsenter and the launcher exec, so this pid ends up being the component's JVM.
        return new BundleProcess(description, namespace, readinessUrl, builder.start(), log);
    }

    /** {@code http://127.0.0.1:<port>/q/health/ready}: where a reseau component says it is ready. */
    public static String healthEndpoint(int port) {
        return "http://127.0.0.1:" + port + "/q/health/ready";
    }

    /** Waits until it reports ready; fails with the end of its log if it dies or does not within timeout. */
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

    /** Waits until the process ends, however it ends; its exit code. */
    public int waitForEnd() throws InterruptedException {
        return process.waitFor();
    }

    /** Running, and its readiness endpoint (if it has one) answers 200. */
    public boolean ready() {
        return process.isAlive()
                && readinessUrl.map(url -> NamespacedHttp.get(namespace, url).status() == 200).orElse(true);
    }

    public long pid() {
        return process.pid();
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
        return description;
    }
}
