package io.reseau.cni.apply;

import io.reseau.cni.plugin.PluginMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Installs the plugin where the runtime looks for it: the plugin directory of the bundle ({@code lib/cni-plugin}:
 * the plugin jar, and a Java runtime trimmed to {@code java.base} so the node needs no Java of its own) is
 * copied to {@code <bin dir>/reseau.d}, and {@code <bin dir>/reseau} becomes a launcher that execs it with the
 * agent's socket. Then, if asked, a training run fills the plugin's AOT cache with the very JVM and jar the
 * runtime will start, which cuts about 40 % off the plugin's start (see docs/cni.md).
 */
public final class PluginInstaller {

    public static final String PLUGIN_TYPE = "reseau";
    public static final String JAR = "reseau-cni-plugin.jar";
    public static final String AOT_CACHE = "reseau-cni-plugin.aot";
    /**
     * A call lives for a few milliseconds and its classes come linked from the AOT cache, so there is nothing worth
     * compiling: the interpreter alone starts no compiler threads (less CPU than C1-only, measured on a busy node).
     * A small heap is quicker to set up; the AOT cache is mapped where it was made instead of being relocated
     * (relocating touches every page of it: 50-150 ms of the JVM's start on the test machine; the price is that
     * the cache's address is not randomized). Serial GC, no perf file, and no JVM log lines on stdout, which
     * belongs to the CNI result.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xint", "-XX:+UseSerialGC", "-Xmx64m", "-Xss512k",
            "-XX:-UsePerfData", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0", "-Xlog:disable");
    private static final Logger LOG = Logger.getLogger(PluginInstaller.class);
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(2);

    /** What to install from where, and whether to train the AOT cache. */
    public record Settings(Path source, Path binDir, Path socket, boolean trainAotCache) {
    }

    private PluginInstaller() {
    }

    /** Installs (or refreshes) the plugin; returns the launcher the runtime execs. */
    public static Path install(Settings settings) {
        Path jar = settings.source().resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(settings.source() + " holds no " + JAR + ": point reseau.cni.plugin-source "
                    + "(RESEAU_CNI_PLUGIN_SOURCE) at the bundle's lib/cni-plugin directory");
        }
        Path target = settings.binDir().resolve(PLUGIN_TYPE + ".d");
        try {
            boolean copied = !sameFile(jar, target.resolve(JAR));
            if (copied) {
                replaceDirectory(settings.source(), target);
            }
            Path java = Files.isExecutable(target.resolve("runtime/bin/java")) ? target.resolve("runtime/bin/java")
                    : Path.of(System.getProperty("java.home"), "bin", "java");
            Path cache = target.resolve(AOT_CACHE);
            if (settings.trainAotCache() && (copied || !Files.exists(cache))) {
                train(java, target.resolve(JAR), cache);
            }
            return writeLauncher(settings, java, target.resolve(JAR), cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the CNI plugin into " + settings.binDir(), e);
        }
    }

    private static Path writeLauncher(Settings settings, Path java, Path jar, Path cache) throws IOException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(JVM_OPTIONS);
        if (Files.exists(cache)) {
            command.add("-XX:AOTCache=" + cache);
        }
        command.addAll(List.of("-cp", jar.toString(), PluginMain.class.getName()));
        String script = "#!/bin/sh\n"
                + "# The reseau CNI plugin, installed by reseau-cni: it hands each call to the node agent on its socket.\n"
                + PluginMain.SOCKET_VARIABLE + "=" + quote(settings.socket().toString()) + " exec "
                + String.join(" ", command.stream().map(PluginInstaller::quote).toList()) + "\n";
        Path launcher = settings.binDir().resolve(PLUGIN_TYPE);
        Path temporary = settings.binDir().resolve("." + PLUGIN_TYPE + ".tmp");
        Files.writeString(temporary, script);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(temporary, launcher, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return launcher;
    }

    private static void train(Path java, Path jar, Path cache) {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-cp", jar.toString(),
                io.reseau.cni.plugin.PluginTraining.class.getName()));
        try {
            Process training = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!training.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || training.exitValue() != 0) {
                training.destroyForcibly();
                Files.deleteIfExists(cache);
                LOG.warnf("the plugin's AOT training run failed; the plugin works, only starts slower (%s)", command);
            }
        } catch (IOException e) {
            LOG.warnf("cannot run the plugin's AOT training (%s); the plugin works, only starts slower", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return Files.exists(b) && Files.mismatch(a, b) == -1;
    }

    /** Copies {@code source} to a sibling of {@code target}, then swaps it in. */
    private static void replaceDirectory(Path source, Path target) throws IOException {
        Path fresh = target.resolveSibling("." + target.getFileName() + ".new");
        delete(fresh);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = fresh.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        delete(target);
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
