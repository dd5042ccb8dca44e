package io.reseau.ingress.model;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the name of an ExternalName Service may lead. The proxy resolves the name when it connects; an address it
 * then finds link-local (the cloud provider's metadata service at 169.254.169.254, which would answer with the
 * node's credentials), wildcard or multicast is refused. Written as such an address, or as {@code localhost} or a
 * loopback address (the proxy itself: requests would loop back into it), the name is refused when the Ingress is
 * read, as ingress-nginx refuses localhost.
 */
public final class ExternalAddresses {

    private ExternalAddresses() {
    }

    /** Whether the proxy refuses to connect to this address, found for a name. */
    public static boolean refused(InetAddress address) {
        return address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress();
    }

    /**
     * Why an ExternalName Service's name cannot be used, if it cannot: not a host name or an IP address, localhost,
     * or an address that is loopback or {@linkplain #refused refused}. A final dot (a fully qualified name) is
     * allowed.
     */
    public static Optional<String> refusal(String name) {
        String host = host(name);
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return Optional.of("localhost is the proxy itself");
        }
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            return literal.get().isLoopbackAddress() || refused(literal.get())
                    ? Optional.of(host + " is a loopback, link-local, wildcard or multicast address")
                    : Optional.empty();
        }
        return HostNames.valid(host) ? Optional.empty()
                : Optional.of("'" + name + "' is not a host name or an IP address");
    }

    /** The host a name stands for: the name without the final dot of a fully qualified one. */
    public static String host(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The address a name spells, if it is one (no lookup). */
    private static Optional<InetAddress> literal(String host) {
        try {
            return Optional.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
