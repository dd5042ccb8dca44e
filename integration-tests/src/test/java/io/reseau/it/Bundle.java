package io.reseau.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The assembled bundle under test: {@code distro/target/reseau}. */
final class Bundle {

    static final String VERSION = System.getProperty("reseau.version");
    static final Path HOME = Path.of(System.getProperty("reseau.home")).toAbsolutePath().normalize();

    private Bundle() {
    }

    static Path binary(String name) {
        Path binary = HOME.resolve("bin").resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: build the bundle first ('make build')");
        }
        return binary;
    }

    static Path chart() {
        return HOME.resolve("helm/reseau");
    }
}
