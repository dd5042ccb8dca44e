package io.reseau.cni.testing;

import io.reseau.cni.apply.PluginInstaller;
import io.reseau.cni.plugin.PluginMain;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The plugin directory the bundle ships ({@code lib/cni-plugin}), made for module tests from the compiled plugin
 * classes: the jar alone (no trimmed runtime; the launcher then uses this JVM's).
 */
public final class PluginPackage {

    private PluginPackage() {
    }

    public static Path build(Path directory) throws IOException {
        Path classes;
        try {
            classes = Path.of(PluginMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path pluginClasses = classes.resolve("io/reseau/cni/plugin");
        Files.createDirectories(directory);
        try (OutputStream file = Files.newOutputStream(directory.resolve(PluginInstaller.JAR));
                JarOutputStream jar = new JarOutputStream(file); Stream<Path> entries = Files.list(pluginClasses)) {
            for (Path entry : entries.toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(entry).toString()));
                Files.copy(entry, jar);
                jar.closeEntry();
            }
        }
        return directory;
    }
}
