package io.reseau.ingress;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reseau.ingress.model.Locality;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where reseau-ingress runs, for {@code enable-topology-aware-routing}: its node's name ({@code node-name}), and that
 * node's {@code topology.kubernetes.io/zone} label, read once at the start as ingress-nginx reads it. Whatever keeps
 * either from being known is logged; without both, every ready endpoint is used.
 */
final class NodeLocality {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private static final Logger LOG = Logger.getLogger(NodeLocality.class);

    private NodeLocality() {
    }

    /** The node named and its zone, if topology-aware routing is on. */
    static Locality read(KubernetesClient client, boolean enabled, Optional<String> nodeName) {
        if (!enabled) {
            return Locality.UNKNOWN;
        }
        Optional<String> node = nodeName.filter(name -> !name.isBlank());
        if (node.isEmpty()) {
            LOG.warn("enable-topology-aware-routing: node-name is not set (the chart sets it to the pod's node);"
                    + " every ready endpoint is used");
            return Locality.UNKNOWN;
        }
        Optional<String> zone = zone(client, node.get());
        LOG.infof("enable-topology-aware-routing: on node %s, in zone %s; endpoints hinted for them are preferred",
                node.get(), zone.orElse("(none)"));
        return new Locality(node, zone);
    }

    private static Optional<String> zone(KubernetesClient client, String name) {
        Node node;
        try {
            node = client.nodes().withName(name).get();
        } catch (KubernetesClientException e) {
            return noZone("node " + name + " could not be read: " + e.getMessage());
        }
        if (node == null) {
            return noZone("node " + name + " does not exist");
        }
        Map<String, String> labels = node.getMetadata().getLabels();
        String zone = labels == null ? null : labels.get(ZONE_LABEL);
        return zone == null || zone.isBlank() ? noZone("node " + name + " has no " + ZONE_LABEL + " label")
                : Optional.of(zone);
    }

    private static Optional<String> noZone(String why) {
        LOG.warnf("enable-topology-aware-routing: %s; zone hints are not used", why);
        return Optional.empty();
    }
}
