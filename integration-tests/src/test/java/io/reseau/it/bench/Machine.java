package io.reseau.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line describing the machine a benchmark ran on: CPU, cores, memory, kernel. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpuinfo = read("/proc/cpuinfo");
        String cpu = cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        long memoryKb = read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        String kernel = read("/proc/sys/kernel/osrelease").strip();
        // The machine's, not this JVM's (a benchmark may pin it to some of them).
        long cores = cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
        return cpu + ", " + cores + " cores, " + (memoryKb / 1024 / 1024) + " GiB, Linux "
                + kernel + ", Java " + Runtime.version();
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
