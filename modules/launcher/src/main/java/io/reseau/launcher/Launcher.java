package io.reseau.launcher;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The front door of a reseau binary: answers {@code --version} and {@code --help} before the binary loads
 * anything else, so that both are instant and never touch the network or the Kubernetes API.
 */
public final class Launcher {

    private final String binary;
    private final String summary;
    private final String usage;

    /**
     * @param binary  the binary's name as users type it, e.g. {@code reseau-proxy}
     * @param summary one line on what it is
     * @param usage   the help body: how to run it, its options and configuration, where its docs are
     */
    public Launcher(String binary, String summary, String usage) {
        this.binary = binary;
        this.summary = summary;
        this.usage = usage;
    }

    /** What the arguments ask of the launcher itself, if anything. */
    public Optional<String> answer(List<String> args) {
        if (args.contains("--version")) {
            return Optional.of(versionLine());
        }
        if (args.contains("--help") || args.contains("-h")) {
            return Optional.of(binary + " — " + summary + "\n\n" + usage.strip() + "\n\n" + versionLine());
        }
        return Optional.empty();
    }

    /** Prints the answer and exits with status 0 if the arguments ask for one; returns otherwise. */
    public void answerAndExitIfAsked(String[] args, PrintStream out) {
        Optional<String> answer = answer(List.of(args));
        if (answer.isPresent()) {
            out.println(answer.get());
            out.flush();
            System.exit(0);
        }
    }

    public String versionLine() {
        return binary + " " + BundleVersion.get();
    }
}
