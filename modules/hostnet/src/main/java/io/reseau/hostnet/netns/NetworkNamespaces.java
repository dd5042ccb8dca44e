package io.reseau.hostnet.netns;

import io.reseau.hostnet.exec.ProcessRunner;
import java.util.Arrays;
import java.util.List;

/** Creates and removes named network namespaces ({@code ip netns add/del}). */
public final class NetworkNamespaces {

    private final ProcessRunner root = new ProcessRunner(NetworkNamespace.current());

    /** Creates the namespace with its loopback up. */
    public NetworkNamespace create(String name) {
        NetworkNamespace namespace = NetworkNamespace.named(name);
        root.check("ip", "netns", "add", name);
        new ProcessRunner(namespace).check("ip", "link", "set", "lo", "up");
        return namespace;
    }

    /** Kills what still runs inside, then removes the namespace (its links and rules go with it). */
    public void delete(NetworkNamespace namespace) {
        String name = namespace.name().orElseThrow(
                () -> new IllegalArgumentException("only named namespaces are deleted here: " + namespace));
        if (!namespace.exists()) {
            return;
        }
        for (String pid : pids(name)) {
            root.run(List.of("kill", "-9", pid), null);
        }
        root.check("ip", "netns", "delete", name);
    }

    /** Every named namespace on this machine. */
    public List<String> list() {
        return root.check("ip", "netns", "list").lines()
                .map(line -> line.split("\\s+")[0])
                .filter(name -> !name.isEmpty())
                .toList();
    }

    private List<String> pids(String name) {
        return Arrays.stream(root.check("ip", "netns", "pids", name).split("\\s+"))
                .filter(pid -> !pid.isEmpty())
                .toList();
    }
}
