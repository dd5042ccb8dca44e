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
import io.reseau.proxy.model.ServicePortEndpoints;
import io.reseau.proxy.model.ServicePortName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns Services and EndpointSlices into the Service ports the proxy programs, as kube-proxy reads them, and
 * says what it had to leave out and why. Same objects in, same result out.
 *
 * <p>Each Service is translated on its own ({@link OneService}), and that translation is kept while the Service
 * and its slices are the very objects they were at the last call (informer caches hand out the same object until
 * it changes). Frontends (an address, protocol and port, or a node port) are then given out oldest Service first
 * ({@link FrontendClaims}); a port that keeps all its frontends is passed on as the same object, which lets the
 * rules computed from it be reused too.
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

    /** The Service ports to program, and what was left out. */
    public record Result(List<ServicePortEndpoints> ports, List<Problem> problems) {
    }

    /** One Service's translation, before frontends are given out, with the objects it was made from. */
    private record Translated(String key, Service service, List<EndpointSlice> slices, String age,
            List<ServicePortEndpoints> ports, List<Problem> problems) {

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

    private static final Comparator<Translated> OLDEST_FIRST = Comparator.comparing(Translated::age);

    private final Settings settings;
    private Map<String, Translated> remembered = new HashMap<>();
    private List<Translated> oldestFirst = List.of();

    public ServiceTranslation(Settings settings) {
        this.settings = settings;
    }

    /** Translation from nothing remembered: what {@link #translate(Collection, Collection)} gives for the same objects. */
    public static Result translate(Collection<Service> services, Collection<EndpointSlice> slices, Settings settings) {
        return new ServiceTranslation(settings).translate(services, slices);
    }

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
        boolean reorder = false;
        for (Service service : services) {
            if (!proxied(service, settings)) {
                continue;
            }
            String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
            List<EndpointSlice> own = slicesByService.getOrDefault(key, List.of());
            Translated before = remembered.get(key);
            if (before != null && before.isFor(service, own)) {
                current.put(key, before);
            } else {
                Translated now = translate(service, own, key);
                reorder |= before == null || !before.age().equals(now.age());
                current.put(key, now);
            }
        }
        reorder |= current.size() != remembered.size();
        remembered = current;
        oldestFirst = reorder ? current.values().stream().sorted(OLDEST_FIRST).toList()
                : oldestFirst.stream().map(kept -> current.get(kept.key())).toList();
        FrontendClaims claims = new FrontendClaims();
        List<ServicePortEndpoints> ports = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Translated translated : oldestFirst) {
            problems.addAll(translated.problems());
            for (ServicePortEndpoints port : translated.ports()) {
                ports.add(claims.claim(port, reason -> problems.add(new Problem(translated.service(), "DuplicateFrontend", reason))));
            }
        }
        return new Result(ports, problems);
    }

    private Translated translate(Service service, List<EndpointSlice> slices, String key) {
        List<Problem> problems = new ArrayList<>();
        List<ServicePortEndpoints> ports = new OneService(service, slices, settings, problems).ports();
        String age = Objects.requireNonNullElse(service.getMetadata().getCreationTimestamp(), "") + " " + key;
        return new Translated(key, service, List.copyOf(slices), age, ports, List.copyOf(problems));
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
