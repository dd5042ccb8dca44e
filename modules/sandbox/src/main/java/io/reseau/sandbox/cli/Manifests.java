package io.reseau.sandbox.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files {@code -f} names: one file, or every .yaml/.yml/.json file in a directory, in name order. */
final class Manifests {

    private Manifests() {
    }

    static List<Path> files(Path fileOrDir) {
        if (!Files.exists(fileOrDir)) {
            throw new CommandException(fileOrDir + " does not exist.");
        }
        if (!Files.isDirectory(fileOrDir)) {
            return List.of(fileOrDir);
        }
        try (Stream<Path> files = Files.list(fileOrDir)) {
            return files.filter(file -> file.getFileName().toString().matches(".*\\.(ya?ml|json)")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + fileOrDir, e);
        }
    }
}
