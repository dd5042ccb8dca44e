package io.reseau.sandbox.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs. A killed node agent whose supervisor died first is reparented and stays a
 * zombie until its new parent reaps it; {@link ProcessHandle#isAlive()} counts it, this does not.
 */
public final class LiveProcess {

    private LiveProcess() {
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
