package io.reseau.sandbox.cluster;

import java.nio.file.Path;

/**
 * A node's own files, as a real node keeps them under /etc/cni/net.d, /opt/cni/bin, /var/lib and /run: here
 * under {@code <state dir>/nodes/<node>/}, so that nodes sharing one machine do not share them.
 */
public record NodeFiles(Path dir) {

    public static NodeFiles of(Path stateDir, String node) {
        return new NodeFiles(stateDir.resolve("nodes").resolve(node));
    }

    /** The CNI bin dir: the plugin is installed here and exec'd from here. */
    public Path cniBinDir() {
        return dir.resolve("cni/bin");
    }

    /** Where the CNI agent writes its conflist. */
    public Path cniConfDir() {
        return dir.resolve("cni/net.d");
    }

    public Path cniDataDir() {
        return dir.resolve("cni/data");
    }

    /** Where the CNI plugin hands its calls to the agent. */
    public Path cniSpoolDir() {
        return dir.resolve("cni/spool");
    }
}
