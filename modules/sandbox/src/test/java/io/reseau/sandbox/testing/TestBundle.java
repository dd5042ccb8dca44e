package io.reseau.sandbox.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A bundle laid out as distro assembles it ({@code bin/<binary>} launchers, {@code lib/<component>},
 * {@code examples/}), made of the modules' own build outputs, so that the sandbox's tests run the real
 * reseau-proxy binary without waiting for distro, which is built after this module.
 */
public final class TestBundle {

    private static final Path SOURCE = Path.of(System.getProperty("reseau.source.root")).toAbsolutePath().normalize();
    private static final Path HOME = Path.of(System.getProperty("reseau.test.bundle")).toAbsolutePath().normalize();

    private TestBundle() {
    }

    /** The bundle's directory, (re)made with reseau-proxy. */
    public static synchronized Path withProxy() throws IOException {
        Path app = SOURCE.resolve("modules/proxy/target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " is missing: build reseau-proxy first "
                    + "('./mvnw install -pl modules/sandbox -am' builds it before these tests)");
        }
        Files.createDirectories(HOME.resolve("bin"));
        Files.createDirectories(HOME.resolve("lib"));
        Path launcher = HOME.resolve("bin/reseau-proxy");
        Files.copy(SOURCE.resolve("distro/src/bin/reseau-launch"), launcher, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        link(HOME.resolve("lib/proxy"), app);
        link(HOME.resolve("examples"), SOURCE.resolve("examples"));
        return HOME;
    }

    public static Path example(String path) {
        return SOURCE.resolve("examples").resolve(path);
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }
}
