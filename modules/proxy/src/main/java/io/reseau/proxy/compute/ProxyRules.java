package io.reseau.proxy.compute;

import static io.reseau.hostnet.nft.Selector.concat;
import static io.reseau.hostnet.nft.Selector.daddr;
import static io.reseau.hostnet.nft.Selector.dport;
import static io.reseau.hostnet.nft.Selector.l4proto;
import static io.reseau.hostnet.nft.Selector.randomSlot;
import static io.reseau.hostnet.nft.Selector.saddr;

import io.reseau.hostnet.nft.Chain;
import io.reseau.hostnet.nft.DataType;
import io.reseau.hostnet.nft.ElementGroup;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.Hook;
import io.reseau.hostnet.nft.KeyType;
import io.reseau.hostnet.nft.NftMap;
import io.reseau.hostnet.nft.NftSet;
import io.reseau.hostnet.nft.Rule;
import io.reseau.hostnet.nft.Selector;
import io.reseau.hostnet.nft.Table;
import io.reseau.proxy.model.ServiceChanges;
import io.reseau.proxy.model.ServicePortEndpoints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole {@code reseau-proxy} table of one address family, computed from the Service ports. No I/O.
 *
 * <p>Packet cost does not grow with the number of Services: a packet to a Service is one lookup in a verdict map
 * keyed by {@code address . protocol . port} (node ports by {@code protocol . port} on any local address), which
 * sends it to a chain shared by every Service with the same number of endpoints; that chain picks a random slot
 * and rewrites the destination from one map keyed by {@code address . protocol . port . slot}. Only Services
 * with ClientIP affinity get chains of their own (per endpoint, as kube-proxy does). See docs/proxy.md.
 *
 * <p>Sync cost does not grow with the number of Services either: the rules are kept per Service port
 * ({@link PortRules}, elements checked and encoded once, one element group per port in each map), and a partial
 * change is answered with the part of the table the changed Services make, before and after: a diff of the
 * changed ports only.
 */
public final class ProxyRules {

    public static final String TABLE = "reseau-proxy";
    /** The mark bit meaning "masquerade this connection", as kube-proxy uses it. */
    public static final int MASQUERADE_MARK = 0x4000;

    /** What the ruleset depends on besides the Service ports: this node and the pod network per family. */
    public record Settings(String nodeName, Map<Family, String> clusterCidrs) {
    }

    /** Where a Service's traffic may go, and whether connections from outside the pod network are masqueraded. */
    enum Backends {
        SERVICE("backends", true, true),
        LOCAL_SERVICE("local-backends", true, false),
        NODE_PORT("node-port-backends", false, true),
        LOCAL_NODE_PORT("local-node-port-backends", false, false);

        final String map;
        final boolean byAddress;
        final boolean masquerade;

        Backends(String map, boolean byAddress, boolean masquerade) {
            this.map = map;
            this.byAddress = byAddress;
            this.masquerade = masquerade;
        }
    }

