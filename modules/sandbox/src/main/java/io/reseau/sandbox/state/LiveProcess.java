package io.reseau.sandbox.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whether a process still runs. A killed node agent whose supervisor died first is reparented and stays a
 * zombie until its new parent reaps it; {@link ProcessHandle#isAlive()} counts it, this does not.
 */
public final class LiveProcess {

    private LiveProcess() {
    }

    /**
     * Whether the process runs inside the named network namespace: how a recorded pid is told from another
     * process that was given the same pid since.
     */
    public static boolean runsIn(long pid, String namespace) {
        try {
            Object process = Files.readAttributes(Path.of("/proc", Long.toString(pid), "ns", "net"),
                    BasicFileAttributes.class).fileKey();
            Object named = Files.readAttributes(Path.of("/run/netns", namespace), BasicFileAttributes.class).fileKey();
            return process != null && process.equals(named);
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }
}
