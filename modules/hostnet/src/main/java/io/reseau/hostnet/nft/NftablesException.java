package io.reseau.hostnet.nft;

import java.util.List;

/**
 * nft refused a transaction; nothing of it was applied. {@link #errors()} names each offending line of the
 * script with nft's own message.
 */
public class NftablesException extends RuntimeException {

    /** One error nft reported: the script line (1-based), its text, and nft's message. */
    public record LineError(int line, String text, String message) {
        @Override
        public String toString() {
            return "line " + line + " (" + text + "): " + message;
        }
    }

    private final transient List<LineError> errors;

    public NftablesException(String summary, List<LineError> errors) {
        super(errors.isEmpty() ? summary : summary + ": " + errors.getFirst()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    public List<LineError> errors() {
        return errors;
    }
}
