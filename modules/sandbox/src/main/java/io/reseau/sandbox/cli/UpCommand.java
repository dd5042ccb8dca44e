package io.reseau.sandbox.cli;

import io.reseau.sandbox.SandboxMain;
import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.cluster.LogTail;
import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.state.StateFile;
import io.reseau.sandbox.state.Teardown;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code up}: checks the machine, starts the supervisor in the background (its own session, so it outlives the
 * terminal) and returns once it reports ready; if it fails, removes what it made and says why.
 */
public final class UpCommand {

    public static final int DEFAULT_NODES = 2;
    public static final int DEFAULT_API_PORT = 16443;
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final SandboxSettings settings;
    private final PrintStream out;

    public UpCommand(SandboxSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public int run(int nodes, int apiPort) throws IOException, InterruptedException {
        Optional<String> problem = Preflight.problem(settings, apiPort);
        if (problem.isPresent()) {
            throw new CommandException(problem.get());
        }
        Files.createDirectories(settings.logDir());
        Path log = settings.logDir().resolve("sandbox.log");
        ProcessBuilder supervisor = new ProcessBuilder(List.of("setsid",
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName(), "supervise",
                "--nodes", Integer.toString(nodes), "--api-port", Integer.toString(apiPort)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        supervisor.environment().putAll(settings.asEnvironment());
        out.println("starting a sandbox of " + nodes + " nodes (log: " + log + ") ...");
        Process process = supervisor.start();

        SandboxState state = awaitReadyOrFailed(process, log);
        out.println("""
                reseau-sandbox is up: %d nodes, API at http://127.0.0.1:%d
                kubeconfig: %s

                try:
                  reseau-sandbox apply -f %s
                  reseau-sandbox exec client -- curl -s http://10.240.0.11:30080/hostname
                """.formatted(state.nodes(), state.apiRelayPort(), settings.kubeconfig(),
                settings.home().resolve("examples/sandbox/echo.yaml")));
        state.notes().forEach(note -> out.println("note: " + note));
        return 0;
    }

    private SandboxState awaitReadyOrFailed(Process process, Path log) throws InterruptedException {
        StateFile stateFile = new StateFile(settings.stateFile());
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            Optional<SandboxState> state = stateFile.read();
            if (state.isPresent() && state.get().phase() == SandboxState.Phase.READY) {
                return state.get();
            }
            String why = null;
            if (state.isPresent() && state.get().phase() == SandboxState.Phase.FAILED) {
                why = String.join("; ", state.get().notes());
            } else if (!process.isAlive() && (state.isEmpty() || state.get().phase() != SandboxState.Phase.READY)) {
                why = "the supervisor ended (exit " + process.exitValue() + ")";
            } else if (System.nanoTime() > deadline) {
                why = "not ready after " + READY_WITHIN.toMinutes() + " minutes";
            }
            if (why != null) {
                String tail = LogTail.of(log, 40);
                process.destroy();
                process.waitFor();
                List<String> removed = new Teardown(settings.name(), settings.stateDir()).run();
                throw new CommandException("the sandbox did not start: " + why + "\n--- the end of its log ---\n"
                        + tail + "\n--- removed what it had made (" + removed.size() + " items)");
            }
            Thread.sleep(250);
        }
    }
}
