package io.reseau.proxy.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.hostnet.nft.Chain;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.Rule;
import io.reseau.hostnet.nft.Table;
import io.reseau.hostnet.nft.TableDiff;
import io.reseau.proxy.model.Endpoint;
import io.reseau.proxy.model.Protocol;
import io.reseau.proxy.model.ServiceChanges;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import io.reseau.proxy.model.ServicePortName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Rules kept from change to change make the table a fresh computation makes, and a change costs its own ports. */
class ProxyRulesTest {

    private static final ProxyRules.Settings SETTINGS = new ProxyRules.Settings("n1", Map.of(Family.IP, "10.42.0.0/16"));

    @Test
    void rulesKeptAcrossPartialChangesMakeTheTableAFreshComputationMakes() {
        Map<String, List<ServicePortEndpoints>> services = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            services.put(key(i), List.of(port(i, 2 + i % 3, i % 10 == 0 ? Optional.of(Duration.ofMinutes(5)) : Optional.empty(),
                    i % 7 == 0)));
        }
        ProxyRules kept = new ProxyRules(Family.IP, SETTINGS);
        kept.apply(new ServiceChanges(true, services));

        Map<String, List<ServicePortEndpoints>> changes = new LinkedHashMap<>();
        changes.put(key(3), List.of(port(3, 4, Optional.empty(), false)));
        changes.put(key(10), List.of(port(10, 1, Optional.of(Duration.ofMinutes(9)), false)));
        changes.put(key(14), List.of(port(14, 0, Optional.empty(), true)));
        changes.put(key(20), List.of());
        changes.put(key(99), List.of(port(99, 0, Optional.empty(), false)));
        kept.apply(new ServiceChanges(false, changes));
        services.putAll(changes);

        List<ServicePortEndpoints> all = services.values().stream().flatMap(List::stream).toList();
        assertThat(content(kept.table())).isEqualTo(content(ProxyRules.compute(all, Family.IP, SETTINGS)));
        assertThat(kept.ports()).isEqualTo(all.size());
    }

    @Test
    void aPartialChangeIsADiffOfTheChangedPortsOnly() {
        Map<String, List<ServicePortEndpoints>> services = new LinkedHashMap<>();
        for (int i = 0; i < 1_000; i++) {
            services.put(key(i), List.of(port(i, 3, Optional.empty(), false)));
        }
        ProxyRules rules = new ProxyRules(Family.IP, SETTINGS);
        rules.apply(new ServiceChanges(true, services));

        ProxyRules.TableChange first = rules.apply(new ServiceChanges(false, Map.of(key(500), List.of(port(500, 2, Optional.empty(), false)))));
        assertThat(TableDiff.between(first.before().orElseThrow(), first.after()).orElseThrow().lines())
                .as("the first port with 2 endpoints brings their shared chain").containsExactly(
                        "add chain ip reseau-proxy backends-2",
                        "delete element ip reseau-proxy service-ips { 10.43.1.244 . tcp . 80 }",
                        "add element ip reseau-proxy service-ips { 10.43.1.244 . tcp . 80 : goto backends-2 }",
                        "delete element ip reseau-proxy backends { 10.43.1.244 . tcp . 80 . 2 }",
                        "add rule ip reseau-proxy backends-2 ip saddr != 10.42.0.0/16 meta mark set meta mark | 0x00004000",
                        "add rule ip reseau-proxy backends-2 dnat ip to ip daddr . meta l4proto . th dport . numgen random mod 2 map @backends");

        ProxyRules.TableChange second = rules.apply(new ServiceChanges(false, Map.of(key(501), List.of(port(501, 2, Optional.empty(), false)))));
        assertThat(TableDiff.between(second.before().orElseThrow(), second.after()).orElseThrow().lines()).as("the next one")
                .containsExactly(
                        "delete element ip reseau-proxy service-ips { 10.43.1.245 . tcp . 80 }",
                        "add element ip reseau-proxy service-ips { 10.43.1.245 . tcp . 80 : goto backends-2 }",
                        "delete element ip reseau-proxy backends { 10.43.1.245 . tcp . 80 . 2 }");

        ProxyRules.TableChange gone = rules.apply(new ServiceChanges(false, Map.of(key(500), List.of(), key(501), List.of())));
        assertThat(TableDiff.between(gone.before().orElseThrow(), gone.after()).orElseThrow().lines())
                .as("the last users of a shared chain are gone: so is the chain").contains(
                        "flush chain ip reseau-proxy backends-2", "delete chain ip reseau-proxy backends-2");
    }

    private static String key(int index) {
        return "default/svc-" + index;
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

    /** What a table holds, whatever the order it was built in. */
    private static Map<String, Object> content(Table table) {
        Map<String, Object> content = new TreeMap<>();
        for (Chain chain : table.chains()) {
            content.put("chain " + chain.name() + chain.hook().map(h -> " " + h).orElse(""),
                    chain.rules().stream().map(Rule::text).toList());
        }
        table.sets().forEach(set -> content.put("set " + set.name() + " " + set.key(), new TreeSet<>(set.elements())));
        table.maps().forEach(map -> content.put("map " + map.name() + " " + map.key(), new TreeMap<>(map.elements())));
        return content;
    }
}
