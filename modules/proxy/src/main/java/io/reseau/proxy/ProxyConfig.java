package io.reseau.proxy;

import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.nft.Family;
import io.reseau.proxy.lb.AddressPool;
import io.reseau.proxy.lb.LoadBalancerAllocation;
import io.reseau.proxy.lb.LoadBalancerController;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** reseau-proxy's configuration: properties {@code reseau.proxy.*}, or environment variables {@code RESEAU_PROXY_*}. */
@ConfigMapping(prefix = "reseau.proxy")
public interface ProxyConfig {

    /** The Node this proxy runs on (in a pod: from the downward API). */
    @WithName("node-name")
    String nodeName();

    /** The pod network, one CIDR per family: traffic from outside it to a Service is masqueraded. */
    @WithName("cluster-cidrs")
    @WithDefault("10.42.0.0/16")
    List<String> clusterCidrs();

    /** The node port range, as the API server's {@code --service-node-port-range}. */
    @WithName("node-port-range")
    @WithDefault("30000-32767")
    String nodePortRange();

    /** Services labelled {@code service.kubernetes.io/service-proxy-name} are handled only if it names this. */
    @WithName("proxy-name")
    Optional<String> proxyName();

    /** Shortest time between two syncs (changes in between are coalesced). */
    @WithName("min-sync-period")
    @WithDefault("1s")
    Duration minSyncPeriod();

    /** Longest time between two syncs, even without changes. */
    @WithName("sync-period")
    @WithDefault("1h")
    Duration syncPeriod();

    /** How often the kernel's tables are read back and compared with what was written. */
    @WithName("verify-period")
    @WithDefault("1h")
    Duration verifyPeriod();

    /** The network namespace to program, by name or path; by default the proxy's own (the node's). */
    @WithName("network-namespace")
    Optional<String> networkNamespace();

    /** The built-in load balancer for bare clusters. */
    @WithName("load-balancer")
    LoadBalancer loadBalancer();

    /** {@code reseau.proxy.load-balancer.*}. */
    interface LoadBalancer {
        /** {@code node-ips} (the nodes' addresses, as k3s ServiceLB), {@code pool}, or {@code off}. */
        @WithDefault("node-ips")
        String mode();

        /** Addresses for {@code pool} mode: CIDRs or FIRST-LAST ranges, IPv4 and/or IPv6. */
        Optional<List<String>> pool();

        /** Where the leader's Lease lives. */
        @WithName("lease-namespace")
        @WithDefault("reseau-system")
        String leaseNamespace();
    }

    /** The load balancer's settings, or empty when it is off. */
    default Optional<LoadBalancerController.Settings> loadBalancerSettings() {
        LoadBalancer lb = loadBalancer();
        LoadBalancerAllocation.Mode mode = switch (lb.mode()) {
            case "off" -> null;
            case "node-ips" -> LoadBalancerAllocation.Mode.NODE_IPS;
            case "pool" -> LoadBalancerAllocation.Mode.POOL;
            default -> throw new IllegalArgumentException("reseau.proxy.load-balancer.mode is node-ips, pool or off, not '"
                    + lb.mode() + "'");
        };
        if (mode == null) {
            return Optional.empty();
        }
        if (mode == LoadBalancerAllocation.Mode.POOL && lb.pool().map(List::isEmpty).orElse(true)) {
            throw new IllegalArgumentException("reseau.proxy.load-balancer.mode=pool needs reseau.proxy.load-balancer.pool");
        }
        return Optional.of(new LoadBalancerController.Settings(mode, AddressPool.parse(lb.pool().orElse(List.of())),
                lb.leaseNamespace(), nodeName()));
    }

    default ProxyController.Settings settings() {
        String[] range = nodePortRange().split("-");
        if (range.length != 2) {
            throw new IllegalArgumentException("reseau.proxy.node-port-range must be FROM-TO, e.g. 30000-32767, not '"
                    + nodePortRange() + "'");
        }
        Map<Family, String> cidrs = new EnumMap<>(Family.class);
        for (String cidr : clusterCidrs()) {
            cidrs.put(cidr.contains(":") ? Family.IP6 : Family.IP, cidr.strip());
        }
        NetworkNamespace namespace = networkNamespace()
                .map(ns -> ns.startsWith("/") ? NetworkNamespace.atPath(Path.of(ns)) : NetworkNamespace.named(ns))
                .orElse(NetworkNamespace.current());
        return new ProxyController.Settings(nodeName(), cidrs, proxyName(), Integer.parseInt(range[0].strip()),
                Integer.parseInt(range[1].strip()), minSyncPeriod(), syncPeriod(), verifyPeriod(), namespace);
    }
}
