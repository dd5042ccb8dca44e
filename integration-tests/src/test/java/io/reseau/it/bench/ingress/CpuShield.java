package io.reseau.it.bench.ingress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Keeps the proxies' CPU for the proxies, as cset's shield does: every other thread of the machine allowed to run
 * there and free to move (not the kernel's per-CPU threads) is restricted to its other CPUs for the benchmark, and
 * given its CPUs back at the end. Without it, tasks that wake now and then (the kernel's DAMON thread, every 0.5 s for
 * 1-4 ms; RCU's; the machine's agents) ran wherever a CPU was idle more often: on the load side's CPU behind the
 * slower proxy, on the proxy's behind the faster one (kdamond alone 25 ms in 5 s on CPU 0 behind reseau, 11 behind
 * nginx, by bpftrace), each time holding up every request in flight. A benchmark killed before its end leaves those
 * threads where it put them, on the machine's other CPUs.
 */
final class CpuShield implements AutoCloseable {

    /** The CPU list ({@code taskset}'s) each moved thread had, by thread ID. */
    private final Map<String, String> moved;

    private CpuShield(Map<String, String> moved) {
        this.moved = moved;
    }

    /** Moves every movable thread allowed on {@code shielded}'s CPUs off them. */
    static CpuShield raise(CpuPlacement shielded) throws IOException, InterruptedException {
        TreeSet<Integer> shieldedCpus = cpus(shielded.cpus());
        Map<String, String> moved = new LinkedHashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc")).filter(p -> p.getFileName().toString().matches("\\d+"))
                .flatMap(CpuShield::threads)) {
            for (Path thread : threads.toList()) {
                Optional<String> allowed = allowedCpus(thread);
                if (allowed.isEmpty()) {
                    continue;
                }
                TreeSet<Integer> others = cpus(allowed.get());
                if (!others.removeAll(shieldedCpus) || others.isEmpty()) {
                    continue;
                }
                String tid = thread.getFileName().toString();
                if (taskset(tid, others.stream().map(String::valueOf).collect(Collectors.joining(",")))) {
                    moved.put(tid, allowed.get());
                }
            }
        }
        return new CpuShield(moved);
    }

    int movedThreads() {
        return moved.size();
    }

    /** Gives each moved thread still there its CPUs back. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Map.Entry<String, String> thread : moved.entrySet()) {
            taskset(thread.getKey(), thread.getValue());
        }
    }

    private static Stream<Path> threads(Path process) {
        try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
            return tasks.toList().stream();
        } catch (IOException gone) {
            return Stream.empty();
        }
    }

    /** The thread's {@code Cpus_allowed_list}, unless it has ended. */
    private static Optional<String> allowedCpus(Path thread) {
        try (Stream<String> status = Files.lines(thread.resolve("status"))) {
            return status.filter(line -> line.startsWith("Cpus_allowed_list:")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip());
        } catch (IOException | UncheckedIOException gone) {
            return Optional.empty();
        }
    }

    /** A CPU list as the kernel and taskset write it ({@code 0-3,8}) as CPU numbers. */
    private static TreeSet<Integer> cpus(String list) {
        return Arrays.stream(list.split(",")).flatMapToInt(range -> {
            String[] bounds = range.split("-");
            return IntStream.rangeClosed(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[bounds.length - 1]));
        }).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether the thread now runs on {@code cpus} (false where the kernel refuses, or it has ended). */
    private static boolean taskset(String tid, String cpus) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("taskset", "-c", "-p", cpus, tid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor() == 0;
    }
}
