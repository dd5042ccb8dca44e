package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackendBuilder;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.Problem;
import io.reseau.ingress.model.TcpService;
import io.reseau.ingress.model.UdpService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ingress-nginx's {@code tcp-services} and {@code udp-services} ConfigMaps, translated: each key a port to listen on,
 * each value {@code namespace/service:port}, the Service port by number or name; a TCP service's value then
 * optionally {@code :PROXY} (connections arrive with a PROXY protocol header) and {@code :PROXY} again (the backend
 * is sent one). Pure: a malformed entry, a TCP port reseau-ingress already serves HTTP on or a Service that cannot be
 * resolved is reported and skipped, the others are served.
 */
public final class StreamServices {

    /**
     * Where the ConfigMaps are ({@code namespace/name}; empty: none), the TCP ports taken by HTTP and HTTPS, the
     * relays' timeouts, the datagrams a UDP session expects back for each it relays, when a TCP connection goes on
     * to the next endpoint ({@code proxy-stream-next-upstream*}), and where reseau runs
     * ({@link IngressTranslation.Settings#locality()}).
     */
    public record Settings(Optional<ObjectKey> tcpConfigMap, Optional<ObjectKey> udpConfigMap,
            Set<Integer> takenPorts, Duration connectTimeout, Duration idleTimeout, int udpResponses,
            NextUpstream nextUpstream, Locality locality) {

        public Settings {
            takenPorts = Set.copyOf(takenPorts);
        }

        /** These settings, for a proxy running there. */
        public Settings at(Locality where) {
            return new Settings(tcpConfigMap, udpConfigMap, takenPorts, connectTimeout, idleTimeout, udpResponses,
                    nextUpstream, where);
        }
    }

    /** The services to listen for, by port, and what had to be reported (on the ConfigMap). */
    public record Result<S>(List<S> services, List<Problem> problems) {
    }

    /** One entry read: its port, the Service port it names and its PROXY fields. */
    private record Entry(int port, Backend backend, boolean proxyProtocolIn, boolean proxyProtocolOut) {
    }

    @FunctionalInterface
    private interface ServiceOf<S> {
        S of(Entry entry);
    }

    private StreamServices() {
    }

    /** The {@code tcp-services} ConfigMap's services. */
    public static Result<TcpService> tcp(Optional<ConfigMap> configMap, Collection<Service> services,
            Collection<EndpointSlice> slices, Settings settings) {
        return translate(configMap, services, slices, settings.locality(), "TCP", "TcpServiceInvalid", entry -> {
            if (settings.takenPorts().contains(entry.port())) {
                throw new IllegalArgumentException("reseau-ingress serves HTTP or HTTPS on it");
            }
            return new TcpService(entry.port(), entry.backend(), entry.proxyProtocolIn(), entry.proxyProtocolOut(),
                    settings.connectTimeout(), settings.idleTimeout(), settings.nextUpstream());
        });
    }

    /** The {@code udp-services} ConfigMap's services (HTTP and HTTPS, over TCP, take no UDP port). */
    public static Result<UdpService> udp(Optional<ConfigMap> configMap, Collection<Service> services,
            Collection<EndpointSlice> slices, Settings settings) {
        return translate(configMap, services, slices, settings.locality(), "UDP", "UdpServiceInvalid", entry -> {
            if (entry.proxyProtocolIn() || entry.proxyProtocolOut()) {
                throw new IllegalArgumentException("the PROXY protocol is for TCP services");
            }
            return new UdpService(entry.port(), entry.backend(), settings.udpResponses(), settings.idleTimeout());
        });
    }

    private static <S> Result<S> translate(Optional<ConfigMap> configMap, Collection<Service> services,
            Collection<EndpointSlice> slices, Locality locality, String transport, String invalid,
            ServiceOf<S> serviceOf) {
        if (configMap.isEmpty()) {
            return new Result<>(List.of(), List.of());
        }
        Backends backends = new Backends(services, slices, locality);
        List<Problem> problems = new ArrayList<>();
        List<S> served = ConfigMapEntries.read(configMap.get(),
                (key, value) -> serviceOf.of(entry(key, value, backends, transport)), invalid,
                (key, why) -> "port " + key + ": " + why + "; not served", problems);
        return new Result<>(List.copyOf(served), List.copyOf(problems));
    }

    private static Entry entry(String key, String value, Backends backends, String transport) {
        int port = port(key, "is not a port (1 to 65535)");
        String[] fields = value.strip().split(":", -1);
        int slash = fields[0].indexOf('/');
        if (fields.length < 2 || fields.length > 4 || slash <= 0 || slash == fields[0].length() - 1
                || fields[1].isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is not namespace/service:port[:PROXY][:PROXY]");
        }
        boolean proxyIn = proxyField(fields, 2);
        boolean proxyOut = proxyField(fields, 3);
        String namespace = fields[0].substring(0, slash);
        String name = fields[0].substring(slash + 1);
        IngressServiceBackendBuilder wanted = new IngressServiceBackendBuilder().withName(name);
        if (fields[1].chars().allMatch(Character::isDigit)) {
            wanted.withNewPort().withNumber(port(fields[1], "is not a Service port")).endPort();
        } else {
            wanted.withNewPort().withName(fields[1]).endPort();
        }
        return switch (backends.resolve(namespace, wanted.build(), transport, Optional.of(BackendProtocol.HTTP),
                false)) {
            case Backends.Resolution.Resolved resolved -> new Entry(port, resolved.backend(), proxyIn, proxyOut);
            case Backends.Resolution.Unresolved unresolved -> throw new IllegalArgumentException(
                    unresolved.message());
        };
    }

    private static boolean proxyField(String[] fields, int index) {
        if (fields.length <= index || fields[index].isEmpty()) {
            return false;
        }
        if (!fields[index].equals("PROXY")) {
            throw new IllegalArgumentException("'" + fields[index] + "' is not PROXY");
        }
        return true;
    }

    private static int port(String text, String problem) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("'" + text + "' " + problem);
    }
}
