package io.reseau.it.bench.proxy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of {@code services} ClusterIP Services with {@code endpoints} ready endpoints each, as Kubernetes
 * objects for reseau and as kube-proxy's iptables ruleset for the anchor. Service 0's endpoints can be a real
 * server, so that connections through it can be timed.
 */
final class SyntheticCluster {

    /** One Service's frontend and endpoints. */
    record ServiceSpec(int index, String clusterIP, List<String> endpoints) {
    }

    private final List<ServiceSpec> specs;

    private SyntheticCluster(List<ServiceSpec> specs) {
        this.specs = specs;
    }

    static SyntheticCluster of(int services, int endpoints, String realEndpoint) {
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            List<String> addresses = new ArrayList<>();
            if (i == 0 && realEndpoint != null) {
                addresses.add(realEndpoint);
            } else {
                for (int j = 0; j < endpoints; j++) {
                    int n = i * endpoints + j;
                    addresses.add("10." + (100 + n / 65_536) + "." + (n / 256) % 256 + "." + n % 256);
                }
            }
            specs.add(new ServiceSpec(i, clusterIP(i), addresses));
        }
        return new SyntheticCluster(specs);
    }

    static String clusterIP(int index) {
        return "10.43." + index / 250 + "." + (1 + index % 250);
    }

    List<ServiceSpec> specs() {
        return specs;
    }

    List<Service> services() {
        return specs.stream().map(SyntheticCluster::service).toList();
    }

    List<EndpointSlice> slices() {
        return specs.stream().map(SyntheticCluster::slice).toList();
    }

    static Service service(ServiceSpec spec) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace("bench").withName("svc-" + spec.index())
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(spec.clusterIP()).withClusterIPs(spec.clusterIP())
                .withPorts(new ServicePortBuilder().withName("http").withProtocol("TCP").withPort(80)
                        .withTargetPort(new IntOrString(8080)).build())
                .endSpec().build();
    }

    static EndpointSlice slice(ServiceSpec spec) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace("bench").withName("svc-" + spec.index() + "-slice")
                .addToLabels("kubernetes.io/service-name", "svc-" + spec.index()).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(8080).endPort()
                .withEndpoints(spec.endpoints().stream().map(ip -> new EndpointBuilder().withAddresses(ip)
                        .withNodeName("node-" + Math.abs(ip.hashCode()) % 3).withNewConditions().withReady(true)
                        .endConditions().build()).toList())
                .build();
    }

    /** kube-proxy's iptables-mode nat table for the whole cluster, as iptables-restore takes it. */
    String iptablesRuleset() {
        StringBuilder chains = new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n:KUBE-POSTROUTING - [0:0]\n");
        StringBuilder rules = new StringBuilder("""
                -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
                -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
                -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
                -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
                """);
        for (ServiceSpec spec : specs) {
            serviceRules(spec, chains, rules, true);
        }
        return chains.append(rules).append("COMMIT\n").toString();
    }

    /** A partial restore (kube-proxy's one-change sync): the changed Service's chains, rewritten. */
    String iptablesPartial(ServiceSpec spec) {
        StringBuilder chains = new StringBuilder("*nat\n");
        StringBuilder rules = new StringBuilder();
        serviceRules(spec, chains, rules, false);
        return chains.append(rules).append("COMMIT\n").toString();
    }

    private static void serviceRules(ServiceSpec spec, StringBuilder chains, StringBuilder rules, boolean withPortal) {
        String name = "bench/svc-" + spec.index() + ":http";
        String svc = "KUBE-SVC-" + hash(name);
        chains.append(':').append(svc).append(" - [0:0]\n");
        if (withPortal) {
            rules.append("-A KUBE-SERVICES -d ").append(spec.clusterIP()).append("/32 -p tcp -m comment --comment \"")
                    .append(name).append(" cluster IP\" -m tcp --dport 80 -j ").append(svc).append('\n');
        }
        rules.append("-A ").append(svc).append(" ! -s 10.42.0.0/16 -d ").append(spec.clusterIP())
                .append("/32 -p tcp -m comment --comment \"").append(name).append(" cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ\n");
        int count = spec.endpoints().size();
        for (int j = 0; j < count; j++) {
            String endpoint = spec.endpoints().get(j) + ":8080";
            String sep = "KUBE-SEP-" + hash(name + endpoint);
            chains.append(':').append(sep).append(" - [0:0]\n");
            rules.append("-A ").append(svc).append(" -m comment --comment \"").append(name).append(" -> ").append(endpoint).append('"');
            if (j < count - 1) {
                rules.append(String.format(java.util.Locale.ROOT, " -m statistic --mode random --probability %.11f", 1.0 / (count - j)));
            }
            rules.append(" -j ").append(sep).append('\n');
            rules.append("-A ").append(sep).append(" -s ").append(spec.endpoints().get(j))
                    .append("/32 -m comment --comment \"").append(name).append("\" -j KUBE-MARK-MASQ\n");
            rules.append("-A ").append(sep).append(" -p tcp -m comment --comment \"").append(name)
                    .append("\" -m tcp -j DNAT --to-destination ").append(endpoint).append('\n');
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().withUpperCase().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
