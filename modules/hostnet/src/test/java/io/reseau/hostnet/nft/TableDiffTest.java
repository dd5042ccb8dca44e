package io.reseau.hostnet.nft;

import static io.reseau.hostnet.nft.Selector.concat;
import static io.reseau.hostnet.nft.Selector.daddr;
import static io.reseau.hostnet.nft.Selector.dport;
import static io.reseau.hostnet.nft.Selector.l4proto;
import static io.reseau.hostnet.nft.Selector.saddr;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NetnsExtension.class)
class TableDiffTest {

    private static final String SERVICE_KEY = "ipv4_addr . inet_proto . inet_service";

    @Test
    void aDiffTurnsTheKernelsTableIntoTheDesiredOneAndKeepsDynamicSets(ThrowawayNamespaces netns) {
        Table before = table(Map.of("10.43.0.1 . tcp . 80", "goto lb-2", "10.43.0.2 . tcp . 80", "goto lb-2"),
                List.of("lb-2", "old-chain"), List.of("10.43.0.1", "10.43.0.2"), true);
        Table after = table(Map.of("10.43.0.1 . tcp . 80", "goto lb-3", "10.43.0.3 . udp . 53", "goto new-chain"),
                List.of("lb-3", "new-chain"), List.of("10.43.0.1", "10.43.0.3"), false);

        try (Nftables nft = netns.createNetwork("diff").nftables()) {
            nft.apply(new NftTransaction().replaceTable(before));
            nft.apply(new NftTransaction().addElements(Family.IP, "reseau-test",
                    NftSet.dynamic("affinity", "ipv4_addr", Duration.ofHours(1)), List.of("192.0.2.7")));

            nft.apply(TableDiff.between(before, after).orElseThrow());

            TableState state = nft.table(Family.IP, "reseau-test").orElseThrow();
            assertThat(state.differencesFrom(after)).isEmpty();
            assertThat(state.maps().get("service-ips")).containsExactlyInAnyOrderEntriesOf(after.maps().getFirst().elements());
            assertThat(state.sets().get("cluster-ips")).containsExactlyInAnyOrder("10.43.0.1", "10.43.0.3");
            assertThat(state.chains()).doesNotContainKeys("old-chain", "lb-2");
            assertThat(state.sets().get("affinity")).as("what the packet path learned stays").containsExactly("192.0.2.7");
        }
    }

    @Test
    void oneChangedEntryOfALargeMapIsASmallTransaction() {
        Map<String, String> services = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            services.put("10.43." + i / 256 + "." + i % 256 + " . tcp . 80", "goto lb-2");
        }
        Table before = table(services, List.of("lb-2"), List.of(), false);
        Map<String, String> changed = new LinkedHashMap<>(services);
        changed.put("10.43.0.7 . tcp . 80", "drop");
        Table after = table(changed, List.of("lb-2"), List.of(), false);

        assertThat(TableDiff.between(before, after).orElseThrow().lines()).containsExactly(
                "delete element ip reseau-test service-ips { 10.43.0.7 . tcp . 80 }",
                "add element ip reseau-test service-ips { 10.43.0.7 . tcp . 80 : drop }");
        assertThat(TableDiff.between(after, after).orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void groupsThatAreTheSameObjectAreSkippedAndAKeyMayMoveBetweenGroups(ThrowawayNamespaces netns) {
        KeyType key = KeyType.named(SERVICE_KEY);
        ElementGroup web = ElementGroup.ofEntries(key, Optional.empty(), Map.of("10.43.0.1 . tcp . 80", "accept"));
        ElementGroup dns = ElementGroup.ofEntries(key, Optional.empty(), Map.of("10.43.0.10 . udp . 53", "accept"));
        ElementGroup oldApi = ElementGroup.ofEntries(key, Optional.empty(), Map.of("10.43.0.2 . tcp . 443", "accept"));
        ElementGroup newApi = ElementGroup.ofEntries(key, Optional.empty(), Map.of("10.43.0.3 . tcp . 443", "accept"));
        ElementGroup dnsNowWithTheOldApiAddress = ElementGroup.ofEntries(key, Optional.empty(),
                Map.of("10.43.0.10 . udp . 53", "accept", "10.43.0.2 . tcp . 443", "drop"));
        Table before = groupedTable(Map.of("web", web, "dns", dns, "api", oldApi));
        Table after = groupedTable(Map.of("web", web, "dns", dnsNowWithTheOldApiAddress, "api", newApi));

        NftTransaction diff = TableDiff.between(before, after).orElseThrow();
        assertThat(diff.lines()).containsExactly(
                "delete element ip reseau-test service-ips { 10.43.0.2 . tcp . 443 }",
                "add element ip reseau-test service-ips { 10.43.0.3 . tcp . 443 : accept, 10.43.0.2 . tcp . 443 : drop }");

        try (Nftables nft = netns.createNetwork("groups").nftables()) {
            nft.apply(new NftTransaction().replaceTable(before));
            nft.apply(diff);
            assertThat(nft.table(Family.IP, "reseau-test").orElseThrow().maps().get("service-ips"))
                    .containsExactlyInAnyOrderEntriesOf(after.maps().getFirst().elements());
        }
    }

    @Test
    void aChangedHookOrSetTypeNeedsAFullReplace() {
        Table before = table(Map.of(), List.of("lb-2"), List.of(), false);
        Table retyped = new Table(Family.IP, "reseau-test", before.chains(),
                List.of(NftSet.of("cluster-ips", "ipv4_addr . inet_service", List.of())), before.maps());

        assertThat(TableDiff.between(before, retyped)).isEmpty();
    }

    private static Table groupedTable(Map<String, ElementGroup> groups) {
        Map<String, ElementGroup> ordered = new java.util.TreeMap<>(groups);
        return new Table(Family.IP, "reseau-test", List.of(), List.of(),
                List.of(new NftMap("service-ips", KeyType.named(SERVICE_KEY), Optional.empty(), ordered)));
    }

    private static Table table(Map<String, String> services, List<String> chains, List<String> clusterIps,
            boolean withAffinity) {
        List<Chain> all = new java.util.ArrayList<>();
        all.add(Chain.base("services", Hook.of("nat", "prerouting", "dstnat"), List.of(
                Rule.when().vmap(concat(daddr(Family.IP), l4proto(), dport()), "service-ips"))));
        chains.forEach(name -> all.add(Chain.regular(name, List.of(Rule.when().in(saddr(Family.IP), "affinity").accept(),
                Rule.when().counter().accept()))));
        return new Table(Family.IP, "reseau-test", all,
                List.of(NftSet.of("cluster-ips", "ipv4_addr", clusterIps),
                        NftSet.dynamic("affinity", "ipv4_addr", Duration.ofHours(1))),
                List.of(NftMap.verdicts("service-ips", SERVICE_KEY, services)));
    }
}
