package io.reseau.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The single version of the reseau bundle, stamped into this module at build time from the root pom. */
public final class BundleVersion {

    private static final String RESOURCE = "/META-INF/reseau/version.properties";
    private static final String VERSION = load();

    private BundleVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BundleVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: the launcher jar is damaged");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
