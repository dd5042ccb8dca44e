package io.reseau.cni.compute;

import io.reseau.cni.ipam.Cidr;
import io.reseau.hostnet.nft.Chain;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.Hook;
import io.reseau.hostnet.nft.Rule;
import io.reseau.hostnet.nft.Selector;
import io.reseau.hostnet.nft.Table;
import java.util.List;

/**
 * The {@code reseau-cni} table of one family (pure): forwarding of pod traffic accepted, and pod traffic to
 * anywhere outside the cluster CIDR masqueraded behind the node's address; pod-to-pod traffic keeps its
 * addresses. The NAT chain hooks {@code postrouting} at {@code srcnat + 10}, after reseau-proxy's own SNAT at
 * {@code srcnat}: the first NAT decision for a connection is final, so the proxy's wins where both apply.
 */
public final class MasqueradeRules {

    public static final String TABLE = "reseau-cni";
    public static final String FORWARD_PRIORITY = "filter + 10";
    public static final String NAT_PRIORITY = "srcnat + 10";

    private MasqueradeRules() {
    }

    public static Table compute(Family family, Cidr clusterCidr) {
        String cluster = clusterCidr.toString();
        Chain forward = Chain.base("forward", Hook.of("filter", "forward", FORWARD_PRIORITY), List.of(
                Rule.when().inPrefix(Selector.saddr(family), cluster).accept(),
                Rule.when().inPrefix(Selector.daddr(family), cluster).accept()));
        Chain postrouting = Chain.base("postrouting", Hook.of("nat", "postrouting", NAT_PRIORITY), List.of(
                Rule.when().inPrefix(Selector.saddr(family), cluster).inPrefix(Selector.daddr(family), cluster).returns(),
                Rule.when().inPrefix(Selector.saddr(family), cluster).masquerade(true)));
        return new Table(family, TABLE, List.of(forward, postrouting), List.of(), List.of());
    }
}
