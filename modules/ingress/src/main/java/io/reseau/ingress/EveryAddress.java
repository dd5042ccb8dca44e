package io.reseau.ingress;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The address to listen on for every address of the pod, as ingress-nginx listens on IPv4 and IPv6 alike: IPv6's
 * wildcard, whose sockets take IPv4 connections too (Linux, {@code net.ipv6.bindv6only=0}; Java and Netty give
 * their peers as IPv4 addresses), or IPv4's where the kernel has no IPv6 or {@code disable-ipv6} says so.
 */
public final class EveryAddress {

    /** Where the kernel lists its IPv6 addresses; absent when it has no IPv6 (ingress-nginx looks there too). */
    private static final Path IPV6_ADDRESSES = Path.of("/proc/net/if_inet6");

    private EveryAddress() {
    }

    /** {@code ::} with IPv6, {@code 0.0.0.0} without. */
    public static String of(boolean ipv6) {
        return ipv6 ? "::" : "0.0.0.0";
    }

    /** The wildcard of this machine, unless {@code disableIpv6}. */
    public static String here(boolean disableIpv6) {
        return of(!disableIpv6 && Files.exists(IPV6_ADDRESSES));
    }
}
