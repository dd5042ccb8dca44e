package io.reseau.hostnet.nft;

import static io.reseau.hostnet.nft.Selector.concat;
import static io.reseau.hostnet.nft.Selector.daddr;
import static io.reseau.hostnet.nft.Selector.dport;
import static io.reseau.hostnet.nft.Selector.l4proto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.TcpProbe;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.hostnet.testing.TwoHosts;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NetnsExtension.class)
class NftablesTest {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @Test
    void aTableIsAppliedAndReadBackAsTheKernelHoldsIt(ThrowawayNamespaces netns) {
        Table table = servicesTable(Map.of("10.43.0.1 . tcp . 80", "goto svc-a", "10.43.0.2 . udp . 53", "drop"));
        try (Nftables nft = netns.createNetwork("nft").nftables()) {
            nft.apply(new NftTransaction().replaceTable(table));

            TableState state = nft.table(Family.IP, "reseau-test").orElseThrow();
            assertThat(state.differencesFrom(table)).isEmpty();
            assertThat(state.maps().get("service-ips")).containsExactlyInAnyOrderEntriesOf(
                    Map.of("10.43.0.1 . tcp . 80", "goto svc-a", "10.43.0.2 . udp . 53", "drop"));
            assertThat(state.chains().get("services").hook()).contains("prerouting");
            assertThat(state.chains().get("svc-a").rules()).isEqualTo(1);
            assertThat(nft.table(Family.IP, "no-such-table")).isEmpty();
        }
    }

    @Test
    void replacingATableSwapsItsWholeContentAndLeavesOtherTablesAlone(ThrowawayNamespaces netns) {
        try (Nftables nft = netns.createNetwork("nft").nftables()) {
            Table neighbour = new Table(Family.INET, "someone-else",
                    List.of(Chain.regular("keep", List.of(Rule.when().accept()))), List.of(), List.of());
            nft.apply(new NftTransaction().replaceTable(neighbour));
            nft.apply(new NftTransaction().replaceTable(servicesTable(Map.of("10.43.0.1 . tcp . 80", "goto svc-a"))));

            Table next = new Table(Family.IP, "reseau-test",
                    List.of(Chain.regular("svc-b", List.of(Rule.when().counter().accept(), Rule.when().drop()))),
                    List.of(), List.of());
            nft.apply(new NftTransaction().replaceTable(next));

            TableState state = nft.table(Family.IP, "reseau-test").orElseThrow();
            assertThat(state.chains()).containsOnlyKeys("svc-b");
            assertThat(state.maps()).isEmpty();
            assertThat(state.differencesFrom(next)).isEmpty();
            assertThat(nft.table(Family.INET, "someone-else").orElseThrow().differencesFrom(neighbour)).isEmpty();
        }
    }

    @Test
    void elementsAreAddedAndRemovedWithoutTouchingTheRest(ThrowawayNamespaces netns) {
        NftSet blocked = NftSet.of("blocked", "ipv4_addr", List.of("192.0.2.1"));
        NftMap ports = NftMap.verdicts("ports", "inet_proto . inet_service", Map.of("tcp . 80", "accept"));
        try (Nftables nft = netns.createNetwork("nft").nftables()) {
            nft.apply(new NftTransaction().replaceTable(
                    new Table(Family.IP, "reseau-test", List.of(), List.of(blocked), List.of(ports))));

            nft.apply(new NftTransaction()
                    .addElements(Family.IP, "reseau-test", blocked, List.of("192.0.2.2", "192.0.2.3"))
                    .deleteElements(Family.IP, "reseau-test", blocked, List.of("192.0.2.1"))
                    .addMapElements(Family.IP, "reseau-test", ports, Map.of("udp . 53", "drop"))
                    .deleteMapElements(Family.IP, "reseau-test", ports, List.of("tcp . 80")));

            TableState state = nft.table(Family.IP, "reseau-test").orElseThrow();
            assertThat(state.sets().get("blocked")).containsExactlyInAnyOrder("192.0.2.2", "192.0.2.3");
            assertThat(state.maps().get("ports")).containsExactly(Map.entry("udp . 53", "drop"));
        }
    }

