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
import io.reseau.proxy.model.ServicePortEndpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The whole {@code reseau-proxy} table of one address family, computed from the Service ports. No I/O.
 *
 * <p>Packet cost does not grow with the number of Services: a packet to a Service is one lookup in a verdict map
 * keyed by {@code address . protocol . port} (node ports by {@code protocol . port} on any local address), which
 * sends it to a chain shared by every Service with the same number of endpoints; that chain picks a random slot
 * and rewrites the destination from one map keyed by {@code address . protocol . port . slot}. Only Services
 * with ClientIP affinity get chains of their own (per endpoint, as kube-proxy does). See docs/proxy.md.
 *
 * <p>Sync cost does not grow with the number of Services either: each port's share of the table
 * ({@link PortRules}, its elements checked and encoded) is kept while the port is the same object, and the maps
 * hold one element group per port, so that the writer's diff skips every port that did not change.
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

    private final Settings settings;
    private final FamilyTypes types;
    private final Optional<String> clusterCidr;
    private Map<ServicePortEndpoints, PortRules> remembered = new IdentityHashMap<>();
    private List<String> lastHairpin = List.of();
    private ElementGroup lastHairpinGroup;

    public ProxyRules(Family family, Settings settings) {
        this.settings = settings;
        this.types = FamilyTypes.of(family);
        this.clusterCidr = Optional.ofNullable(settings.clusterCidrs().get(family));
        this.lastHairpinGroup = ElementGroup.ofKeys(types.hairpin(), List.of());
    }

    /** The table, computed from nothing remembered: what {@link #compute(List)} gives for the same ports. */
    public static Table compute(List<ServicePortEndpoints> ports, Family family, Settings settings) {
        return new ProxyRules(family, settings).compute(ports);
    }

    /**
     * The whole table for these ports. The rules of a port that is the very object it was at the last call are
     * reused, so the result is the same as {@link #compute(List, Family, Settings)}'s, at a cost that follows
     * what changed.
     */
    public Table compute(List<ServicePortEndpoints> ports) {
        Map<ServicePortEndpoints, PortRules> current = new IdentityHashMap<>();
        Map<String, Map<String, ElementGroup>> groups = new HashMap<>();
        SortedSet<PortRules.SharedChain> sharedChains = new TreeSet<>();
        List<Chain> ownChains = new ArrayList<>();
        List<NftSet> ownSets = new ArrayList<>();
        List<NftMap> ownMaps = new ArrayList<>();
        LinkedHashSet<String> hairpin = new LinkedHashSet<>();
        Set<String> groupNames = new HashSet<>();
        for (ServicePortEndpoints port : ports) {
            PortRules rules = remembered.get(port);
            if (rules == null) {
                rules = PortRules.of(port, types, settings);
            }
            current.put(port, rules);
            if (rules.isEmpty()) {
                continue;
            }
            String group = uniqueGroupName(rules.group(), groupNames);
            rules.elements().forEach((name, elements) ->
                    groups.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(group, elements));
            sharedChains.addAll(rules.sharedChains());
            ownChains.addAll(rules.chains());
            ownSets.addAll(rules.sets());
            ownMaps.addAll(rules.maps());
            hairpin.addAll(rules.hairpin());
        }
        remembered = current;
        return table(groups, sharedChains, ownChains, ownSets, ownMaps, hairpinGroup(List.copyOf(hairpin)));
    }

    /** A port's group name, made unique should a malformed Service repeat a port. */
    private static String uniqueGroupName(String group, Set<String> taken) {
        String name = group;
        for (int repeat = 2; !taken.add(name); repeat++) {
            name = group + "#" + repeat;
        }
        return name;
    }

    /** Local endpoints are shared between Services, so the hairpin set is one group, kept while it is the same. */
    private ElementGroup hairpinGroup(List<String> hairpin) {
        if (!hairpin.equals(lastHairpin)) {
            lastHairpinGroup = ElementGroup.ofKeys(types.hairpin(), hairpin);
            lastHairpin = hairpin;
        }
        return lastHairpinGroup;
    }

    private Table table(Map<String, Map<String, ElementGroup>> groups, SortedSet<PortRules.SharedChain> sharedChains,
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
