package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.Problem;
import io.reseau.ingress.model.TcpService;
import io.reseau.ingress.model.UdpService;
import io.reseau.ingress.testing.Objects;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ingress-nginx's tcp-services and udp-services ConfigMaps, entry by entry: what is served, what is reported and
 * skipped.
 */
class StreamServicesTest {

    private static final StreamServices.Settings SETTINGS = new StreamServices.Settings(
            Optional.of(new ObjectKey("ingress", "tcp")), Optional.of(new ObjectKey("ingress", "udp")),
            Set.of(80, 443), Duration.ofSeconds(5), Duration.ofSeconds(600), 1, NextUpstream.DEFAULT, Locality.UNKNOWN);

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("ingress").withName(name).endMetadata()
                .withData(data).build();
    }

    private static StreamServices.Result<TcpService> translate(Map<String, String> data) {
        return StreamServices.tcp(Optional.of(configMap("tcp", data)),
                List.of(Objects.service("db", "postgres", 5432)),
                List.of(Objects.slice("db", "postgres", "postgres-1", 15432, "10.0.0.1", "10.0.0.2")), SETTINGS);
    }

    /** A DNS Service as clusters have it: port 53 over UDP ({@code dns}) and over TCP ({@code dns-tcp}). */
    private static StreamServices.Result<UdpService> translateUdp(Map<String, String> data) {
        Service dns = new ServiceBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns")
                .endMetadata().withNewSpec().addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53)
                .withNewTargetPort(5353).endPort().addNewPort().withName("dns").withProtocol("UDP").withPort(53)
                .withNewTargetPort(5353).endPort().endSpec().build();
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withNamespace("kube-system")
                .withName("kube-dns-1").addToLabels("kubernetes.io/service-name", "kube-dns").endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(5353).endPort()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(5354).endPort()
                .addNewEndpoint().withAddresses("10.0.0.9").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build();
        return StreamServices.udp(Optional.of(configMap("udp", data)), List.of(dns), List.of(slice), SETTINGS);
    }

    @Test
    void eachKeyIsAPortRelayedToTheServicePortItsValueNames() {
        StreamServices.Result<TcpService> result = translate(Map.of(
                "5432", "db/postgres:5432",
                "6432", "db/postgres:http:PROXY",
                "7432", "db/postgres:5432::PROXY",
                "8432", " db/postgres:5432:PROXY:PROXY "));

        assertThat(result.problems()).isEmpty();
        assertThat(result.services()).extracting(TcpService::port).containsExactly(5432, 6432, 7432, 8432);
        assertThat(result.services()).extracting(TcpService::proxyProtocolIn).containsExactly(false, true, false,
                true);
        assertThat(result.services()).extracting(TcpService::proxyProtocolOut).containsExactly(false, false, true,
                true);
        TcpService first = result.services().getFirst();
        assertThat(first.backend().endpoints()).containsExactly(new InetSocketAddress("10.0.0.1", 15432),
                new InetSocketAddress("10.0.0.2", 15432));
        assertThat(first.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(first.idleTimeout()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void badEntriesAreReportedAndSkippedWhileTheOthersAreServed() {
        StreamServices.Result<TcpService> result = translate(Map.of(
                "5432", "db/postgres:5432",
                "443", "db/postgres:5432",
                "70000", "db/postgres:5432",
                "postgres", "db/postgres:5432",
                "5433", "postgres:5432",
                "5434", "db/postgres",
                "5435", "db/postgres:5432:proxy",
                "5436", "db/missing:5432",
                "5437", "db/postgres:5433"));

        assertThat(result.services()).extracting(TcpService::port).containsExactly(5432);
        assertThat(result.problems()).hasSize(8).allSatisfy(problem -> {
            assertThat(problem.reason()).isEqualTo("TcpServiceInvalid");
            assertThat(problem.object().getMetadata().getName()).isEqualTo("tcp");
        });
        assertThat(result.problems()).extracting(Problem::message).anySatisfy(message -> assertThat(message)
                .contains("443", "serves HTTP or HTTPS")).anySatisfy(message -> assertThat(message)
                .contains("db/missing does not exist")).anySatisfy(message -> assertThat(message)
                .contains("has no TCP port 5433"));
    }

    @Test
    void withoutTheConfigMapThereIsNothingToServe() {
        assertThat(StreamServices.tcp(Optional.empty(), List.of(), List.of(), SETTINGS).services()).isEmpty();
        assertThat(StreamServices.udp(Optional.empty(), List.of(), List.of(), SETTINGS).problems()).isEmpty();
    }

    @Test
    void aUdpEntryGoesToTheServicesUdpPortByNumberOrName() {
        StreamServices.Result<UdpService> result = translateUdp(Map.of("53", "kube-system/kube-dns:53",
                "5353", "kube-system/kube-dns:dns", "443", "kube-system/kube-dns:53"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.services()).extracting(UdpService::port).containsExactly(443, 53, 5353);
        assertThat(result.services()).allSatisfy(service -> {
            assertThat(service.backend().endpoints()).containsExactly(new InetSocketAddress("10.0.0.9", 5354));
            assertThat(service.responses()).isEqualTo(1);
            assertThat(service.idleTimeout()).isEqualTo(Duration.ofSeconds(600));
        });
    }

    @Test
    void badUdpEntriesAreReportedAndSkipped() {
        StreamServices.Result<UdpService> result = translateUdp(Map.of(
                "53", "kube-system/kube-dns:53",
                "54", "kube-system/kube-dns:53:PROXY",
                "55", "kube-system/kube-dns:dns-tcp",
                "56", "kube-system/kube-dns"));

        assertThat(result.services()).extracting(UdpService::port).containsExactly(53);
        assertThat(result.problems()).extracting(Problem::reason).containsOnly("UdpServiceInvalid");
        assertThat(result.problems()).extracting(Problem::message).containsExactly(
                "port 54: the PROXY protocol is for TCP services; not served",
                "port 55: Service kube-system/kube-dns has no UDP port dns-tcp; not served",
                "port 56: 'kube-system/kube-dns' is not namespace/service:port[:PROXY][:PROXY]; not served");
    }
}
