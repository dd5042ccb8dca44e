package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.Problem;
import io.reseau.ingress.model.TcpService;
import io.reseau.ingress.testing.Objects;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ingress-nginx's tcp-services ConfigMap, entry by entry: what is served, what is reported and skipped. */
class TcpServicesTest {

    private static final TcpServices.Settings SETTINGS = new TcpServices.Settings(
            Optional.of(new ObjectKey("ingress", "tcp")),
            Set.of(80, 443), Duration.ofSeconds(5), Duration.ofSeconds(600));

    private static TcpServices.Result translate(Map<String, String> data) {
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withNamespace("ingress").withName("tcp")
                .endMetadata().withData(data).build();
        return TcpServices.translate(Optional.of(map), List.of(Objects.service("db", "postgres", 5432)),
                List.of(Objects.slice("db", "postgres", "postgres-1", 15432, "10.0.0.1", "10.0.0.2")), SETTINGS);
    }

    @Test
    void eachKeyIsAPortRelayedToTheServicePortItsValueNames() {
        TcpServices.Result result = translate(Map.of(
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
        TcpServices.Result result = translate(Map.of(
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
                .contains("has no port 5433"));
    }

    @Test
    void withoutTheConfigMapThereIsNothingToServe() {
        TcpServices.Result result = TcpServices.translate(Optional.empty(), List.of(), List.of(), SETTINGS);

        assertThat(result.services()).isEmpty();
        assertThat(result.problems()).isEmpty();
    }
}
