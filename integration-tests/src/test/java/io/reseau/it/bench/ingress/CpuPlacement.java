package io.reseau.it.bench.ingress;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a process of the benchmark runs: pinned to some CPUs with taskset and, for the load side (load generator
 * and backend sharing one CPU), under the SCHED_BATCH policy. Under the default policy the backend, woken by a
 * request, preempts the load generator on their shared CPU as soon as it has slept long enough; how often that
 * happens depends on when the proxy forwards each request, and every preemption is two context switches and an
 * interrupt that cost the load side's CPU, not the proxy's. SCHED_BATCH tasks do not preempt each other on
 * wake-up: the two take turns when one of them sleeps, whichever proxy sits between them. See docs/ingress.md.
 *
 * @param cpus  taskset's CPU list
 * @param batch run under SCHED_BATCH
 */
record CpuPlacement(String cpus, boolean batch) {

    /** The command, started where this placement says. */
    List<String> command(List<String> command) {
        List<String> placed = new ArrayList<>(List.of("taskset", "-c", cpus));
        if (batch) {
            placed.addAll(List.of("chrt", "--batch", "0"));
        }
        placed.addAll(command);
        return placed;
    }

    /** The first of the CPUs, as /proc/stat numbers it. */
    int firstCpu() {
        return Integer.parseInt(cpus.split("[,-]")[0]);
    }
}
