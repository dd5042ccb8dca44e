package io.reseau.sandbox.kubelet.cni;

import com.fasterxml.jackson.databind.JsonNode;
import io.reseau.hostnet.exec.CommandResult;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a container runtime does with CNI on one node: read the first {@code *.conflist} in the conf dir, exec
 * each plugin from the bin dir inside the node's namespace with the {@code CNI_*} environment and its
 * configuration on stdin (ADD in order, DEL in reverse), and read the JSON result.
 */
public final class CniRuntime {

    private final ProcessRunner node;
    private final Path confDir;
    private final Path binDir;

    public CniRuntime(NetworkNamespace node, Path confDir, Path binDir) {
        this.node = new ProcessRunner(node);
        this.confDir = confDir;
        this.binDir = binDir;
    }

    /** The node is network-ready once its agent has written a conflist. */
    public Optional<CniConflist> conflist() {
        if (!Files.isDirectory(confDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(confDir)) {
            Optional<Path> first = files.filter(file -> file.getFileName().toString().endsWith(".conflist")).sorted()
                    .findFirst();
            return first.isEmpty() ? Optional.empty() : Optional.of(CniConflist.parse(Files.readString(first.get())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CNI configuration in " + confDir, e);
        }
    }

    /** ADD: returns the last plugin's result. */
    public JsonNode add(String containerId, Path netns, String ifname) {
        CniConflist list = conflist().orElseThrow(() -> new IllegalStateException("no CNI configuration in " + confDir
                + " yet: the node's CNI agent has not written it"));
        Optional<JsonNode> result = Optional.empty();
        for (int i = 0; i < list.plugins().size(); i++) {
            result = Optional.of(CniConflist.parseResult(exec("ADD", list.type(i), containerId, netns, ifname,
                    list.stdin(i, result))));
        }
        return result.orElseThrow();
    }

    /** DEL: each plugin in reverse order, with the ADD result as {@code prevResult}. */
    public void del(String containerId, Path netns, String ifname, Optional<JsonNode> addResult) {
        Optional<CniConflist> list = conflist();
        if (list.isEmpty()) {
            return;
        }
        for (int i = list.get().plugins().size() - 1; i >= 0; i--) {
            exec("DEL", list.get().type(i), containerId, netns, ifname, list.get().stdin(i, addResult));
        }
    }

    private String exec(String command, String type, String containerId, Path netns, String ifname, String stdin) {
        if (!type.matches("[A-Za-z0-9_\\-.]+")) {
            throw new IllegalArgumentException("not a CNI plugin name: '" + type + "'");
        }
        List<String> invocation = new ArrayList<>(List.of("env",
                "CNI_COMMAND=" + command,
                "CNI_CONTAINERID=" + containerId,
                "CNI_NETNS=" + netns,
                "CNI_IFNAME=" + ifname,
                "CNI_PATH=" + binDir));
        invocation.add(binDir.resolve(type).toString());
        CommandResult result = node.run(invocation, stdin);
        if (!result.succeeded()) {
            throw new IllegalStateException("CNI " + command + " by plugin " + type + " failed (exit "
                    + result.exitCode() + "): " + result.stdout().strip() + " " + result.stderr().strip());
        }
        return result.stdout();
    }
}
