package io.reseau.hostnet.nft;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NetnsExtension.class)
class NftablesTest {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @Test
    void aTableIsAppliedAndReadBackAsTheKernelHoldsIt(ThrowawayNamespaces netns) {
        Nftables nft = netns.createNetwork("nft").nftables();
        Table table = servicesTable(Map.of("10.43.0.1 . tcp . 80", "goto svc-a", "10.43.0.2 . udp . 53", "drop"));

        nft.apply(new NftTransaction().replaceTable(table));

        TableState state = nft.table(Family.IP, "reseau-test").orElseThrow();
        assertThat(state.differencesFrom(table)).isEmpty();
        assertThat(state.maps().get("service-ips")).containsExactlyInAnyOrderEntriesOf(
                Map.of("10.43.0.1 . tcp . 80", "goto svc-a", "10.43.0.2 . udp . 53", "drop"));
        assertThat(state.chains().get("services").hook()).contains("prerouting");
        assertThat(state.chains().get("svc-a").rules()).isEqualTo(1);
    }

    @Test
    void replacingATableSwapsItsWholeContentAndLeavesOtherTablesAlone(ThrowawayNamespaces netns) {
        Nftables nft = netns.createNetwork("nft").nftables();
        Table neighbour = new Table(Family.INET, "someone-else", List.of(Chain.regular("keep", List.of("accept"))),
                List.of(), List.of());
        nft.apply(new NftTransaction().replaceTable(neighbour));
        nft.apply(new NftTransaction().replaceTable(servicesTable(Map.of("10.43.0.1 . tcp . 80", "goto svc-a"))));

        Table next = new Table(Family.IP, "reseau-test",
                List.of(Chain.regular("svc-b", List.of("counter", "accept"))), List.of(), List.of());
        nft.apply(new NftTransaction().replaceTable(next));

        TableState state = nft.table(Family.IP, "reseau-test").orElseThrow();
        assertThat(state.chains()).containsOnlyKeys("svc-b");
        assertThat(state.maps()).isEmpty();
        assertThat(state.differencesFrom(next)).isEmpty();
        assertThat(nft.table(Family.INET, "someone-else").orElseThrow().differencesFrom(neighbour)).isEmpty();
    }

    @Test
    void elementsAreAddedAndRemovedWithoutTouchingTheRest(ThrowawayNamespaces netns) {
        Nftables nft = netns.createNetwork("nft").nftables();
        Table table = new Table(Family.IP, "reseau-test", List.of(),
                List.of(NftSet.of("blocked", "ipv4_addr", List.of("192.0.2.1"))), List.of());
        nft.apply(new NftTransaction().replaceTable(table));

        nft.apply(new NftTransaction().addElements(Family.IP, "reseau-test", "blocked", List.of("192.0.2.2", "192.0.2.3")));
        nft.apply(new NftTransaction().deleteElements(Family.IP, "reseau-test", "blocked", List.of("192.0.2.1")));

        assertThat(nft.table(Family.IP, "reseau-test").orElseThrow().sets().get("blocked"))
                .containsExactlyInAnyOrder("192.0.2.2", "192.0.2.3");
    }

    @Test
    void aRefusedTransactionChangesNothingAndNamesTheOffendingLine(ThrowawayNamespaces netns) throws Exception {
        TwoHosts hosts = TwoHosts.connected(netns);
        Nftables nft = hosts.right().nftables();
        Table good = firewall("tcp dport 81 reject with tcp reset");
        nft.apply(new NftTransaction().replaceTable(good));

        NftTransaction broken = new NftTransaction().replaceTable(new Table(Family.INET, "reseau-test",
                List.of(Chain.base("input", Hook.of("filter", "input", "filter"),
                        List.of("tcp dport 82 accept", "tcp dport 83 frobnicate", "tcp dport 84 accept"))),
                List.of(), List.of()));
        NftablesException refused = catchThrowableOfType(NftablesException.class,
                () -> nft.apply(broken));

        assertThat(refused.errors()).hasSize(1);
        NftablesException.LineError error = refused.errors().getFirst();
        assertThat(error.text()).isEqualTo("add rule inet reseau-test input tcp dport 83 frobnicate");
        assertThat(broken.lines().get(error.line() - 1)).isEqualTo(error.text());
        assertThat(refused).hasMessageContaining("nothing was applied").hasMessageContaining("frobnicate");
        assertThat(nft.table(Family.INET, "reseau-test").orElseThrow().differencesFrom(good)).isEmpty();
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
                TcpProbe admin = TcpProbe.serve(server.namespace(), TwoHosts.RIGHT_IP, 81, "port 81")) {
            server.nftables().apply(new NftTransaction().replaceTable(firewall("tcp dport 81 reject with tcp reset")));

            assertThat(TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 80, QUICK)).isEqualTo("port 80");
            assertThatThrownBy(() -> TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 81, QUICK))
                    .isInstanceOf(ConnectException.class);

            server.nftables().apply(new NftTransaction().replaceTable(firewall("tcp dport 80 reject with tcp reset")));

            assertThat(TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 81, QUICK)).isEqualTo("port 81");
            assertThatThrownBy(() -> TcpProbe.connect(hosts.left().namespace(), TwoHosts.RIGHT_IP, 80, QUICK))
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static Table firewall(String rule) {
        return new Table(Family.INET, "reseau-test",
                List.of(Chain.base("input", Hook.of("filter", "input", "filter"), List.of(rule))), List.of(), List.of());
    }

    private static Table servicesTable(Map<String, String> services) {
        return new Table(Family.IP, "reseau-test",
                List.of(Chain.base("services", Hook.of("nat", "prerouting", "dstnat"),
                                List.of("ip daddr . meta l4proto . th dport vmap @service-ips")),
                        Chain.regular("svc-a", List.of("counter accept"))),
                List.of(),
                List.of(NftMap.of("service-ips", "ipv4_addr . inet_proto . inet_service", "verdict", services)));
    }
}
