package io.reseau.proxy.model;

/** One port of one Service: {@code namespace/name:port} (port is the port's name, empty when unnamed). */
public record ServicePortName(String namespace, String service, String port) implements Comparable<ServicePortName> {

    @Override
    public int compareTo(ServicePortName other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return namespace + "/" + service + (port.isEmpty() ? "" : ":" + port);
    }
}
