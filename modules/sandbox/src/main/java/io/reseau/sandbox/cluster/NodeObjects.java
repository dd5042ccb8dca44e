package io.reseau.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Instant;

/**
 * The Node objects a kubelet and the controller manager's node IPAM would write: one pod CIDR each, the
 * underlay address as InternalIP, and Ready.
 */
public final class NodeObjects {

    private NodeObjects() {
    }

    public static Node of(AddressPlan plan, String node, Instant now) {
        String podCidr = plan.podCidr(node);
        return new NodeBuilder()
                .withNewMetadata()
                    .withName(node)
                    .addToLabels("kubernetes.io/hostname", node)
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("reseau.io/sandbox", "true")
                .endMetadata()
                .withNewSpec()
                    .withPodCIDR(podCidr)
                    .withPodCIDRs(podCidr)
                .endSpec()
                .withNewStatus()
                    .addNewAddress().withType("InternalIP").withAddress(plan.nodeAddress(node)).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(node).endAddress()
                    .addNewCondition()
                        .withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withMessage("reseau-sandbox node is ready")
                        .withLastTransitionTime(now.toString()).withLastHeartbeatTime(now.toString())
                    .endCondition()
                .endStatus()
                .build();
    }
}
