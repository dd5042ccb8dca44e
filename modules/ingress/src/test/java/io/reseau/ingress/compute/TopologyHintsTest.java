package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackendBuilder;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TcpService;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.Routes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Topology-aware routing as kube-proxy does it: a Service port's endpoints hinted for reseau's node, else for its zone,
 * when every ready endpoint is hinted so and some are for that place; otherwise every ready endpoint.
 */
class TopologyHintsTest {

    /**
     * Endpoints are written {@code last-octet:hinted zones:ready[:hinted nodes]}, in two slices split at {@code |};
     * reseau runs at {@code node/zone} ({@code -}: not known).
     */
    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "1:a:y 2:b:y | 3:a:y;  -/a;  1 3",
            "1:a:y 2:b:y | 3:a:y;  -/b;  2",
            "1:a:y 2:b:y | 3:a:y;  -/-;  1 2 3",
            // a zone no endpoint is hinted for: all, never none
            "1:a:y 2:b:y | 3:a:y;  -/c;  1 2 3",
            // one ready endpoint without hints (a Service that does not ask for them, or slices being rewritten)
            "1:a:y 2:b:y | 3::y;   -/a;  1 2 3",
            // an endpoint that is not ready neither counts nor is used
            "1:a:y 2:b:y | 3::n;   -/a;  1",
            "1:a:y 2:b:n | 3:a:y;  -/b;  1 3",
            // an endpoint hinted for several zones (the controller spreads a zone's share)
            "1:a,b:y 2:b:y | 3:c:y; -/a; 1",
            "1:a,b:y 2:b:y | 3:c:y; -/b; 1 2",
            // PreferSameNode: the node's endpoints before the zone's
            "1:a:y:n1 2:a:y:n2 | 3:b:y:n3; n2/a; 2",
            // no endpoint on this node: the zone's
            "1:a:y:n1 2:a:y:n2 | 3:b:y:n3; n4/b; 3",
            "1:a:y:n1 2:a:y:n2 | 3:b:y:n3; n4/-; 1 2 3",
            // an endpoint without node hints: zones decide
            "1:a:y:n1 2:a:y | 3:b:y:n3; n1/b; 3",
    })
    void hintedEndpointsOfTheNodeOrZoneAreUsed(String endpoints, String locality, String expected) {
        String[] slices = endpoints.split("\\|");
        List<EndpointSlice> sliced = List.of(slice("web-x", slices[0]), slice("web-y", slices[1]));
        String[] place = locality.split("/");
        Backends backends = new Backends(List.of(Objects.service("default", "web", 80)), sliced,
                new Locality(known(place[0]), known(place[1])));

        Backends.Resolution resolution = backends.resolve("default", new IngressServiceBackendBuilder()
                .withName("web").withNewPort().withNumber(80).endPort().build(), Optional.empty(), false);

        assertThat(resolution).isInstanceOfSatisfying(Backends.Resolution.Resolved.class, resolved -> {
            Backend backend = resolved.backend();
            assertThat(backend.endpoints()).containsExactlyElementsOf(Arrays.stream(expected.split(" "))
                    .map(octet -> new InetSocketAddress("10.42.0." + octet, 8080)).toList());
        });
    }

    private static Optional<String> known(String written) {
        return written.equals("-") ? Optional.empty() : Optional.of(written);
    }

    @Test
    void theControllersZoneReachesIngressAndTcpServiceBackends() {
        List<Service> services = List.of(Objects.service("default", "web", 80));
        List<EndpointSlice> slices = List.of(slice("web-x", "1:a:y 2:b:y"));
        Ingress ingress = Objects.ingress("default", "x", "foo.com", Objects.path("Prefix", "/", "web", 80));
        ConfigMap tcp = new ConfigMapBuilder().withNewMetadata().withNamespace("ingress").withName("tcp")
                .endMetadata().addToData("5432", "default/web:80").build();

        RoutingTable table = IngressTranslation.translate(List.of(ingress), List.of(Objects.ourClass(true)),
                services, slices, List.of(), List.of(), Routes.SETTINGS.at(inZoneB())).table();
        StreamServices.Result<TcpService> relays = StreamServices.tcp(Optional.of(tcp), services, slices,
                new StreamServices.Settings(Optional.of(new ObjectKey("ingress", "tcp")), Optional.empty(), Set.of(),
                        Duration.ofSeconds(5), Duration.ofSeconds(600), 1, NextUpstream.DEFAULT, inZoneB()));

        InetSocketAddress zoneBs = new InetSocketAddress("10.42.0.2", 8080);
        assertThat(table.virtualHost("foo.com").flatMap(host -> host.route("/")).orElseThrow().backend()
                .endpoints()).containsExactly(zoneBs);
        assertThat(relays.services()).singleElement().satisfies(relay ->
                assertThat(relay.backend().endpoints()).containsExactly(zoneBs));
    }

    private static Locality inZoneB() {
        return new Locality(Optional.empty(), Optional.of("b"));
    }

    private static EndpointSlice slice(String name, String endpoints) {
        return new EndpointSliceBuilder(Objects.slice("default", "web", name, 8080))
                .withEndpoints(Arrays.stream(endpoints.strip().split(" ")).map(TopologyHintsTest::endpoint).toList())
                .build();
    }

    private static Endpoint endpoint(String written) {
        String[] fields = written.split(":", -1);
        EndpointBuilder endpoint = new EndpointBuilder().withAddresses("10.42.0." + fields[0]).withNewConditions()
                .withReady(fields[2].equals("y")).endConditions();
        if (!fields[1].isEmpty() || fields.length > 3) {
            EndpointBuilder.HintsNested<EndpointBuilder> hints = endpoint.withNewHints();
            if (!fields[1].isEmpty()) {
                Arrays.stream(fields[1].split(",")).forEach(zone -> hints.addNewForZone(zone));
            }
            if (fields.length > 3) {
                hints.addNewForNode(fields[3]);
            }
            hints.endHints();
        }
        return endpoint.build();
    }
}
