package io.reseau.cni.compute;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.reseau.cni.ipam.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the overlay needs to know of a Node: its pod CIDRs ({@code spec.podCIDRs}, or the older single
 * {@code spec.podCIDR}), its published VTEP, and its InternalIP (the default underlay address).
 */
public record NodeFacts(String name, List<Cidr> podCidrs, Optional<String> vtepMac, Optional<String> underlayIp,
        Optional<String> internalIp) {

    /** Reads a Node; unparseable pod CIDRs are reported through {@code problem} and left out. */
    public static NodeFacts of(Node node, java.util.function.Consumer<String> problem) {
        String name = node.getMetadata().getName();
        List<String> texts = new ArrayList<>();
        if (node.getSpec() != null && node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
            texts.addAll(node.getSpec().getPodCIDRs());
        } else if (node.getSpec() != null && node.getSpec().getPodCIDR() != null) {
            texts.add(node.getSpec().getPodCIDR());
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String text : texts) {
            try {
                cidrs.add(Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                problem.accept("Node " + name + ": pod CIDR " + e.getMessage());
            }
        }
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of()
                : node.getMetadata().getAnnotations();
        Optional<String> internal = node.getStatus() == null || node.getStatus().getAddresses() == null ? Optional.empty()
                : node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                        .map(NodeAddress::getAddress).filter(a -> !a.contains(":")).findFirst();
        return new NodeFacts(name, List.copyOf(cidrs), Optional.ofNullable(annotations.get(VtepAnnotations.MAC)),
                Optional.ofNullable(annotations.get(VtepAnnotations.UNDERLAY_IP)), internal);
    }
}
