package io.reseau.sandbox.state;

import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.netns.NetworkNamespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Removes a sandbox whatever state it is in: asks a live supervisor to stop (it tears pods down with CNI DEL
 * and stops the node agents), then kills what the state file says still runs, deletes every namespace the
 * state file names or that carries the sandbox's prefix (links, routes and rules go with them), and removes the
 * state directory. Safe to run twice.
 */
public final class Teardown {

    private static final Duration SUPERVISOR_GRACE = Duration.ofSeconds(60);
    private static final Duration PROCESS_EXIT = Duration.ofSeconds(10);
    /** Everything a sandbox writes in its state directory. */
    public static final List<String> OWN_ENTRIES = List.of("state.json", "state.json.next", "kubeconfig",
            "node-kubeconfig", "logs", "nodes");

    private final SandboxNamespaces namespaces;
    private final StateFile stateFile;
    private final Path stateDir;

    public Teardown(String sandboxName, Path stateDir) {
        this.stateDir = stateDir;
        this.stateFile = new StateFile(stateDir.resolve("state.json"));
        this.namespaces = new SandboxNamespaces(sandboxName, stateFile);
    }

    /** What was removed, one line each. */
    public List<String> run() throws InterruptedException {
        List<String> removed = new ArrayList<>();
        Optional<SandboxState> state = stateFile.read();
        if (state.isPresent()) {
            stopSupervisor(state.get().supervisorPid(), removed);
            for (SandboxState.RecordedProcess process : stateFile.read().orElse(state.get()).processes()) {
                Optional<ProcessHandle> running = ProcessHandle.of(process.pid())
                        .filter(p -> LiveProcess.running(process.pid()))
                        .filter(p -> LiveProcess.runsIn(process.pid(), process.namespace()));
                if (running.isPresent()) {
                    running.get().destroyForcibly();
                    awaitExit(running.get());
                    removed.add("process " + process.pid() + " (" + process.name() + ")");
                }
            }
        }
        List<String> leftover = new ArrayList<>(state.map(SandboxState::namespaces).orElse(List.of()));
        namespaces.existing().stream().filter(name -> !leftover.contains(name)).forEach(leftover::add);
        NetworkNamespaces machine = new NetworkNamespaces();
        for (String name : leftover) {
            NetworkNamespace namespace = NetworkNamespace.named(name);
            if (namespace.exists()) {
                machine.delete(namespace);
                removed.add("network namespace " + name);
            }
        }
        deleteStateDir();
        return removed;
    }

    private static void stopSupervisor(long pid, List<String> removed) throws InterruptedException {
        Optional<ProcessHandle> supervisor = ProcessHandle.of(pid).filter(p -> LiveProcess.running(pid))
                .filter(Teardown::isReseau);
        if (supervisor.isEmpty() || pid == ProcessHandle.current().pid()) {
            return;
        }
        supervisor.get().destroy();
        long deadline = System.nanoTime() + SUPERVISOR_GRACE.toNanos();
        while (LiveProcess.running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (LiveProcess.running(pid)) {
            supervisor.get().destroyForcibly();
            awaitExit(supervisor.get());
        }
        removed.add("supervisor " + pid);
    }

    private static void awaitExit(ProcessHandle process) throws InterruptedException {
        long deadline = System.nanoTime() + PROCESS_EXIT.toNanos();
        while (LiveProcess.running(process.pid()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Only ever kill a supervisor pid that still runs reseau (a pid of a crashed run may have been reused since). */
    private static boolean isReseau(ProcessHandle process) {
        return process.info().commandLine().or(() -> process.info().command()).map(line -> line.contains("reseau"))
                .orElse(false);
    }

    /** Removes only what a sandbox writes there, then the directory if that leaves it empty. */
    private void deleteStateDir() {
        try {
            for (String entry : OWN_ENTRIES) {
                Path path = stateDir.resolve(entry);
                if (Files.exists(path)) {
                    try (Stream<Path> files = Files.walk(path)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }
            if (Files.isDirectory(stateDir)) {
                try (Stream<Path> rest = Files.list(stateDir)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(stateDir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the sandbox's files in " + stateDir, e);
        }
    }
}
