package io.reseau.proxy.compute;

import static io.reseau.hostnet.nft.Selector.concat;
import static io.reseau.hostnet.nft.Selector.daddr;
import static io.reseau.hostnet.nft.Selector.dport;
import static io.reseau.hostnet.nft.Selector.l4proto;
import static io.reseau.hostnet.nft.Selector.randomSlot;
import static io.reseau.hostnet.nft.Selector.saddr;

import io.reseau.hostnet.nft.Chain;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.Hook;
import io.reseau.hostnet.nft.KeyType;
import io.reseau.hostnet.nft.NftMap;
import io.reseau.hostnet.nft.NftSet;
import io.reseau.hostnet.nft.Rule;
import io.reseau.hostnet.nft.Selector;
import io.reseau.hostnet.nft.Table;
import io.reseau.proxy.model.Endpoint;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole {@code reseau-proxy} table of one address family, computed from the Service ports: pure, no I/O.
 *
 * <p>Packet cost does not grow with the number of Services: a packet to a Service is one lookup in a verdict map
 * keyed by {@code address . protocol . port} (node ports by {@code protocol . port} on any local address), which
 * sends it to a chain shared by every Service with the same number of endpoints; that chain picks a random slot
 * and rewrites the destination from one map keyed by {@code address . protocol . port . slot}. Only Services
 * with ClientIP affinity get chains of their own (per endpoint, as kube-proxy does). See docs/proxy.md.
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

    private ProxyRules() {
    }

    public static Table compute(List<ServicePortEndpoints> ports, Family family, Settings settings) {
        FamilyRules rules = new FamilyRules(family, settings);
        ports.forEach(rules::add);
        return rules.table();
    }

    /** Accumulates one family's maps, sets and chains; sorted containers keep the output stable. */
    private static final class FamilyRules {
        private final Family family;
        private final Settings settings;
        private final Optional<String> clusterCidr;
        private final Map<String, String> serviceIps = new TreeMap<>();
        private final Map<String, String> clusterSourcedIps = new TreeMap<>();
        private final Map<String, String> nodePorts = new TreeMap<>();
        private final Map<String, String> clusterSourcedNodePorts = new TreeMap<>();
        private final SortedSet<String> noEndpointServices = new TreeSet<>();
        private final SortedSet<String> noEndpointNodePorts = new TreeSet<>();
        private final SortedSet<String> hairpin = new TreeSet<>();
        private final Map<Backends, Map<String, String>> backends = new EnumMap<>(Backends.class);
        private final Map<Backends, SortedSet<Integer>> sizes = new EnumMap<>(Backends.class);
        private final Map<String, Chain> affinityChains = new TreeMap<>();
        private final Map<String, NftSet> affinitySets = new TreeMap<>();
        private final Map<String, NftMap> affinitySlots = new TreeMap<>();

        FamilyRules(Family family, Settings settings) {
            this.family = family;
            this.settings = settings;
            this.clusterCidr = Optional.ofNullable(settings.clusterCidrs().get(family));
            for (Backends kind : Backends.values()) {
                backends.put(kind, new TreeMap<>());
                sizes.put(kind, new TreeSet<>());
            }
        }

        void add(ServicePortEndpoints entry) {
            ServicePort port = entry.servicePort();
            boolean ipv6 = family == Family.IP6;
            List<Endpoint> endpoints = entry.endpoints().stream().filter(e -> e.isIpv6() == ipv6).toList();
            EndpointSelection selection = EndpointSelection.of(endpoints, settings.nodeName());
            String protocol = port.protocol().nftName();
            List<String> clusterIPs = ofFamily(port.clusterIPs());
            List<String> externals = new ArrayList<>(ofFamily(port.externalIPs()));
            externals.addAll(ofFamily(port.loadBalancerIPs()));

            if (selection.cluster().isEmpty()) {
                clusterIPs.forEach(ip -> noEndpointServices.add(key(ip, protocol, port.port())));
                externals.forEach(ip -> noEndpointServices.add(key(ip, protocol, port.port())));
                if (port.nodePort() != 0) {
                    noEndpointNodePorts.add(protocol + " . " + port.nodePort());
                }
                return;
            }
            selection.local().forEach(e -> hairpin.add(e.address() + " . " + e.address()));
            List<Endpoint> internal = port.internalLocal() ? selection.local() : selection.cluster();
            List<Endpoint> external = port.externalLocal() ? selection.local() : selection.cluster();
            for (String ip : clusterIPs) {
                String key = key(ip, protocol, port.port());
                serviceIps.put(key, target(key, internal, Backends.SERVICE, port));
            }
            for (String ip : externals) {
                String key = key(ip, protocol, port.port());
                if (port.externalLocal()) {
                    serviceIps.put(key, target(key, external, Backends.LOCAL_SERVICE, port));
                    clusterSourcedIps.put(key, target(key, selection.cluster(), Backends.SERVICE, port));
                } else {
                    serviceIps.put(key, target(key, external, Backends.SERVICE, port));
                }
            }
            if (port.nodePort() != 0) {
                String key = protocol + " . " + port.nodePort();
                if (port.externalLocal()) {
                    nodePorts.put(key, target(key, external, Backends.LOCAL_NODE_PORT, port));
                    clusterSourcedNodePorts.put(key, target(key, selection.cluster(), Backends.NODE_PORT, port));
                } else {
                    nodePorts.put(key, target(key, external, Backends.NODE_PORT, port));
                }
            }
        }

        /** The verdict for a frontend: drop when no endpoint may take it, else the chain that picks one. */
        private String target(String frontend, List<Endpoint> endpoints, Backends kind, ServicePort port) {
            if (endpoints.isEmpty()) {
                return "drop";
            }
            if (port.affinity().isPresent()) {
                return "goto " + affinityChain(port, kind, endpoints, port.affinity().get());
            }
            Map<String, String> slots = backends.get(kind);
            for (int slot = 0; slot < endpoints.size(); slot++) {
                Endpoint endpoint = endpoints.get(slot);
                slots.put(frontend + " . " + slot, endpoint.address() + " . " + endpoint.port());
            }
            sizes.get(kind).add(endpoints.size());
            return "goto " + kind.map + "-" + endpoints.size();
        }

        /**
         * ClientIP affinity, as kube-proxy does it: a chain per endpoint that remembers the client in a set of its
         * own and rewrites the destination; the port's chain sends a remembered client to its endpoint, and picks
         * one at random otherwise. Names are stable per endpoint, so a client keeps its endpoint across syncs.
         */
        private String affinityChain(ServicePort port, Backends kind, List<Endpoint> endpoints, Duration timeout) {
            String id = "aff-" + hash(port.name() + "/" + port.protocol() + "/" + port.port() + "/" + kind, 10);
            List<Rule> rules = new ArrayList<>();
            if (kind.masquerade) {
                rules.add(masqueradeOffCluster());
            }
            Map<String, String> slots = new TreeMap<>();
            for (int slot = 0; slot < endpoints.size(); slot++) {
                Endpoint endpoint = endpoints.get(slot);
                String name = id + "-" + hash(endpoint.address() + ":" + endpoint.port(), 8);
                rules.add(Rule.when().in(saddr(family), name).goTo(name));
                slots.put(Integer.toString(slot), "goto " + name);
                affinitySets.put(name, NftSet.dynamic(name, family == Family.IP6 ? "ipv6_addr" : "ipv4_addr", timeout));
                affinityChains.put(name, Chain.regular(name, List.of(Rule.when()
                        .updateSet(name, saddr(family), timeout)
                        .is(l4proto(), port.protocol().nftName())
                        .dnatTo(family, endpoint.address(), endpoint.port()))));
            }
            rules.add(Rule.when().vmap(randomSlot(endpoints.size()), id + "-slots"));
            affinitySlots.put(id + "-slots", new NftMap(id + "-slots", KeyType.named("mark"), Optional.empty(), slots));
            affinityChains.put(id, Chain.regular(id, rules));
            return id;
        }

        Table table() {
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
            for (Backends kind : Backends.values()) {
                for (int size : sizes.get(kind)) {
                    chains.add(Chain.regular(kind.map + "-" + size, pickEndpoint(kind, size)));
                }
            }
            chains.addAll(affinityChains.values());

            String address = family == Family.IP6 ? "ipv6_addr" : "ipv4_addr";
            String serviceType = address + " . inet_proto . inet_service";
            List<NftSet> sets = new ArrayList<>(List.of(
                    NftSet.of("no-endpoint-services", serviceType, List.copyOf(noEndpointServices)),
                    NftSet.of("no-endpoint-nodeports", "inet_proto . inet_service", List.copyOf(noEndpointNodePorts)),
                    NftSet.of("hairpin", address + " . " + address, List.copyOf(hairpin))));
            sets.addAll(affinitySets.values());
            List<NftMap> maps = new ArrayList<>(List.of(
                    NftMap.verdicts("service-ips", serviceType, serviceIps),
                    NftMap.verdicts("cluster-sourced-ips", serviceType, clusterSourcedIps),
                    NftMap.verdicts("node-ports", "inet_proto . inet_service", nodePorts),
                    NftMap.verdicts("cluster-sourced-node-ports", "inet_proto . inet_service", clusterSourcedNodePorts)));
            for (Backends kind : Backends.values()) {
                String key = (kind.byAddress ? serviceType : "inet_proto . inet_service") + " . mark";
                maps.add(NftMap.data(kind.map, key, address + " . inet_service", backends.get(kind)));
            }
            maps.addAll(affinitySlots.values());
            return new Table(family, TABLE, chains, sets, maps);
        }

        /** The chain shared by every frontend of {@code kind} with {@code size} endpoints. */
        private List<Rule> pickEndpoint(Backends kind, int size) {
            List<Rule> rules = new ArrayList<>();
            if (kind.masquerade) {
                rules.add(masqueradeOffCluster());
            }
            Selector key = kind.byAddress
                    ? concat(daddr(family), l4proto(), dport(), randomSlot(size))
                    : concat(l4proto(), dport(), randomSlot(size));
            rules.add(Rule.when().dnatToMapped(family, key, kind.map));
            return rules;
        }

        /** Marks connections that do not come from a pod for masquerading (all of them if the pod network is unknown). */
        private Rule masqueradeOffCluster() {
            return clusterCidr
                    .map(cidr -> Rule.when().notInPrefix(saddr(family), cidr).setMarkBits(MASQUERADE_MARK).andContinue())
                    .orElseGet(() -> Rule.when().setMarkBits(MASQUERADE_MARK).andContinue());
        }

        private List<String> ofFamily(List<String> addresses) {
            boolean ipv6 = family == Family.IP6;
            return addresses.stream().filter(a -> a.contains(":") == ipv6).toList();
        }

        private static String key(String address, String protocol, int port) {
            return address + " . " + protocol + " . " + port;
        }
    }

    static String hash(String text, int hexDigits) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexDigits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
