package io.reseau.proxy.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.NftTransaction;
import io.reseau.hostnet.nft.Table;
import io.reseau.hostnet.nft.TableDiff;
import io.reseau.proxy.model.Endpoint;
import io.reseau.proxy.model.Protocol;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import io.reseau.proxy.model.ServicePortName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules remembered from one sync to the next give the table a fresh computation gives, at the cost of the change. */
class ProxyRulesTest {

    private static final ProxyRules.Settings SETTINGS = new ProxyRules.Settings("n1", Map.of(Family.IP, "10.42.0.0/16"));

    @Test
    void rememberedRulesGiveTheSameTableAsAFreshComputation() {
        List<ServicePortEndpoints> ports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ports.add(port(i, 2 + i % 3, i % 10 == 0 ? Optional.of(Duration.ofMinutes(5)) : Optional.empty(), i % 7 == 0));
        }
        ProxyRules remembering = new ProxyRules(Family.IP, SETTINGS);
        remembering.compute(ports);

        ports.set(3, port(3, 4, Optional.empty(), false));
        ports.set(10, port(10, 1, Optional.of(Duration.ofMinutes(9)), false));
        ports.remove(20);
        ports.add(port(99, 0, Optional.empty(), false));

        assertThat(text(remembering.compute(ports))).isEqualTo(text(ProxyRules.compute(ports, Family.IP, SETTINGS)));
    }

    @Test
    void oneChangedPortIsAChangeOfThatPortsElementsOnly() {
        List<ServicePortEndpoints> ports = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ports.add(port(i, 3, Optional.empty(), false));
        }
        ProxyRules rules = new ProxyRules(Family.IP, SETTINGS);
        Table before = rules.compute(ports);
        ports.set(500, port(500, 2, Optional.empty(), false));
        Table after = rules.compute(ports);

        assertThat(TableDiff.between(before, after).orElseThrow().lines()).as("the first port with 2 endpoints")
                .containsExactly(
                        "add chain ip reseau-proxy backends-2",
                        "delete element ip reseau-proxy service-ips { 10.43.1.244 . tcp . 80 }",
                        "add element ip reseau-proxy service-ips { 10.43.1.244 . tcp . 80 : goto backends-2 }",
                        "delete element ip reseau-proxy backends { 10.43.1.244 . tcp . 80 . 2 }",
                        "add rule ip reseau-proxy backends-2 ip saddr != 10.42.0.0/16 meta mark set meta mark | 0x00004000",
                        "add rule ip reseau-proxy backends-2 dnat ip to ip daddr . meta l4proto . th dport . numgen random mod 2 map @backends");
        ports.set(501, port(501, 2, Optional.empty(), false));
        assertThat(TableDiff.between(after, rules.compute(ports)).orElseThrow().lines()).as("the next one")
                .containsExactly(
                        "delete element ip reseau-proxy service-ips { 10.43.1.245 . tcp . 80 }",
                        "add element ip reseau-proxy service-ips { 10.43.1.245 . tcp . 80 : goto backends-2 }",
                        "delete element ip reseau-proxy backends { 10.43.1.245 . tcp . 80 . 2 }");
    }

    private static ServicePortEndpoints port(int index, int endpoints, Optional<Duration> affinity, boolean local) {
        String clusterIP = "10.43." + index / 256 + "." + index % 256;
        ServicePort port = new ServicePort(new ServicePortName("default", "svc-" + index, "http"), Protocol.TCP, 80,
                List.of(clusterIP), List.of(), List.of(), local ? 30_000 + index : 0, local, false, affinity, 0);
        List<Endpoint> backends = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            backends.add(new Endpoint("10.42." + e + "." + (index % 250 + 1), 8080, e == 0 ? "n1" : "n2", true, true, false));
        }
        return new ServicePortEndpoints(port, backends);
    }

    private static List<String> text(Table table) {
        return new NftTransaction().replaceTable(table).lines();
    }
}
