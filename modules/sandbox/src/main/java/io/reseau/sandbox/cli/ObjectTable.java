package io.reseau.sandbox.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The columns {@code get} prints for a kind, from objects as generic maps. Pure. */
final class ObjectTable {

    private ObjectTable() {
    }

    static List<String> rows(Kinds kind, List<GenericKubernetesResource> objects) {
        List<String> rows = new ArrayList<>();
        rows.add(String.join("\t", header(kind)));
        for (GenericKubernetesResource object : objects) {
            List<String> cells = new ArrayList<>();
            if (kind.namespaced) {
                cells.add(object.getMetadata().getNamespace());
            }
            cells.add(object.getMetadata().getName());
            cells.addAll(columns(kind, object));
            rows.add(String.join("\t", cells));
        }
        return rows;
    }

    private static List<String> header(Kinds kind) {
        List<String> header = new ArrayList<>();
        if (kind.namespaced) {
            header.add("NAMESPACE");
        }
        header.add("NAME");
        header.addAll(switch (kind) {
            case POD -> List.of("READY", "NODE", "IP");
            case SERVICE -> List.of("TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORTS");
            case DEPLOYMENT, REPLICASET -> List.of("REPLICAS");
            case NODE -> List.of("INTERNAL-IP", "POD-CIDR");
            case ENDPOINTSLICE -> List.of("ENDPOINTS");
            default -> List.of();
        });
        return header;
    }

    private static List<String> columns(Kinds kind, GenericKubernetesResource object) {
        return switch (kind) {
            case POD -> List.of(
                    Boolean.toString(podReady(object)),
                    text(object.get("spec", "nodeName")), text(object.get("status", "podIP")));
            case SERVICE -> List.of(text(object.get("spec", "type")), text(object.get("spec", "clusterIP")),
                    externalIps(object), ports(object));
            case DEPLOYMENT, REPLICASET -> List.of(text(object.get("spec", "replicas")));
            case NODE -> List.of(internalIp(object), text(object.get("spec", "podCIDR")));
            case ENDPOINTSLICE -> List.of(endpoints(object));
            default -> List.of();
        };
    }

    private static boolean podReady(GenericKubernetesResource pod) {
        List<Map<String, Object>> conditions = pod.get("status", "conditions");
        return conditions != null && conditions.stream()
                .anyMatch(condition -> "Ready".equals(condition.get("type")) && "True".equals(condition.get("status")));
    }

    private static String ports(GenericKubernetesResource service) {
        List<Map<String, Object>> ports = service.get("spec", "ports");
        if (ports == null) {
            return "";
        }
        return ports.stream().map(port -> port.get("port") + (port.get("nodePort") == null ? "" : ":" + port.get("nodePort"))
                + "/" + Objects.requireNonNullElse(port.get("protocol"), "TCP")).collect(Collectors.joining(","));
    }

    private static String externalIps(GenericKubernetesResource service) {
        List<Map<String, Object>> ingress = service.get("status", "loadBalancer", "ingress");
        return ingress == null || ingress.isEmpty() ? "<none>"
                : ingress.stream().map(entry -> text(entry.get("ip"))).collect(Collectors.joining(","));
    }

    private static String internalIp(GenericKubernetesResource node) {
        List<Map<String, Object>> addresses = node.get("status", "addresses");
        return addresses == null ? "" : addresses.stream().filter(address -> "InternalIP".equals(address.get("type")))
                .map(address -> text(address.get("address"))).findFirst().orElse("");
    }

    private static String endpoints(GenericKubernetesResource slice) {
        List<Map<String, Object>> endpoints = slice.get("endpoints");
        return endpoints == null ? "" : endpoints.stream().map(endpoint -> text(endpoint.get("addresses")))
                .collect(Collectors.joining(","));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().replace("[", "").replace("]", "").replace("{", "").replace("}", "");
    }
}
