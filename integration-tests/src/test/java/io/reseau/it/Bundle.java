package io.reseau.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The assembled bundle under test: {@code distro/target/reseau}. */
public final class Bundle {

    public static final String VERSION = System.getProperty("reseau.version");
    public static final Path HOME = Path.of(System.getProperty("reseau.home")).toAbsolutePath().normalize();

    private Bundle() {
    }

    public static Path binary(String name) {
        Path binary = HOME.resolve("bin").resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: build the bundle first ('make build')");
        }
        return binary;
    }

    public static Path chart() {
        return HOME.resolve("helm/reseau");
    }
}
