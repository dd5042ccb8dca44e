package io.reseau.sandbox.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The state file ({@code <state dir>/state.json}): written whole and renamed into place on every change, so a
 * crash leaves the last complete record, never half of one.
 */
public final class StateFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;

    public StateFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public Optional<SandboxState> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(path.toFile(), SandboxState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox state " + path + " (delete it after checking "
                    + "'ip netns list' by hand)", e);
        }
    }

    public synchronized void write(SandboxState state) {
        try {
            Files.createDirectories(path.getParent());
            Path next = path.resolveSibling(path.getFileName() + ".next");
            JSON.writeValue(next.toFile(), state);
            Files.move(next, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox state " + path, e);
        }
    }

    /** Reads, changes and writes the state in one step (the supervisor's threads record concurrently). */
    public synchronized SandboxState update(UnaryOperator<SandboxState> change) {
        SandboxState next = change.apply(read().orElseThrow(() -> new IllegalStateException(path + " is gone")));
        write(next);
        return next;
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
