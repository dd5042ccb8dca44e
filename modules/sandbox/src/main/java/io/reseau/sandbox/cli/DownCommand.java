package io.reseau.sandbox.cli;

import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.state.Teardown;
import java.io.PrintStream;
import java.util.List;

/** {@code down}: removes the sandbox, running or crashed. */
public final class DownCommand {

    private final SandboxSettings settings;
    private final PrintStream out;

    public DownCommand(SandboxSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public int run() throws InterruptedException {
        if (!Preflight.isRoot()) {
            throw new CommandException("reseau-sandbox down needs root to remove network namespaces: run it with sudo.");
        }
        List<String> removed = new Teardown(settings.name(), settings.stateDir()).run();
        if (removed.isEmpty()) {
            out.println("no sandbox here: nothing to remove");
        } else {
            removed.forEach(item -> out.println("removed " + item));
            out.println("reseau-sandbox is down");
        }
        return 0;
    }
}
