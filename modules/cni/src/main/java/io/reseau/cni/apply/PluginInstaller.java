package io.reseau.cni.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Installs the plugin where the runtime looks for it: {@code <bin dir>/reseau}, a shell script that hands each
 * call to the node agent through the agent's spool directory, whose path is written into it here. The runtime
 * execs it for every pod; a shell and a few coreutils start in milliseconds, where a JVM takes a hundred.
 */
public final class PluginInstaller {

    public static final String PLUGIN_TYPE = "reseau";
    private static final String SCRIPT = "/io/reseau/cni/plugin/reseau";
    private static final String SPOOL_PLACEHOLDER = "@SPOOL@";

    /** Where the runtime looks for plugins, and where the agent takes their calls. */
    public record Settings(Path binDir, Path spoolDir) {
    }

    private PluginInstaller() {
    }

    /** Installs (or refreshes) the plugin, replacing the file at once; returns the path the runtime execs. */
    public static Path install(Settings settings) {
        Path plugin = settings.binDir().resolve(PLUGIN_TYPE);
        Path temporary = settings.binDir().resolve("." + PLUGIN_TYPE + ".tmp");
        try {
            Files.createDirectories(settings.binDir());
            Files.writeString(temporary, script(settings.spoolDir()));
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temporary, plugin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return plugin;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the CNI plugin into " + settings.binDir(), e);
        }
    }

    /** The plugin script for an agent whose spool directory is {@code spoolDir}. */
    static String script(Path spoolDir) throws IOException {
        try (InputStream template = PluginInstaller.class.getResourceAsStream(SCRIPT)) {
            if (template == null) {
                throw new IllegalStateException(SCRIPT + " is missing from reseau-cni's jar");
            }
            return new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(SPOOL_PLACEHOLDER, quote(spoolDir.toAbsolutePath().toString()));
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
