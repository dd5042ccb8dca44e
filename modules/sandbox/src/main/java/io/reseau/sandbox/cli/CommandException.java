package io.reseau.sandbox.cli;

/** A command that cannot do what was asked; the message is for the user, and says what to do. */
public final class CommandException extends RuntimeException {
    public CommandException(String message) {
        super(message);
    }
}
