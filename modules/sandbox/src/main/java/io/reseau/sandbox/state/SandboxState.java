package io.reseau.sandbox.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a running sandbox made, so that {@code down} can remove it even after the supervisor crashed:
 * network namespaces (their links, addresses, routes and nftables rules go with them), processes, and the
 * loopback port of the API relay (0 until it listens). Namespaces and processes are recorded before they are made.
 */
public record SandboxState(long supervisorPid, int nodes, Phase phase, int apiRelayPort,
        List<String> namespaces, List<RecordedProcess> processes, List<String> notes) {

    /** Where the supervisor is. */
    public enum Phase { STARTING, READY, FAILED, STOPPING }

    /**
     * A process the sandbox started, e.g. reseau-proxy on node-1: the network namespace it runs in and the port
     * of its health endpoint there (0 for a one-shot command).
     */
    public record RecordedProcess(long pid, String name, String namespace, int healthPort) {
    }

    public SandboxState {
        namespaces = List.copyOf(namespaces);
        processes = List.copyOf(processes);
        notes = List.copyOf(notes);
    }

    public static SandboxState starting(long supervisorPid, int nodes) {
        return new SandboxState(supervisorPid, nodes, Phase.STARTING, 0, List.of(), List.of(), List.of());
    }

    public SandboxState withPhase(Phase next) {
        return new SandboxState(supervisorPid, nodes, next, apiRelayPort, namespaces, processes, notes);
    }

    public SandboxState withApiRelayPort(int port) {
        return new SandboxState(supervisorPid, nodes, phase, port, namespaces, processes, notes);
    }

    public SandboxState withNamespace(String name) {
        List<String> more = new ArrayList<>(namespaces);
        if (!more.contains(name)) {
            more.add(name);
        }
        return new SandboxState(supervisorPid, nodes, phase, apiRelayPort, more, processes, notes);
    }

    public SandboxState withoutNamespace(String name) {
        List<String> fewer = new ArrayList<>(namespaces);
        fewer.remove(name);
        return new SandboxState(supervisorPid, nodes, phase, apiRelayPort, fewer, processes, notes);
    }

    public SandboxState withProcess(RecordedProcess process) {
        List<RecordedProcess> more = new ArrayList<>(processes);
        more.add(process);
        return new SandboxState(supervisorPid, nodes, phase, apiRelayPort, namespaces, more, notes);
    }

    /** Forgets a process that was stopped (a pod's component). */
    public SandboxState withoutProcess(long pid) {
        List<RecordedProcess> fewer = new ArrayList<>(processes);
        fewer.removeIf(process -> process.pid() == pid);
        return new SandboxState(supervisorPid, nodes, phase, apiRelayPort, namespaces, fewer, notes);
    }

    /** A line for {@code status}, e.g. why a node agent is not running. */
    public SandboxState withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new SandboxState(supervisorPid, nodes, phase, apiRelayPort, namespaces, processes, more);
    }
}
