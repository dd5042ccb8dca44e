package io.reseau.cni.report;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.cni.apply.Vtep;
import io.reseau.cni.compute.VtepAnnotations;
import java.util.Map;

/** Publishes this node's VTEP as annotations on its Node, only when they differ from what the Node says. */
public final class VtepPublisher {

    private final KubernetesClient client;
    private final String nodeName;

    public VtepPublisher(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** True if the Node was updated. */
    public boolean publish(Node current, Vtep vtep) {
        Map<String, String> annotations = current.getMetadata().getAnnotations() == null ? Map.of()
                : current.getMetadata().getAnnotations();
        if (vtep.mac().equals(annotations.get(VtepAnnotations.MAC))
                && vtep.underlayIp().equals(annotations.get(VtepAnnotations.UNDERLAY_IP))) {
            return false;
        }
        client.nodes().withName(nodeName).edit(node -> new NodeBuilder(node).editMetadata()
                .addToAnnotations(VtepAnnotations.MAC, vtep.mac())
                .addToAnnotations(VtepAnnotations.UNDERLAY_IP, vtep.underlayIp())
                .endMetadata().build());
        return true;
    }
}
