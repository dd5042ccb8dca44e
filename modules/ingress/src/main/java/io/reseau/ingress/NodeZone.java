package io.reseau.ingress;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The zone reseau-ingress runs in, for {@code enable-topology-aware-routing}: the {@code topology.kubernetes.io/zone}
 * label of its node, read once at the start as ingress-nginx reads it. Whatever keeps it from being known is logged
 * and leaves every ready endpoint in use.
 */
final class NodeZone {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private static final Logger LOG = Logger.getLogger(NodeZone.class);

    private NodeZone() {
    }

    /** The zone of the node named, if topology-aware routing is on and the node has one. */
    static Optional<String> read(KubernetesClient client, boolean enabled, Optional<String> nodeName) {
        if (!enabled) {
            return Optional.empty();
        }
        if (nodeName.isEmpty() || nodeName.get().isBlank()) {
            return unknown("node-name is not set (the chart sets it to the pod's node)");
        }
        Node node;
        try {
            node = client.nodes().withName(nodeName.get()).get();
        } catch (KubernetesClientException e) {
            return unknown("node " + nodeName.get() + " could not be read: " + e.getMessage());
        }
        if (node == null) {
            return unknown("node " + nodeName.get() + " does not exist");
        }
        Map<String, String> labels = node.getMetadata().getLabels();
        String zone = labels == null ? null : labels.get(ZONE_LABEL);
        if (zone == null || zone.isBlank()) {
            return unknown("node " + nodeName.get() + " has no " + ZONE_LABEL + " label");
        }
        LOG.infof("enable-topology-aware-routing: in zone %s, endpoints hinted for it are preferred", zone);
        return Optional.of(zone);
    }

    private static Optional<String> unknown(String why) {
        LOG.warnf("enable-topology-aware-routing: %s; every ready endpoint is used", why);
        return Optional.empty();
    }
}
