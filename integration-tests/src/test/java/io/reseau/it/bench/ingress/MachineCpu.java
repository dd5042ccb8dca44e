package io.reseau.it.bench.ingress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The time counters of each CPU of the machine, from {@code /proc/stat}. Over a run they tell which CPU was the
 * limit: with two CPUs, the proxy has CPU 0 and the load generator shares CPU 1 with the backend, and when CPU 1
 * has no idle time left while CPU 0 has some, the throughput measured is partly the load side's, not the proxy's.
 */
record MachineCpu(long[] idle, long[] total) {

    static MachineCpu now() throws IOException {
        List<String[]> cpus = Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(line -> line.matches("cpu\\d+ .*")).map(line -> line.split(" +")).toList();
        long[] idle = new long[cpus.size()];
        long[] total = new long[cpus.size()];
        for (int cpu = 0; cpu < cpus.size(); cpu++) {
            String[] fields = cpus.get(cpu);
            // user nice system idle iowait irq softirq steal (guest time is already counted in user).
            for (int field = 1; field <= 8; field++) {
                total[cpu] += Long.parseLong(fields[field]);
            }
            idle[cpu] = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        }
        return new MachineCpu(idle, total);
    }

    /** The share of time, 0 to 1, CPU {@code cpu} was idle since {@code earlier}. */
    double idleSince(MachineCpu earlier, int cpu) {
        long elapsed = total[cpu] - earlier.total[cpu];
        return elapsed == 0 ? 0 : (double) (idle[cpu] - earlier.idle[cpu]) / elapsed;
    }
}
