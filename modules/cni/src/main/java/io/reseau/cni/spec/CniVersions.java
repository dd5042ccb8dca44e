package io.reseau.cni.spec;

import java.util.List;

/** The spec versions this plugin speaks, and the VERSION answer. */
public final class CniVersions {

    public static final String LATEST = "1.1.0";
    public static final List<String> SUPPORTED = io.reseau.cni.plugin.PluginWire.SUPPORTED_VERSIONS;

    private CniVersions() {
    }

    public static void requireSupported(String version) {
        if (!SUPPORTED.contains(version)) {
            throw new CniError(CniError.INCOMPATIBLE_VERSION, "cniVersion " + version + " is not supported: use one of "
                    + String.join(", ", SUPPORTED), "supported: " + String.join(", ", SUPPORTED));
        }
    }
}
