package io.reseau.hostnet;

import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.link.Addresses;
import io.reseau.hostnet.link.ForwardingDatabase;
import io.reseau.hostnet.link.Links;
import io.reseau.hostnet.link.Neighbours;
import io.reseau.hostnet.link.Routes;
import io.reseau.hostnet.link.Sysctls;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.nft.Nftables;

/** The network stack of one namespace: links, addresses, routes, neighbours, FDB, sysctls, nftables. */
public final class HostNetwork {

    private final NetworkNamespace namespace;
    private final ProcessRunner runner;

    private HostNetwork(NetworkNamespace namespace) {
        this.namespace = namespace;
        this.runner = new ProcessRunner(namespace);
    }

    public static HostNetwork in(NetworkNamespace namespace) {
        if (!namespace.exists()) {
            throw new IllegalArgumentException(namespace + " does not exist");
        }
        return new HostNetwork(namespace);
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public Links links() {
        return new Links(runner);
    }

    public Addresses addresses() {
        return new Addresses(runner);
    }

    public Routes routes() {
        return new Routes(runner);
    }

    public Neighbours neighbours() {
        return new Neighbours(runner);
    }

    public ForwardingDatabase fdb() {
        return new ForwardingDatabase(runner);
    }

    public Sysctls sysctls() {
        return new Sysctls(runner);
    }

    /** nftables in this namespace, over its own netlink socket: close it when done. */
    public Nftables nftables() {
        return Nftables.open(namespace);
    }

    /** Runs any other command inside the namespace (for tests and diagnostics). */
    public ProcessRunner commands() {
        return runner;
    }
}
