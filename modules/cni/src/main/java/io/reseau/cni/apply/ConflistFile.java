package io.reseau.cni.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The network configuration file the runtime reads. Written whole to a temporary file and renamed over the old
 * one, so a runtime never reads half of it; left untouched when it already says the same.
 */
public final class ConflistFile {

    private final Path file;

    public ConflistFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** True if the file changed. */
    public boolean write(String content) {
        try {
            if (Files.exists(file) && Files.readString(file).equals(content)) {
                return false;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            // the runtime loads every *.conflist in the directory: the temporary name must not end so
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CNI configuration " + file, e);
        }
    }
}
