package io.reseau.hostnet.exec;

/** A host command exited non-zero; the message carries the command and what it printed on stderr. */
public class CommandFailedException extends RuntimeException {

    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super(String.join(" ", result.command()) + " exited " + result.exitCode() + ": " + result.stderr().strip());
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
