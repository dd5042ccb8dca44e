package io.reseau.cni.spec;

import java.util.List;

/**
 * The spec versions this plugin speaks. The plugin script answers VERSION itself with the same list (a test
 * holds the two together).
 */
public final class CniVersions {

    public static final String LATEST = "1.1.0";
    public static final List<String> SUPPORTED = List.of("0.4.0", "1.0.0", "1.1.0");

    private CniVersions() {
    }

    public static void requireSupported(String version) {
        if (!SUPPORTED.contains(version)) {
            throw new CniError(CniError.INCOMPATIBLE_VERSION, "cniVersion " + version + " is not supported: use one of "
                    + String.join(", ", SUPPORTED), "supported: " + String.join(", ", SUPPORTED));
        }
    }
}
