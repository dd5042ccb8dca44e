package io.reseau.hostnet.nft;

import java.util.Locale;

/** An nftables address family. */
public enum Family {
    IP, IP6, INET, ARP, BRIDGE, NETDEV;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Family fromKeyword(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT));
    }
}
