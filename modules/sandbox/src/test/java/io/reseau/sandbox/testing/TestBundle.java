package io.reseau.sandbox.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A bundle laid out as distro assembles it ({@code bin/<binary>} launchers, {@code lib/<component>},
 * {@code examples/}), made of the modules' own build outputs, so that the sandbox's
 * tests run the real binaries without waiting for distro, which is built after this module.
 */
public final class TestBundle {

    private static final Path SOURCE = Path.of(System.getProperty("reseau.source.root")).toAbsolutePath().normalize();
    private static final Path HOME = Path.of(System.getProperty("reseau.test.bundle")).toAbsolutePath().normalize();

    private TestBundle() {
    }

    /** The bundle's directory, (re)made. */
    public static synchronized Path home() throws IOException {
        Files.createDirectories(HOME.resolve("bin"));
        Files.createDirectories(HOME.resolve("lib"));
        install("reseau-proxy", SOURCE.resolve("modules/proxy/target/quarkus-app"));
        install("reseau-cni", SOURCE.resolve("modules/cni/target/quarkus-app"));
        link(HOME.resolve("examples"), SOURCE.resolve("examples"));
        return HOME;
    }

    public static Path example(String path) {
        return SOURCE.resolve("examples").resolve(path);
    }

    private static void install(String binary, Path app) throws IOException {
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " is missing: build " + binary + " first "
                    + "('./mvnw install -pl modules/sandbox -am' builds it before these tests)");
        }
        Path launcher = HOME.resolve("bin").resolve(binary);
        Files.copy(SOURCE.resolve("distro/src/bin/reseau-launch"), launcher, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        link(HOME.resolve("lib").resolve(binary.substring("reseau-".length())), app);
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }
}
