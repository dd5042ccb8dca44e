package io.reseau.it.bench.ingress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process and its children (nginx's workers) have used so far, in user and in system (kernel) mode, from
 * {@code /proc/<pid>/stat}. The difference over a run, divided by the requests served, is what one request costs the
 * proxy: a figure that does not move with how fast the machine happens to be during the run, as throughput does,
 * and that shows which side of the system-call boundary a difference lies on.
 */
record CpuTime(double userSeconds, double systemSeconds) {

    /** The kernel's clock tick ({@code getconf CLK_TCK}), 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    static CpuTime of(long pid) throws IOException {
        CpuTime total = new CpuTime(0, 0);
        for (long process : Ports.withChildren(pid)) {
            total = total.plus(read(process));
        }
        return total;
    }

    private static CpuTime read(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, so
        // utime (14) and stime (15) are the 12th and 13th after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new CpuTime(Long.parseLong(fields[11]) / TICKS_PER_SECOND, Long.parseLong(fields[12]) / TICKS_PER_SECOND);
    }

    CpuTime plus(CpuTime other) {
        return new CpuTime(userSeconds + other.userSeconds, systemSeconds + other.systemSeconds);
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds);
    }
}
