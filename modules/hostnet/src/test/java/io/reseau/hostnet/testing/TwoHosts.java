package io.reseau.hostnet.testing;

import io.reseau.hostnet.HostNetwork;

/**
 * Two throwaway namespaces joined by a veth pair: {@code left} is 10.250.0.1/24 on {@code eth0}, {@code right}
 * is 10.250.0.2/24 on {@code eth0}. Neither has a route anywhere else.
 */
public record TwoHosts(HostNetwork left, HostNetwork right) {

    public static final String LEFT_IP = "10.250.0.1";
    public static final String RIGHT_IP = "10.250.0.2";

    public static TwoHosts connected(ThrowawayNamespaces netns) {
        HostNetwork left = netns.createNetwork("left");
        HostNetwork right = netns.createNetwork("right");
        left.links().addVeth("eth0", "eth0", right.namespace());
        left.addresses().replace("eth0", LEFT_IP + "/24");
        right.addresses().replace("eth0", RIGHT_IP + "/24");
        left.links().setUp("eth0");
        right.links().setUp("eth0");
        return new TwoHosts(left, right);
    }
}
