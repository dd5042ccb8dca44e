package io.reseau.sandbox.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds {@code get} knows, by the names kubectl accepts for them (plural, singular, short). Pure. */
enum Kinds {
    NODE("v1", "Node", false, "nodes", "node", "no"),
    NAMESPACE("v1", "Namespace", false, "namespaces", "namespace", "ns"),
    POD("v1", "Pod", true, "pods", "pod", "po"),
    SERVICE("v1", "Service", true, "services", "service", "svc"),
    ENDPOINTSLICE("discovery.k8s.io/v1", "EndpointSlice", true, "endpointslices", "endpointslice"),
    DEPLOYMENT("apps/v1", "Deployment", true, "deployments", "deployment", "deploy"),
    REPLICASET("apps/v1", "ReplicaSet", true, "replicasets", "replicaset", "rs"),
    INGRESS("networking.k8s.io/v1", "Ingress", true, "ingresses", "ingress", "ing"),
    INGRESSCLASS("networking.k8s.io/v1", "IngressClass", false, "ingressclasses", "ingressclass"),
    NETWORKPOLICY("networking.k8s.io/v1", "NetworkPolicy", true, "networkpolicies", "networkpolicy", "netpol"),
    SECRET("v1", "Secret", true, "secrets", "secret"),
    CONFIGMAP("v1", "ConfigMap", true, "configmaps", "configmap", "cm"),
    LEASE("coordination.k8s.io/v1", "Lease", true, "leases", "lease"),
    EVENT("v1", "Event", true, "events", "event", "ev");

    final String apiVersion;
    final String kind;
    final boolean namespaced;
    private final List<String> names;

    Kinds(String apiVersion, String kind, boolean namespaced, String... names) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.namespaced = namespaced;
        this.names = List.of(names);
    }

    static Kinds named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Kinds kind : values()) {
            if (kind.names.contains(lower) || kind.kind.equalsIgnoreCase(lower)) {
                return kind;
            }
        }
        throw new CommandException("reseau-sandbox get does not know '" + name + "': use one of "
                + String.join(", ", Arrays.stream(values()).map(k -> k.names.getFirst()).toList()) + ".");
    }
}
