package io.reseau.sandbox.kubelet;

import java.util.Collection;
import java.util.Optional;

/**
 * Hands out pod addresses from a node's /24 for the sandbox's own veth wiring: the lowest free host from .2
 * (.1 is the node's, as the gateway is with a bridge). Pure.
 */
public final class PodAddresses {

    private PodAddresses() {
    }

    public static Optional<String> next(String podCidr, Collection<String> inUse) {
        if (!podCidr.endsWith(".0/24")) {
            throw new IllegalArgumentException("pod CIDRs are /24s here, got " + podCidr);
        }
        String prefix = podCidr.substring(0, podCidr.length() - "0/24".length());
        for (int host = 2; host < 255; host++) {
            String candidate = prefix + host;
            if (!inUse.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
