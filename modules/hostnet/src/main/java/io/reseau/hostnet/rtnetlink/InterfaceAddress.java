package io.reseau.hostnet.rtnetlink;

import java.net.InetAddress;

/** An address on a link: {@code 10.42.1.5/24} on link {@code index}. */
public record InterfaceAddress(int index, InetAddress address, int prefixLength) {

    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
