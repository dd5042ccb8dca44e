package io.reseau.proxy.lb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.reseau.proxy.model.IpLiteral;
import io.reseau.proxy.model.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses the built-in load balancer gives each LoadBalancer Service, for bare clusters (what k3s's
 * ServiceLB and MetalLB do): the nodes' addresses, or addresses from a pool. Pure.
 *
 * <p>It only ever decides for Services it may own: no {@code loadBalancerClass} or ours, and a status that is
 * empty or that it wrote itself (recorded in the {@link #OWNED} annotation). A status someone else wrote is
 * left alone, so reseau never fights another load-balancer controller.
 */
public final class LoadBalancerAllocation {

    public static final String CLASS = "reseau.io/load-balancer";
    /** The addresses reseau wrote into the Service's status, comma-separated. */
    public static final String OWNED = "reseau.io/load-balancer-ips";

    /** How addresses are chosen. */
    public enum Mode { NODE_IPS, POOL }

    /** The addresses a Service should have in its status (empty: none). */
    public record Assignment(Service service, List<String> addresses) {
    }

    public record Result(List<Assignment> assignments, List<Problem> problems) {
    }

    private LoadBalancerAllocation() {
    }

    public static Result assign(Collection<Service> services, Collection<Node> nodes, Mode mode, AddressPool pool) {
        List<Assignment> assignments = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Service> ours = services.stream()
                .filter(LoadBalancerAllocation::ours)
                .sorted(Comparator.comparing((Service s) -> Objects.requireNonNullElse(s.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()))
                .toList();
        // Services that used to be ours but no longer want a load balancer get their status cleared.
        services.stream().filter(s -> !wantsLoadBalancer(s) && !owned(s).isEmpty())
                .forEach(s -> assignments.add(new Assignment(s, List.of())));
        if (mode == Mode.NODE_IPS) {
            ours.forEach(s -> assignments.add(new Assignment(s, nodeAddresses(nodes, families(s)))));
            return new Result(assignments, problems);
        }
        Set<String> taken = new HashSet<>();
        Map<Service, List<String>> kept = new LinkedHashMap<>();
        for (Service service : ours) {
            List<String> keep = new ArrayList<>();
            for (String address : current(service)) {
                if (pool.contains(address) && taken.add(address)) {
                    keep.add(address);
                }
            }
            kept.put(service, keep);
        }
        for (Service service : ours) {
            List<String> addresses = new ArrayList<>(kept.get(service));
            for (boolean ipv6 : families(service)) {
                if (addresses.stream().anyMatch(a -> a.contains(":") == ipv6)) {
                    continue;
                }
                Optional<String> chosen = requested(service).filter(r -> r.contains(":") == ipv6 && pool.contains(r)
                        && taken.add(r)).or(() -> pool.firstFree(ipv6, taken));
                if (chosen.isPresent()) {
                    taken.add(chosen.get());
                    addresses.add(chosen.get());
                } else {
                    problems.add(new Problem(service, "LoadBalancerPoolExhausted", "no free "
                            + (ipv6 ? "IPv6" : "IPv4") + " address is left in the load-balancer pool"));
                }
            }
            assignments.add(new Assignment(service, addresses));
        }
        return new Result(assignments, problems);
    }

    /** Whether the Service wants a load balancer from reseau and its status is free or reseau's own. */
    static boolean ours(Service service) {
        if (!wantsLoadBalancer(service)) {
            return false;
        }
        List<String> current = current(service);
        boolean foreignHostname = ingress(service).stream().anyMatch(i -> i.getHostname() != null);
        return !foreignHostname && (current.isEmpty() || current.equals(owned(service)));
    }

    private static boolean wantsLoadBalancer(Service service) {
        String loadBalancerClass = service.getSpec() == null ? null : service.getSpec().getLoadBalancerClass();
        return service.getSpec() != null && "LoadBalancer".equals(service.getSpec().getType())
                && (loadBalancerClass == null || CLASS.equals(loadBalancerClass));
    }

    /** The IP addresses in the Service's status now. */
    static List<String> current(Service service) {
        return ingress(service).stream().map(LoadBalancerIngress::getIp).filter(Objects::nonNull).toList();
    }

    /** What reseau last wrote, from the annotation. */
    static List<String> owned(Service service) {
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(OWNED);
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    private static List<LoadBalancerIngress> ingress(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return service.getStatus().getLoadBalancer().getIngress();
    }

    private static Optional<String> requested(Service service) {
        return Optional.ofNullable(service.getSpec().getLoadBalancerIP()).flatMap(IpLiteral::parse).map(IpLiteral::text);
    }

    /** The families the Service asks for: its ipFamilies, else those of its cluster IPs. */
    private static List<Boolean> families(Service service) {
        List<String> declared = service.getSpec().getIpFamilies();
        if (declared != null && !declared.isEmpty()) {
            return declared.stream().map("IPv6"::equals).distinct().toList();
        }
        List<String> clusterIPs = service.getSpec().getClusterIPs() == null ? List.of() : service.getSpec().getClusterIPs();
        List<Boolean> families = clusterIPs.stream().map(ip -> ip.contains(":")).distinct().toList();
        return families.isEmpty() ? List.of(false) : families;
    }

    /** Ready nodes' external addresses where they have them, else their internal ones, of the given families. */
    private static List<String> nodeAddresses(Collection<Node> nodes, List<Boolean> families) {
        List<String> addresses = new ArrayList<>();
        for (Node node : nodes.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList()) {
            if (!ready(node) || node.getStatus().getAddresses() == null) {
                continue;
            }
            for (boolean ipv6 : families) {
                pick(node.getStatus().getAddresses(), "ExternalIP", ipv6)
                        .or(() -> pick(node.getStatus().getAddresses(), "InternalIP", ipv6))
                        .ifPresent(addresses::add);
            }
        }
        return addresses;
    }

    private static Optional<String> pick(List<NodeAddress> addresses, String type, boolean ipv6) {
        return addresses.stream().filter(a -> type.equals(a.getType()))
                .map(a -> IpLiteral.parse(a.getAddress())).flatMap(Optional::stream)
                .filter(ip -> ip.ipv6() == ipv6).map(IpLiteral::text).findFirst();
    }

    private static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }
}
