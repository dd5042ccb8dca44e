package io.reseau.sandbox.workload;

/** Who a built-in workload is: what its answers name. */
public record PodIdentity(String name, String namespace, String node) {
}