    /** The key and value types of the table's sets and maps in one family. */
    record FamilyTypes(Family family, KeyType address, KeyType serviceKey, KeyType portKey, KeyType destination,
            KeyType hairpin) {
        static final KeyType SLOT = KeyType.named("mark");

        static FamilyTypes of(Family family) {
            String address = family == Family.IP6 ? "ipv6_addr" : "ipv4_addr";
            return new FamilyTypes(family, KeyType.named(address), KeyType.named(address + " . inet_proto . inet_service"),
                    KeyType.named("inet_proto . inet_service"), KeyType.named(address + " . inet_service"),
                    KeyType.named(address + " . " + address));
        }

        KeyType keyOf(String setOrMap) {
            return switch (setOrMap) {
                case "service-ips", "cluster-sourced-ips", "no-endpoint-services" -> serviceKey;
                case "node-ports", "cluster-sourced-node-ports", "no-endpoint-nodeports" -> portKey;
                case "hairpin" -> hairpin;
                default -> backends(setOrMap).byAddress ? concat(serviceKey, SLOT) : concat(portKey, SLOT);
            };
        }

        /** A map's value type; empty for the verdict maps. */
        Optional<KeyType> valueOf(String map) {
            return map.contains("backends") ? Optional.of(destination) : Optional.empty();
        }

        private static Backends backends(String map) {
            for (Backends kind : Backends.values()) {
                if (kind.map.equals(map)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("no set or map named " + map + " in " + TABLE);
        }

        private static KeyType concat(KeyType head, KeyType tail) {
            List<DataType> fields = new ArrayList<>(head.fields());
            fields.addAll(tail.fields());
            return new KeyType(fields);
        }
    }

    private static final List<String> VERDICT_MAPS = List.of("service-ips", "cluster-sourced-ips", "node-ports",
            "cluster-sourced-node-ports");
    private static final List<String> SETS = List.of("no-endpoint-services", "no-endpoint-nodeports");

    /** A part of the table before and after a change: the whole table for a complete change. */
    public record TableChange(Optional<Table> before, Table after) {
    }

    /** One Service port's rules, under the element group name it has in every map and set. */
    private record PortEntry(ServicePortEndpoints port, PortRules rules, String group) {
    }

    private final Settings settings;
    private final FamilyTypes types;
    private final Optional<String> clusterCidr;
    private final Map<String, List<PortEntry>> services = new LinkedHashMap<>();
    private final Map<PortRules.SharedChain, Integer> sharedChainUses = new TreeMap<>();
    private final Map<String, Integer> hairpinUses = new TreeMap<>();
    private ElementGroup hairpin;
    private int ports;

    public ProxyRules(Family family, Settings settings) {
        this.settings = settings;
        this.types = FamilyTypes.of(family);
        this.clusterCidr = Optional.ofNullable(settings.clusterCidrs().get(family));
        this.hairpin = ElementGroup.ofKeys(types.hairpin(), List.of());
    }

    /** The whole table for these ports, computed from nothing remembered. */
    public static Table compute(List<ServicePortEndpoints> ports, Family family, Settings settings) {
        Map<String, List<ServicePortEndpoints>> byService = new LinkedHashMap<>();
        ports.forEach(port -> byService.computeIfAbsent(port.servicePort().name().namespace() + "/"
                + port.servicePort().name().service(), key -> new ArrayList<>()).add(port));
        ProxyRules rules = new ProxyRules(family, settings);
        rules.apply(new ServiceChanges(true, byService));
        return rules.table();
    }

    /**
     * Takes in the changes and says what they do to the table: for a partial change, the part of the table the
     * changed Services make, before and after (with the chains and sets they share with others), which is all a
     * diff needs; for a complete change, the whole table before (if any) and after. The rules of a port that is
     * the very object it was are reused.
     */
    public TableChange apply(ServiceChanges changes) {
        if (changes.complete()) {
            Optional<Table> before = services.isEmpty() ? Optional.empty() : Optional.of(table());
            List.copyOf(services.keySet()).stream().filter(key -> !changes.services().containsKey(key))
                    .forEach(key -> replace(key, List.of()));
            changes.services().forEach(this::replace);
            return new TableChange(before, table());
        }
        Set<String> keys = changes.services().keySet();
        Table before = tableOf(keys);
        changes.services().forEach(this::replace);
        return new TableChange(Optional.of(before), tableOf(keys));
    }

    /** The whole table as it stands. */
    public Table table() {
        return tableOf(services.keySet());
    }

    /** Service ports in the table. */
    public int ports() {
        return ports;
    }

    private void replace(String service, List<ServicePortEndpoints> now) {
        List<PortEntry> before = services.remove(service);
        if (before != null) {
            before.forEach(entry -> count(entry.rules(), -1));
            ports -= before.size();
        }
        if (now.isEmpty()) {
            return;
        }
        List<PortEntry> entries = new ArrayList<>();
        Set<String> groups = new HashSet<>();
        for (ServicePortEndpoints port : now) {
            PortRules rules = before == null ? null : before.stream().filter(entry -> entry.port() == port)
                    .map(PortEntry::rules).findFirst().orElse(null);
            if (rules == null) {
                rules = PortRules.of(port, types, settings);
            }
            entries.add(new PortEntry(port, rules, uniqueGroupName(rules.group(), groups)));
            count(rules, +1);
        }
        services.put(service, entries);
        ports += entries.size();
    }

    /** Keeps the uses of shared chains and of hairpin elements, which outlive any one Service. */
    private void count(PortRules rules, int delta) {
        rules.sharedChains().forEach(chain -> sharedChainUses.merge(chain, delta, (a, b) -> a + b == 0 ? null : a + b));
        boolean hairpinChanged = false;
        for (String element : rules.hairpin()) {
            Integer uses = hairpinUses.merge(element, delta, (a, b) -> a + b == 0 ? null : a + b);
            hairpinChanged |= uses == null || uses == delta;
        }
        if (hairpinChanged) {
            hairpin = ElementGroup.ofKeys(types.hairpin(), List.copyOf(hairpinUses.keySet()));
        }
    }

    /** A port's group name, made unique should a malformed Service repeat a port. */
    private static String uniqueGroupName(String group, Set<String> taken) {
        String name = group;
        for (int repeat = 2; !taken.add(name); repeat++) {
            name = group + "#" + repeat;
        }
        return name;
    }

    /** The table with the ports of these Services only, and every shared chain and the hairpin set. */
    private Table tableOf(Collection<String> keys) {
        Map<String, Map<String, ElementGroup>> groups = new HashMap<>();
        List<Chain> ownChains = new ArrayList<>();
        List<NftSet> ownSets = new ArrayList<>();
        List<NftMap> ownMaps = new ArrayList<>();
        for (String key : keys) {
            for (PortEntry entry : services.getOrDefault(key, List.of())) {
                PortRules rules = entry.rules();
                rules.elements().forEach((name, elements) ->
                        groups.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(entry.group(), elements));
                ownChains.addAll(rules.chains());
                ownSets.addAll(rules.sets());
                ownMaps.addAll(rules.maps());
            }
        }
        return table(groups, sharedChainUses.keySet(), ownChains, ownSets, ownMaps, hairpin);
    }

    private Table table(Map<String, Map<String, ElementGroup>> groups, Set<PortRules.SharedChain> sharedChains,
            List<Chain> ownChains, List<NftSet> ownSets, List<NftMap> ownMaps, ElementGroup hairpin) {
        Family family = types.family();
        Selector serviceKey = concat(daddr(family), l4proto(), dport());
        Selector portKey = concat(l4proto(), dport());
        String loopback = family == Family.IP6 ? "::1/128" : "127.0.0.0/8";
        List<Chain> chains = new ArrayList<>();
        for (String hook : List.of("prerouting", "output")) {
            chains.add(Chain.base("filter-" + hook, Hook.of("filter", hook, "dstnat - 10"), List.of(
                    Rule.when().ctState(Rule.CtState.NEW).in(serviceKey, "no-endpoint-services").reject(family),
                    Rule.when().ctState(Rule.CtState.NEW).fibDaddrLocal().in(portKey, "no-endpoint-nodeports")
                            .reject(family))));
            chains.add(Chain.base("nat-" + hook, Hook.of("nat", hook, "dstnat"), List.of(Rule.when().jump("services"))));
        }
        chains.add(Chain.base("nat-postrouting", Hook.of("nat", "postrouting", "srcnat"),
                List.of(Rule.when().jump("masquerading"))));

        List<Rule> services = new ArrayList<>();
        clusterCidr.ifPresent(cidr -> services.add(
                Rule.when().inPrefix(saddr(family), cidr).vmap(serviceKey, "cluster-sourced-ips")));
        services.add(Rule.when().fibSaddrLocal().vmap(serviceKey, "cluster-sourced-ips"));
        services.add(Rule.when().vmap(serviceKey, "service-ips"));
        clusterCidr.ifPresent(cidr -> services.add(Rule.when().notInPrefix(daddr(family), loopback)
                .inPrefix(saddr(family), cidr).fibDaddrLocal().vmap(portKey, "cluster-sourced-node-ports")));
        services.add(Rule.when().notInPrefix(daddr(family), loopback).fibSaddrLocal().fibDaddrLocal()
                .vmap(portKey, "cluster-sourced-node-ports"));
        services.add(Rule.when().notInPrefix(daddr(family), loopback).fibDaddrLocal().vmap(portKey, "node-ports"));
        chains.add(Chain.regular("services", services));
        chains.add(Chain.regular("masquerading", List.of(
                Rule.when().ctStatusDnat().in(concat(saddr(family), daddr(family)), "hairpin").masquerade(true),
                Rule.when().markLacks(MASQUERADE_MARK).returns(),
                Rule.when().toggleMarkBits(MASQUERADE_MARK).masquerade(true))));
        sharedChains.forEach(chain -> chains.add(Chain.regular(chain.name(), pickEndpoint(chain))));
        chains.addAll(ownChains);

        List<NftSet> sets = new ArrayList<>();
        SETS.forEach(name -> sets.add(NftSet.grouped(name, types.keyOf(name), groups.getOrDefault(name, Map.of()))));
        sets.add(NftSet.grouped("hairpin", types.hairpin(), Map.of("", hairpin)));
        sets.addAll(ownSets);
        List<NftMap> maps = new ArrayList<>();
        VERDICT_MAPS.forEach(name -> maps.add(new NftMap(name, types.keyOf(name), Optional.empty(),
                groups.getOrDefault(name, Map.of()))));
        for (Backends kind : Backends.values()) {
            maps.add(new NftMap(kind.map, types.keyOf(kind.map), types.valueOf(kind.map),
                    groups.getOrDefault(kind.map, Map.of())));
        }
        maps.addAll(ownMaps);
        return new Table(family, TABLE, chains, sets, maps);
    }

    /** The rules of the chain shared by every frontend of one kind with one number of endpoints. */
    private List<Rule> pickEndpoint(PortRules.SharedChain chain) {
        Family family = types.family();
        List<Rule> rules = new ArrayList<>();
        if (chain.kind().masquerade) {
            rules.add(masqueradeOffCluster(family, settings));
        }
        Selector key = chain.kind().byAddress
                ? concat(daddr(family), l4proto(), dport(), randomSlot(chain.endpoints()))
                : concat(l4proto(), dport(), randomSlot(chain.endpoints()));
        rules.add(Rule.when().dnatToMapped(family, key, chain.kind().map));
        return rules;
    }

    /** Marks connections that do not come from a pod for masquerading (all of them if the pod network is unknown). */
    static Rule masqueradeOffCluster(Family family, Settings settings) {
        return Optional.ofNullable(settings.clusterCidrs().get(family))
                .map(cidr -> Rule.when().notInPrefix(saddr(family), cidr).setMarkBits(MASQUERADE_MARK).andContinue())
                .orElseGet(() -> Rule.when().setMarkBits(MASQUERADE_MARK).andContinue());
    }
}
