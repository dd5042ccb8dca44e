package io.reseau.proxy.model;

/**
 * One endpoint of a Service port, from an EndpointSlice: its address and target port (resolved per slice, so a
 * named targetPort may differ between endpoints), its node, and its conditions.
 */
public record Endpoint(String address, int port, String nodeName, boolean ready, boolean serving,
        boolean terminating) {

    public boolean isIpv6() {
        return address.contains(":");
    }
}
