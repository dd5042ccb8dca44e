package io.reseau.sandbox.state;

import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.netns.NetworkNamespaces;
import java.util.List;

/**
 * The sandbox's network namespaces, all named {@code <sandbox name>-<role>}. Each is written to the state file
 * before it is made, so that no crash can leave one that {@code down} does not know of.
 */
public final class SandboxNamespaces {

    private final String prefix;
    private final StateFile state;
    private final NetworkNamespaces namespaces = new NetworkNamespaces();

    public SandboxNamespaces(String sandboxName, StateFile state) {
        this.prefix = sandboxName + "-";
        this.state = state;
    }

    public NetworkNamespace create(String role) {
        String name = nameOf(role);
        state.update(s -> s.withNamespace(name));
        return namespaces.create(name);
    }

    public void delete(NetworkNamespace namespace) {
        namespaces.delete(namespace);
        state.update(s -> s.withoutNamespace(namespace.name().orElseThrow()));
    }

    public String nameOf(String role) {
        return prefix + role;
    }

    /** Namespaces on this machine with this sandbox's prefix, recorded or not. */
    public List<String> existing() {
        return namespaces.list().stream().filter(name -> name.startsWith(prefix)).toList();
    }
}