    @Test
    void tensOfThousandsOfElementsGoInOneTransactionAndComeBack(ThrowawayNamespaces netns) {
        Map<String, String> services = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            services.put("10.43." + i / 256 + "." + i % 256 + " . tcp . 80", "goto svc-a");
        }
        Table table = servicesTable(services);
        try (Nftables nft = netns.createNetwork("nft").nftables()) {
            nft.apply(new NftTransaction().replaceTable(table));

            TableState state = nft.table(Family.IP, "reseau-test").orElseThrow();
            assertThat(state.differencesFrom(table)).isEmpty();
            assertThat(state.maps().get("service-ips")).hasSize(20_000).containsEntry("10.43.78.31 . tcp . 80", "goto svc-a");
        }
    }

    @Test
    void aRefusedTransactionChangesNothingAndNamesTheOffendingLine(ThrowawayNamespaces netns) throws Exception {
        TwoHosts hosts = TwoHosts.connected(netns);
        try (Nftables nft = hosts.right().nftables()) {
            Table good = firewall(Rule.when().is(l4proto(), "tcp").is(dport(), "81").rejectWithTcpReset());
            nft.apply(new NftTransaction().replaceTable(good));

            NftTransaction broken = new NftTransaction().replaceTable(new Table(Family.IP, "reseau-test",
                    List.of(Chain.base("input", Hook.of("filter", "input", "filter"), List.of(
                            Rule.when().is(l4proto(), "tcp").is(dport(), "82").accept(),
                            Rule.when().is(l4proto(), "tcp").is(dport(), "83").jump("no-such-chain"),
                            Rule.when().is(l4proto(), "tcp").is(dport(), "84").accept()))),
                    List.of(), List.of()));
            NftablesException refused = catchThrowableOfType(NftablesException.class, () -> nft.apply(broken));

            assertThat(refused.errors()).hasSize(1);
            NftablesException.LineError error = refused.errors().getFirst();
            assertThat(error.text()).isEqualTo(
                    "add rule ip reseau-test input tcp dport 83 jump no-such-chain");
            assertThat(broken.lines().get(error.line() - 1)).isEqualTo(error.text());
            assertThat(error.message()).contains("No such file or directory");
            assertThat(refused).hasMessageContaining("nothing was applied").hasMessageContaining("no-such-chain");
            assertThat(nft.table(Family.IP, "reseau-test").orElseThrow().differencesFrom(good)).isEmpty();
        }
        try (TcpProbe ignored = TcpProbe.serve(hosts.right().namespace(), TwoHosts.RIGHT_IP, 81, "81")) {
            assertThatThrownBy(() -> TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 81, QUICK))
                    .as("the old ruleset still rejects port 81")
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void rulesInTheKernelActOnRealPackets(ThrowawayNamespaces netns) throws Exception {
        TwoHosts hosts = TwoHosts.connected(netns);
        HostNetwork server = hosts.right();
        try (TcpProbe web = TcpProbe.serve(server.namespace(), TwoHosts.RIGHT_IP, 80, "port 80");
                TcpProbe admin = TcpProbe.serve(server.namespace(), TwoHosts.RIGHT_IP, 81, "port 81");
                Nftables nft = server.nftables()) {
            nft.apply(new NftTransaction().replaceTable(firewall(
                    Rule.when().is(l4proto(), "tcp").is(dport(), "81").rejectWithTcpReset())));

            assertThat(TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 80, QUICK)).isEqualTo("port 80");
            assertThatThrownBy(() -> TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 81, QUICK))
                    .isInstanceOf(ConnectException.class);

            nft.apply(new NftTransaction().replaceTable(firewall(
                    Rule.when().is(l4proto(), "tcp").is(dport(), "80").rejectWithTcpReset())));

            assertThat(TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 81, QUICK)).isEqualTo("port 81");
            assertThatThrownBy(() -> TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 80, QUICK))
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static Table firewall(Rule rule) {
        return new Table(Family.IP, "reseau-test",
                List.of(Chain.base("input", Hook.of("filter", "input", "filter"), List.of(rule))), List.of(), List.of());
    }

    private static Table servicesTable(Map<String, String> services) {
        return new Table(Family.IP, "reseau-test",
                List.of(Chain.base("services", Hook.of("nat", "prerouting", "dstnat"),
                                List.of(Rule.when().vmap(concat(daddr(Family.IP), l4proto(), dport()), "service-ips"))),
                        Chain.regular("svc-a", List.of(Rule.when().counter().accept()))),
                List.of(),
                List.of(NftMap.verdicts("service-ips", "ipv4_addr . inet_proto . inet_service", services)));
    }
}
