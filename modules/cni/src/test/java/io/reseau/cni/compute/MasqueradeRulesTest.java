package io.reseau.cni.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.cni.ipam.Cidr;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.NftTransaction;
import org.junit.jupiter.api.Test;

/** The reseau-cni table: the hooks and priorities DESIGN.md's nftables contract gives it. */
class MasqueradeRulesTest {

    @Test
    void acceptsPodForwardingAndMasqueradesOnlyTrafficLeavingTheCluster() {
        String text = String.join("\n", new NftTransaction()
                .replaceTable(MasqueradeRules.compute(Family.IP, Cidr.parse("10.42.0.0/16"))).lines());
        assertThat(text)
                .contains("table ip reseau-cni")
                .contains("type filter hook forward priority filter + 10")
                .contains("ip saddr 10.42.0.0/16 accept")
                .contains("ip daddr 10.42.0.0/16 accept")
                .contains("type nat hook postrouting priority srcnat + 10")
                .contains("ip saddr 10.42.0.0/16 ip daddr 10.42.0.0/16 return")
                .contains("ip saddr 10.42.0.0/16 masquerade fully-random");
        assertThat(text.indexOf("daddr 10.42.0.0/16 return")).isLessThan(text.indexOf("masquerade"));
    }

    @Test
    void theIpv6TableMirrorsIt() {
        String text = String.join("\n", new NftTransaction()
                .replaceTable(MasqueradeRules.compute(Family.IP6, Cidr.parse("fd42::/32"))).lines());
        assertThat(text).contains("table ip6 reseau-cni").contains("ip6 saddr fd42::/32 ip6 daddr fd42::/32 return")
                .contains("ip6 saddr fd42::/32 masquerade fully-random");
    }
}
