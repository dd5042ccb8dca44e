package io.reseau.hostnet.nft;

import static io.reseau.hostnet.nft.Selector.concat;
import static io.reseau.hostnet.nft.Selector.daddr;
import static io.reseau.hostnet.nft.Selector.dport;
import static io.reseau.hostnet.nft.Selector.l4proto;
import static io.reseau.hostnet.nft.Selector.randomSlot;
import static io.reseau.hostnet.nft.Selector.saddr;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every rule shape reseau uses, encoded by us over netlink, is what nft reads back: {@code nft list} prints the
 * rule's text. nft decodes the kernel's objects, so this checks the encoding against nft's own understanding.
 */
@ExtendWith(NetnsExtension.class)
class RuleEncodingTest {

    @Test
    void ipv4RulesListAsTheirText(ThrowawayNamespaces netns) {
        assertRulesListAsText(netns, Family.IP, "10.42.0.0/16", "10.42.1.5", "127.0.0.0/8",
                "ipv4_addr . inet_proto . inet_service", "ipv4_addr . inet_service", "ipv4_addr");
    }

    @Test
    void ipv6RulesListAsTheirText(ThrowawayNamespaces netns) {
        assertRulesListAsText(netns, Family.IP6, "fd42::/48", "fd42::1:5", "::1/128",
                "ipv6_addr . inet_proto . inet_service", "ipv6_addr . inet_service", "ipv6_addr");
    }

    private static void assertRulesListAsText(ThrowawayNamespaces netns, Family family, String podCidr, String podIp,
            String loopback, String serviceKey, String destination, String address) {
        Selector service = concat(daddr(family), l4proto(), dport());
        Map<String, List<Rule>> rulesByChain = new LinkedHashMap<>();
        rulesByChain.put("filter-pre", List.of(
                Rule.when().ctState(Rule.CtState.NEW).in(service, "no-endpoints").reject(family),
                Rule.when().ctState(Rule.CtState.NEW).fibDaddrLocal().in(concat(l4proto(), dport()), "no-endpoint-ports")
                        .reject(family),
                Rule.when().is(l4proto(), "tcp").is(dport(), "81").rejectWithTcpReset(),
                Rule.when().ctState(Rule.CtState.ESTABLISHED, Rule.CtState.RELATED).accept(),
                Rule.when().is(Selector.iifname(), "eth0").isNot(Selector.oifname(), "br0").accept(),
                Rule.when().notIn(saddr(family), "cluster-ips").drop()));
        rulesByChain.put("nat-pre", List.of(
                Rule.when().vmap(service, "service-ips"),
                Rule.when().notInPrefix(daddr(family), loopback).fibDaddrLocal().vmap(concat(l4proto(), dport()), "node-ports"),
                Rule.when().notInPrefix(saddr(family), podCidr).in(daddr(family), "cluster-ips")
                        .setMarkBits(0x4000).jump("lb-3"),
                Rule.when().fibSaddrLocal().vmap(service, "service-ips"),
                Rule.when().notInPrefix(saddr(family), podCidr).setMarkBits(0x4000).andContinue()));
        rulesByChain.put("lb-3", List.of(
                Rule.when().in(saddr(family), "affinity").goTo("endpoint"),
                Rule.when().dnatToMapped(family, concat(daddr(family), l4proto(), dport(), randomSlot(3)), "backends")));
        rulesByChain.put("endpoint", List.of(
                Rule.when().updateSet("affinity", saddr(family), Duration.ofHours(3)).is(l4proto(), "tcp")
                        .dnatTo(family, podIp, 8080)));
        rulesByChain.put("nat-post", List.of(
                Rule.when().markLacks(0x4000).returns(),
                Rule.when().toggleMarkBits(0x4000).counter().masquerade(true),
                Rule.when().ctStatusDnat().in(concat(saddr(family), daddr(family)), "hairpin").masquerade(false),
                Rule.when().inPrefix(saddr(family), podCidr).accept()));

        List<Chain> chains = new ArrayList<>();
        chains.add(Chain.base("filter-pre", Hook.of("filter", "prerouting", "dstnat - 10"), rulesByChain.get("filter-pre")));
        chains.add(Chain.base("nat-pre", Hook.of("nat", "prerouting", "dstnat"), rulesByChain.get("nat-pre")));
        chains.add(Chain.base("nat-post", Hook.of("nat", "postrouting", "srcnat"), rulesByChain.get("nat-post")));
        chains.add(Chain.regular("lb-3", rulesByChain.get("lb-3")));
        chains.add(Chain.regular("endpoint", rulesByChain.get("endpoint")));
        Table table = new Table(family, "reseau-test", chains,
                List.of(NftSet.of("no-endpoints", serviceKey, List.of()),
                        NftSet.of("no-endpoint-ports", "inet_proto . inet_service", List.of()),
                        NftSet.of("cluster-ips", address, List.of()),
                        NftSet.of("hairpin", address + " . " + address, List.of()),
                        NftSet.dynamic("affinity", address, Duration.ofHours(3))),
                List.of(NftMap.verdicts("service-ips", serviceKey, Map.of()),
                        NftMap.verdicts("node-ports", "inet_proto . inet_service", Map.of()),
                        NftMap.data("backends", serviceKey + " . mark", destination, Map.of())));

        HostNetwork node = netns.createNetwork("rules");
        try (Nftables nft = node.nftables()) {
            nft.apply(new NftTransaction().replaceTable(table));
        }

        Map<String, List<String>> listed = NftListing.rulesByChain(
                node.commands().check("nft", "list", "table", family.keyword(), "reseau-test"));
        rulesByChain.forEach((chain, rules) ->
                assertThat(listed.get(chain)).as("chain " + chain).containsExactlyElementsOf(
                        rules.stream().map(Rule::text).toList()));
        assertThat(Optional.of(listed)).isPresent();
    }
}
