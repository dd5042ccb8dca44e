package io.reseau.proxy.compute;

import static io.reseau.hostnet.nft.Selector.l4proto;
import static io.reseau.hostnet.nft.Selector.randomSlot;
import static io.reseau.hostnet.nft.Selector.saddr;

import io.reseau.hostnet.nft.Chain;
import io.reseau.hostnet.nft.ElementGroup;
import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.NftMap;
import io.reseau.hostnet.nft.NftSet;
import io.reseau.hostnet.nft.Rule;
import io.reseau.proxy.model.Endpoint;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one Service port adds to one family's {@code reseau-proxy} table: its elements in the shared maps and
 * sets (keyed by map or set name), the shared endpoint-picking chains it jumps to, the chains, sets and maps of
 * its own (ClientIP affinity only), and its local endpoints for the hairpin set. Pure, and made once per change
 * of the port: {@link ProxyRules} reuses it while the port stays the same. Its elements form the group named
 * {@code group} (the port's name, protocol and number) in each map and set.
 */
record PortRules(String group, Map<String, ElementGroup> elements, Set<SharedChain> sharedChains,
        List<Chain> chains, List<NftSet> sets, List<NftMap> maps, List<String> hairpin) {

    /** Whether the port adds nothing to this family's table (it has no address of the family). */
    boolean isEmpty() {
        return elements.isEmpty() && sharedChains.isEmpty() && chains.isEmpty() && hairpin.isEmpty();
    }

    /** An endpoint-picking chain shared by every frontend of one kind with one number of endpoints. */
    record SharedChain(ProxyRules.Backends kind, int endpoints) implements Comparable<SharedChain> {
        String name() {
            return kind.map + "-" + endpoints;
        }

        @Override
        public int compareTo(SharedChain other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : Integer.compare(endpoints, other.endpoints);
        }
    }

    static PortRules of(ServicePortEndpoints entry, ProxyRules.FamilyTypes types, ProxyRules.Settings settings) {
        return new Builder(entry.servicePort(), types, settings).build(entry);
    }

    /** Collects one port's contribution. */
    private static final class Builder {
        private final ServicePort port;
        private final ProxyRules.FamilyTypes types;
        private final Family family;
        private final ProxyRules.Settings settings;
        private final Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        private final Map<String, List<String>> keys = new LinkedHashMap<>();
        private final Set<SharedChain> sharedChains = new LinkedHashSet<>();
        private final List<Chain> chains = new ArrayList<>();
        private final List<NftSet> sets = new ArrayList<>();
        private final List<NftMap> maps = new ArrayList<>();

        Builder(ServicePort port, ProxyRules.FamilyTypes types, ProxyRules.Settings settings) {
            this.port = port;
            this.types = types;
            this.family = types.family();
            this.settings = settings;
        }

        PortRules build(ServicePortEndpoints entry) {
            boolean ipv6 = family == Family.IP6;
            List<Endpoint> endpoints = entry.endpoints().stream().filter(e -> e.isIpv6() == ipv6).toList();
            EndpointSelection selection = EndpointSelection.of(endpoints, settings.nodeName());
            String protocol = port.protocol().nftName();
            List<String> clusterIPs = ofFamily(port.clusterIPs());
            List<String> externals = new ArrayList<>(ofFamily(port.externalIPs()));
            externals.addAll(ofFamily(port.loadBalancerIPs()));

            if (selection.cluster().isEmpty()) {
                clusterIPs.forEach(ip -> key("no-endpoint-services", key(ip, protocol, port.port())));
                externals.forEach(ip -> key("no-endpoint-services", key(ip, protocol, port.port())));
                if (port.nodePort() != 0) {
                    key("no-endpoint-nodeports", protocol + " . " + port.nodePort());
                }
                return result(List.of());
            }
            List<Endpoint> internal = port.internalLocal() ? selection.local() : selection.cluster();
            List<Endpoint> external = port.externalLocal() ? selection.local() : selection.cluster();
            for (String ip : clusterIPs) {
                String key = key(ip, protocol, port.port());
                entry("service-ips", key, target(key, internal, ProxyRules.Backends.SERVICE));
            }
            for (String ip : externals) {
                String key = key(ip, protocol, port.port());
                if (port.externalLocal()) {
                    entry("service-ips", key, target(key, external, ProxyRules.Backends.LOCAL_SERVICE));
                    entry("cluster-sourced-ips", key, target(key, selection.cluster(), ProxyRules.Backends.SERVICE));
                } else {
                    entry("service-ips", key, target(key, external, ProxyRules.Backends.SERVICE));
                }
            }
            if (port.nodePort() != 0) {
                String key = protocol + " . " + port.nodePort();
                if (port.externalLocal()) {
                    entry("node-ports", key, target(key, external, ProxyRules.Backends.LOCAL_NODE_PORT));
                    entry("cluster-sourced-node-ports", key, target(key, selection.cluster(), ProxyRules.Backends.NODE_PORT));
                } else {
                    entry("node-ports", key, target(key, external, ProxyRules.Backends.NODE_PORT));
                }
            }
            return result(selection.local().stream().map(e -> e.address() + " . " + e.address()).toList());
        }

        /** The verdict for a frontend: drop when no endpoint may take it, else the chain that picks one. */
        private String target(String frontend, List<Endpoint> endpoints, ProxyRules.Backends kind) {
            if (endpoints.isEmpty()) {
                return "drop";
            }
            if (port.affinity().isPresent()) {
                return "goto " + affinityChain(kind, endpoints, port.affinity().get());
            }
            for (int slot = 0; slot < endpoints.size(); slot++) {
                Endpoint endpoint = endpoints.get(slot);
                entry(kind.map, frontend + " . " + slot, endpoint.address() + " . " + endpoint.port());
            }
            SharedChain chain = new SharedChain(kind, endpoints.size());
            sharedChains.add(chain);
            return "goto " + chain.name();
        }

        /**
         * ClientIP affinity, as kube-proxy does it: a chain per endpoint that remembers the client in a set of its
         * own and rewrites the destination; the port's chain sends a remembered client to its endpoint, and picks
         * one at random otherwise. Names are stable per endpoint, so a client keeps its endpoint across syncs.
         */
        private String affinityChain(ProxyRules.Backends kind, List<Endpoint> endpoints, Duration timeout) {
            String id = "aff-" + hash(port.name() + "/" + port.protocol() + "/" + port.port() + "/" + kind, 10);
            List<Rule> rules = new ArrayList<>();
            if (kind.masquerade) {
                rules.add(ProxyRules.masqueradeOffCluster(family, settings));
            }
            Map<String, String> slots = new LinkedHashMap<>();
            for (int slot = 0; slot < endpoints.size(); slot++) {
                Endpoint endpoint = endpoints.get(slot);
                String name = id + "-" + hash(endpoint.address() + ":" + endpoint.port(), 8);
                rules.add(Rule.when().in(saddr(family), name).goTo(name));
                slots.put(Integer.toString(slot), "goto " + name);
                sets.add(new NftSet(name, types.address(), true, Optional.of(timeout), Map.of()));
                chains.add(Chain.regular(name, List.of(Rule.when()
                        .updateSet(name, saddr(family), timeout)
                        .is(l4proto(), port.protocol().nftName())
                        .dnatTo(family, endpoint.address(), endpoint.port()))));
            }
            rules.add(Rule.when().vmap(randomSlot(endpoints.size()), id + "-slots"));
            maps.add(new NftMap(id + "-slots", ProxyRules.FamilyTypes.SLOT, Optional.empty(),
                    Map.of("", ElementGroup.ofEntries(ProxyRules.FamilyTypes.SLOT, Optional.empty(), slots))));
            chains.add(Chain.regular(id, rules));
            return id;
        }

        private PortRules result(List<String> hairpin) {
            Map<String, ElementGroup> groups = new LinkedHashMap<>();
            keys.forEach((set, elements) -> groups.put(set, ElementGroup.ofKeys(types.keyOf(set), elements)));
            entries.forEach((map, values) -> groups.put(map,
                    ElementGroup.ofEntries(types.keyOf(map), types.valueOf(map), values)));
            String group = port.name() + "/" + port.protocol() + "/" + port.port();
            return new PortRules(group, groups, sharedChains, chains, sets, maps, hairpin);
        }

        private void entry(String map, String key, String value) {
            entries.computeIfAbsent(map, m -> new LinkedHashMap<>()).put(key, value);
        }

        private void key(String set, String key) {
            keys.computeIfAbsent(set, s -> new ArrayList<>()).add(key);
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
