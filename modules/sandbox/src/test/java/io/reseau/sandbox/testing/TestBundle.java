package io.reseau.sandbox.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A bundle laid out as distro assembles it ({@code bin/<binary>} launchers, {@code lib/<component>},
 * {@code lib/cni-plugin}, {@code examples/}), made of the modules' own build outputs, so that the sandbox's
 * tests run the real binaries without waiting for distro, which is built after this module. reseau-proxy is
 * always in it; reseau-cni and its plugin when the cni module builds the plugin ({@code target/cni-plugin}).
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
        if (hasCniPlugin()) {
            install("reseau-cni", SOURCE.resolve("modules/cni/target/quarkus-app"));
            // A copy, not a link: 'reseau-cni install' copies this directory and does not follow links.
            copyTree(SOURCE.resolve("modules/cni/target/cni-plugin"), HOME.resolve("lib/cni-plugin"));
        }
        link(HOME.resolve("examples"), SOURCE.resolve("examples"));
        return HOME;
    }

    /** Whether the cni module built the plugin a runtime execs (it arrives with the CNI issue). */
    public static boolean hasCniPlugin() {
        return Files.isDirectory(SOURCE.resolve("modules/cni/target/cni-plugin"));
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

    private static void copyTree(Path from, Path to) throws IOException {
        deleteTree(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isSymbolicLink(path) || !Files.exists(path)) {
            Files.deleteIfExists(path);
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }
}
