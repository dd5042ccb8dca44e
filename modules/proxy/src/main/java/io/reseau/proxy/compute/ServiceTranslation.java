package io.reseau.proxy.compute;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.reseau.proxy.model.Endpoint;
import io.reseau.proxy.model.IpLiteral;
import io.reseau.proxy.model.Problem;
import io.reseau.proxy.model.Protocol;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServiceChanges;
import io.reseau.proxy.model.ServicePortEndpoints;
import io.reseau.proxy.model.ServicePortName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns Services and EndpointSlices into the Service ports the proxy programs, as kube-proxy reads them, and
 * says what it had to leave out and why. Same objects in, same result out.
 *
 * <p>Each Service is translated on its own ({@link OneService}) and remembered; frontends (an address, protocol
 * and port, or a node port) are then given out oldest Service first ({@link FrontendClaims}). A full translation
 * ({@link #translate(Collection, Collection)}) reads every object, reusing the translation of a Service whose
 * objects are the very ones it was made from; an update ({@link #update}) reads only the Services that changed,
 * as kube-proxy's change trackers do, and gives frontends out again only when one of them wants other frontends.
 */
public final class ServiceTranslation {

    /** The label naming the proxy that should handle a Service; Services naming another proxy are skipped. */
    public static final String PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final Duration DEFAULT_AFFINITY = Duration.ofSeconds(10_800);
    static final Duration MAX_AFFINITY = Duration.ofDays(1);

    /** What translation depends on besides the objects. */
    public record Settings(Optional<String> proxyName, int nodePortMin, int nodePortMax) {
    }

    /**
     * The Service ports to program (of every Service, or of those that changed), what was left out of them, and
     * how many problems all Services have now.
     */
    public record Result(ServiceChanges changes, List<Problem> problems, int standingProblems) {
        /** The ports in {@link #changes()}, Service after Service. */
        public List<ServicePortEndpoints> ports() {
            return changes.ports();
        }
    }

    /** How to read one Service and its slices from the caches, by {@code namespace/name}. */
    public record Lookup(Function<String, Optional<Service>> service, Function<String, List<EndpointSlice>> slices) {
    }

    /** One Service's translation, before frontends are given out, with the objects it was made from. */
    private record Translated(String key, Service service, List<EndpointSlice> slices, String age,
            List<ServicePortEndpoints> ports, Set<FrontendClaims.Frontend> frontends, List<Problem> problems) {

        boolean isFor(Service other, List<EndpointSlice> otherSlices) {
            if (service != other || slices.size() != otherSlices.size()) {
                return false;
            }
            for (EndpointSlice slice : otherSlices) {
                if (slices.stream().noneMatch(kept -> kept == slice)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A Service's ports with the frontends it was given, and the refusals. */
    private record Claimed(List<ServicePortEndpoints> ports, List<Problem> refusals) {
    }

    private final Settings settings;
    private final Map<String, Translated> byKey = new HashMap<>();
    private final NavigableMap<String, Translated> byAge = new TreeMap<>();
    private Map<String, Claimed> claimed = new HashMap<>();
    private int translationProblems;
    private int refusals;

    public ServiceTranslation(Settings settings) {
        this.settings = settings;
    }

    /** Translation from nothing remembered: what {@link #translate(Collection, Collection)} gives for the same objects. */
    public static Result translate(Collection<Service> services, Collection<EndpointSlice> slices, Settings settings) {
        return new ServiceTranslation(settings).translate(services, slices);
    }

    /** Every Service: a complete result. */
    public Result translate(Collection<Service> services, Collection<EndpointSlice> slices) {
        Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
        for (EndpointSlice slice : slices) {
            String service = labels(slice).get(SERVICE_NAME_LABEL);
            if (service != null) {
                slicesByService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>())
                        .add(slice);
            }
        }
        Map<String, Translated> current = new HashMap<>();
        for (Service service : services) {
            if (proxied(service, settings)) {
                String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
                current.put(key, translated(key, service, slicesByService.getOrDefault(key, List.of())));
            }
        }
        Set<String> keys = new HashSet<>(byKey.keySet());
        keys.addAll(current.keySet());
        keys.forEach(key -> remember(key, current.get(key)));
        claimAll();
        return result(true, byAge.values().stream().map(Translated::key).toList());
    }

    /** Only the Services named by {@code changed}: a partial result, with every Service whose ports changed. */
    public Result update(Set<String> changed, Lookup lookup) {
        boolean frontendsMoved = false;
        for (String key : changed) {
            Translated before = byKey.get(key);
            Translated now = lookup.service().apply(key).filter(service -> proxied(service, settings))
                    .map(service -> translated(key, service, lookup.slices().apply(key))).orElse(null);
            frontendsMoved |= !frontends(before).equals(frontends(now));
            remember(key, now);
        }
        Set<String> affected = new LinkedHashSet<>(changed);
        if (frontendsMoved) {
            Map<String, Claimed> before = claimed;
            claimAll();
            before.forEach((key, old) -> {
                Claimed now = claimed.get(key);
                if (now == null || !now.ports().equals(old.ports())) {
                    affected.add(key);
                }
            });
        } else {
            for (String key : changed) {
                Translated now = byKey.get(key);
                Claimed before = claimed.remove(key);
                if (now != null) {
                    claimed.put(key, claimedAsBefore(now, before));
                }
            }
        }
        return result(false, affected);
    }

    private Translated translated(String key, Service service, List<EndpointSlice> slices) {
        Translated before = byKey.get(key);
        if (before != null && before.isFor(service, slices)) {
            return before;
        }
        List<Problem> problems = new ArrayList<>();
        List<ServicePortEndpoints> ports = new OneService(service, slices, settings, problems).ports();
        String age = Objects.requireNonNullElse(service.getMetadata().getCreationTimestamp(), "") + " " + key;
        return new Translated(key, service, List.copyOf(slices), age, ports, FrontendClaims.wantedBy(ports),
                List.copyOf(problems));
    }

    private void remember(String key, Translated now) {
        Translated before = now == null ? byKey.remove(key) : byKey.put(key, now);
        if (before != null) {
            byAge.remove(before.age());
            translationProblems -= before.problems().size();
        }
        if (now != null) {
            byAge.put(now.age(), now);
            translationProblems += now.problems().size();
        }
    }

    /** Gives out every frontend again, oldest Service first. */
    private void claimAll() {
        FrontendClaims claims = new FrontendClaims();
        Map<String, Claimed> all = new HashMap<>();
        int refused = 0;
        for (Translated translated : byAge.values()) {
            List<Problem> problems = new ArrayList<>();
            List<ServicePortEndpoints> ports = translated.ports().stream().map(port -> claims.claim(port, reason ->
                    problems.add(new Problem(translated.service(), "DuplicateFrontend", reason)))).toList();
            all.put(translated.key(), new Claimed(ports, problems));
            refused += problems.size();
        }
        claimed = all;
        refusals = refused;
    }

    /**
     * A Service whose wanted frontends did not change, while no other Service's did: it is given what it was
     * given before, and refused what it was refused.
     */
    private static Claimed claimedAsBefore(Translated now, Claimed before) {
        if (before == null) {
            return new Claimed(now.ports(), List.of());
        }
        Set<FrontendClaims.Frontend> granted = FrontendClaims.wantedBy(before.ports());
        List<ServicePortEndpoints> ports = now.ports().stream().map(port -> FrontendClaims.restrict(port, granted)).toList();
        List<Problem> refusals = before.refusals().stream()
                .map(refusal -> new Problem(now.service(), refusal.reason(), refusal.message())).toList();
        return new Claimed(ports, refusals);
    }

    private static Set<FrontendClaims.Frontend> frontends(Translated translated) {
        return translated == null ? Set.of() : translated.frontends();
    }

    /** The ports and problems of these Services, oldest first when complete. */
    private Result result(boolean complete, Collection<String> keys) {
        Map<String, List<ServicePortEndpoints>> services = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (String key : keys) {
            Translated translated = byKey.get(key);
            Claimed given = claimed.get(key);
            services.put(key, given == null ? List.of() : given.ports());
            if (translated != null) {
                problems.addAll(translated.problems());
                problems.addAll(given.refusals());
            }
        }
        return new Result(new ServiceChanges(complete, services), problems, translationProblems + refusals);
    }

    /** Whether reseau-proxy handles the Service at all (it skips headless, ExternalName and foreign ones). */
    private static boolean proxied(Service service, Settings settings) {
        String wantedProxy = labels(service).get(PROXY_NAME_LABEL);
        if (wantedProxy != null && !settings.proxyName().map(wantedProxy::equals).orElse(false)) {
            return false;
        }
        if (labels(service).containsKey(HEADLESS_LABEL) || service.getSpec() == null) {
            return false;
        }
        if ("ExternalName".equals(service.getSpec().getType())) {
            return false;
        }
        String clusterIP = service.getSpec().getClusterIP();
        return clusterIP != null && !clusterIP.isEmpty() && !"None".equals(clusterIP);
    }

    /** The translation of one Service. */
    private static final class OneService {
        private final Service service;
        private final List<EndpointSlice> slices;
        private final Settings settings;
        private final List<Problem> problems;

        OneService(Service service, List<EndpointSlice> slices, Settings settings, List<Problem> problems) {
            this.service = service;
            this.slices = slices;
            this.settings = settings;
            this.problems = problems;
        }

        List<ServicePortEndpoints> ports() {
            var spec = service.getSpec();
            List<String> clusterIPs = addresses(spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()
                    ? List.of(spec.getClusterIP()) : spec.getClusterIPs(), "InvalidClusterIP", "clusterIPs");
            if (clusterIPs.isEmpty()) {
                return List.of();
            }
            List<String> externalIPs = addresses(spec.getExternalIPs(), "InvalidExternalIP", "externalIPs");
            List<String> loadBalancerIPs = loadBalancerIPs();
            boolean externalLocal = "Local".equals(spec.getExternalTrafficPolicy());
            boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
            Optional<Duration> affinity = affinity();
            int healthCheckNodePort = healthCheckNodePort(externalLocal);
            boolean hasNodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());

            List<ServicePortEndpoints> result = new ArrayList<>();
            for (var port : spec.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.ServicePort>of() : spec.getPorts()) {
                String portName = port.getName() == null ? "" : port.getName();
                Optional<Protocol> protocol = Protocol.of(port.getProtocol());
                if (protocol.isEmpty()) {
                    report("UnsupportedProtocol", "port " + describe(portName, port.getPort()) + " has protocol '"
                            + port.getProtocol() + "'; TCP, UDP and SCTP are proxied");
                    continue;
                }
                if (port.getPort() == null || port.getPort() < 1 || port.getPort() > 65_535) {
                    report("InvalidPort", "port " + describe(portName, port.getPort()) + " is not in 1-65535");
                    continue;
                }
                int nodePort = hasNodePorts ? nodePort(port.getNodePort(), portName, port.getPort()) : 0;
                ServicePortName name = new ServicePortName(service.getMetadata().getNamespace(),
                        service.getMetadata().getName(), portName);
                ServicePort servicePort = new ServicePort(name, protocol.get(), port.getPort(), clusterIPs,
                        externalIPs, loadBalancerIPs, nodePort, externalLocal, internalLocal, affinity,
                        healthCheckNodePort);
                result.add(new ServicePortEndpoints(servicePort, endpoints(portName, protocol.get())));
            }
            return result;
        }

        private int nodePort(Integer nodePort, String portName, int servicePort) {
            if (nodePort == null || nodePort == 0) {
                return 0;
            }
            if (nodePort < settings.nodePortMin() || nodePort > settings.nodePortMax()) {
                report("NodePortOutOfRange", "node port " + nodePort + " of port " + describe(portName, servicePort)
                        + " is outside " + settings.nodePortMin() + "-" + settings.nodePortMax() + "; it is not opened");
                return 0;
            }
            return nodePort;
        }

        private List<Endpoint> endpoints(String portName, Protocol protocol) {
            Map<String, Endpoint> byAddress = new LinkedHashMap<>();
            for (EndpointSlice slice : slices) {
                if (!"IPv4".equals(slice.getAddressType()) && !"IPv6".equals(slice.getAddressType())) {
                    continue;
                }
                Optional<Integer> targetPort = slicePort(slice, portName, protocol);
                if (targetPort.isEmpty() || slice.getEndpoints() == null) {
                    continue;
                }
                for (var endpoint : slice.getEndpoints()) {
                    if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                        continue;
                    }
                    String raw = endpoint.getAddresses().getFirst();
                    Optional<IpLiteral> address = IpLiteral.parse(raw)
                            .filter(ip -> ip.ipv6() == "IPv6".equals(slice.getAddressType()));
                    if (address.isEmpty()) {
                        problems.add(new Problem(slice, "InvalidEndpointAddress", "endpoint address '" + raw
                                + "' is not an " + slice.getAddressType() + " address; the endpoint is left out"));
                        continue;
                    }
                    EndpointConditions conditions = endpoint.getConditions();
                    boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
                    boolean serving = conditions == null || conditions.getServing() == null ? ready : conditions.getServing();
                    boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
                    Endpoint candidate = new Endpoint(address.get().text(), targetPort.get(),
                            Objects.requireNonNullElse(endpoint.getNodeName(), ""), ready, serving, terminating);
                    byAddress.merge(candidate.address() + ":" + candidate.port(), candidate,
                            (kept, other) -> kept.ready() ? kept : other);
                }
            }
            return List.copyOf(byAddress.values());
        }

        /** The slice's port for this Service port (same name and protocol), if valid. */
        private Optional<Integer> slicePort(EndpointSlice slice, String portName, Protocol protocol) {
            for (EndpointPort port : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
                String name = port.getName() == null ? "" : port.getName();
                if (name.equals(portName) && Protocol.of(port.getProtocol()).equals(Optional.of(protocol))) {
                    if (port.getPort() == null || port.getPort() < 1 || port.getPort() > 65_535) {
                        problems.add(new Problem(slice, "InvalidEndpointPort", "port '" + name + "' is "
                                + port.getPort() + ", not in 1-65535; its endpoints are left out"));
                        return Optional.empty();
                    }
                    return Optional.of(port.getPort());
                }
            }
            return Optional.empty();
        }

        private List<String> addresses(List<String> raw, String reason, String field) {
            List<String> valid = new ArrayList<>();
            if (raw == null) {
                return valid;
            }
            for (int i = 0; i < raw.size(); i++) {
                Optional<IpLiteral> ip = IpLiteral.parse(raw.get(i));
                if (ip.isPresent()) {
                    valid.add(ip.get().text());
                } else {
                    report(reason, field + "[" + i + "] '" + raw.get(i) + "' is not an IP address; it is left out");
                }
            }
            return valid;
        }

        private List<String> loadBalancerIPs() {
            if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                    || service.getStatus().getLoadBalancer().getIngress() == null) {
                return List.of();
            }
            List<String> ips = new ArrayList<>();
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                if (ingress.getIp() != null) {
                    IpLiteral.parse(ingress.getIp()).ifPresent(ip -> ips.add(ip.text()));
                }
            }
            return ips;
        }

        private Optional<Duration> affinity() {
            var spec = service.getSpec();
            if (!"ClientIP".equals(spec.getSessionAffinity())) {
                return Optional.empty();
            }
            Integer seconds = spec.getSessionAffinityConfig() == null || spec.getSessionAffinityConfig().getClientIP() == null
                    ? null : spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            if (seconds == null) {
                return Optional.of(DEFAULT_AFFINITY);
            }
            if (seconds < 1 || seconds > MAX_AFFINITY.toSeconds()) {
                report("InvalidSessionAffinity", "sessionAffinityConfig.clientIP.timeoutSeconds " + seconds
                        + " is not in 1-86400; using the default, 10800");
                return Optional.of(DEFAULT_AFFINITY);
            }
            return Optional.of(Duration.ofSeconds(seconds));
        }

        private int healthCheckNodePort(boolean externalLocal) {
            Integer port = service.getSpec().getHealthCheckNodePort();
            if (!externalLocal || !"LoadBalancer".equals(service.getSpec().getType()) || port == null || port == 0) {
                return 0;
            }
            if (port < 1 || port > 65_535) {
                report("InvalidHealthCheckNodePort", "healthCheckNodePort " + port + " is not in 1-65535");
                return 0;
            }
            return port;
        }

        private void report(String reason, String message) {
            problems.add(new Problem(service, reason, message));
        }

        private static String describe(String name, Integer number) {
            return name.isEmpty() ? String.valueOf(number) : "'" + name + "'";
        }
    }

    private static Map<String, String> labels(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }
}
