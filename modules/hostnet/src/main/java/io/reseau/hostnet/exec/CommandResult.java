package io.reseau.hostnet.exec;

import java.util.List;

/** What a finished command printed and how it exited. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result, or a {@link CommandFailedException} describing it if the command failed. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
