package io.reseau.cni.ipam;

import java.math.BigInteger;
import java.net.InetAddress;

/**
 * One pod subnet of a node, as the plugin hands it out: the gateway is the first address after the network's
 * (the bridge holds it); pods get the addresses after it, up to the last before the IPv4 broadcast address.
 */
public record AddressRange(Cidr subnet) {

    public AddressRange {
        int hostBits = subnet.bits() - subnet.prefixLength();
        if (hostBits < 2) {
            throw new IllegalArgumentException("the subnet " + subnet + " is too small for a gateway and a pod: use /30 "
                    + "or larger for IPv4, /126 or larger for IPv6");
        }
    }

    public InetAddress gateway() {
        return subnet.at(BigInteger.ONE);
    }

    /** The first address a pod may get. */
    public BigInteger firstOffset() {
        return BigInteger.TWO;
    }

    /** One past the last address a pod may get (IPv4 keeps its broadcast address out). */
    public BigInteger endOffset() {
        return subnet.ipv6() ? subnet.size() : subnet.size().subtract(BigInteger.ONE);
    }

    /** How many addresses pods can get. */
    public BigInteger capacity() {
        return endOffset().subtract(firstOffset());
    }
}
