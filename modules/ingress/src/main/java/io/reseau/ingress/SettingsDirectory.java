package io.reseau.ingress;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * The controller's settings from a directory of ingress-nginx ConfigMap keys, a file each (the chart's
 * {@code ingress.config} mounted as a volume), named by {@code reseau.ingress.settings-directory}: each key reseau
 * reads is the setting of the same name, above the environment (where the chart puts its other values); each key it
 * does not read is logged at the start and left out.
 */
public final class SettingsDirectory implements ConfigSourceFactory {

    static final String PROPERTY = "reseau.ingress.settings-directory";
    /** Above the environment's 300, so that a key of the directory wins over the chart's other values. */
    static final int ORDINAL = 350;
    private static final Logger LOG = Logger.getLogger(SettingsDirectory.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue directory = context.getValue(PROPERTY);
        if (directory == null || directory.getValue() == null || directory.getValue().isBlank()) {
            return List.of();
        }
        Path path = Path.of(directory.getValue());
        ControllerSettings sorted = ControllerSettings.sort(read(path), ControllerSettings.known());
        sorted.ignored().forEach((key, reason) -> LOG.warnf("%s in %s left out: %s", key, path, reason));
        return List.of(new PropertiesConfigSource(sorted.settings(), "ingress-nginx keys in " + path, ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /**
     * The keys of a mounted ConfigMap: one regular file each, named by the key; the volume's own entries (names
     * starting with {@code ..}) are not keys.
     */
    static Map<String, String> read(Path directory) {
        Map<String, String> keys = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.startsWith("..") && Files.isRegularFile(file)) {
                    keys.put(name, Files.readString(file, StandardCharsets.UTF_8).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the settings directory " + directory + " (" + PROPERTY
                    + ") cannot be read: " + e.getMessage(), e);
        }
        return keys;
    }
}
