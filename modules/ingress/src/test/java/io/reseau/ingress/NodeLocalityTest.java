package io.reseau.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.ingress.model.Locality;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** reseau-ingress's node and its zone, read over the API, or not known (and every endpoint used). */
class NodeLocalityTest {

    private MockApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = MockApiServer.start();
        client = api.newClient();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a")
                .addToLabels(NodeLocality.ZONE_LABEL, "eu-west-1a").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void theNodeIsTheOneNamedAndItsZoneItsLabel() {
        assertThat(NodeLocality.read(client, true, Optional.of("node-a")))
                .isEqualTo(new Locality(Optional.of("node-a"), Optional.of("eu-west-1a")));
    }

    @Test
    void withoutTheSettingNothingIsRead() {
        assertThat(NodeLocality.read(client, false, Optional.of("node-a"))).isEqualTo(Locality.UNKNOWN);
    }

    @Test
    void aNodeThatCannotBeReadOrHasNoZoneLeavesTheZoneUnknown() {
        assertThat(NodeLocality.read(client, true, Optional.empty())).isEqualTo(Locality.UNKNOWN);
        assertThat(NodeLocality.read(client, true, Optional.of("gone")))
                .isEqualTo(new Locality(Optional.of("gone"), Optional.empty()));
        assertThat(NodeLocality.read(client, true, Optional.of("bare")))
                .isEqualTo(new Locality(Optional.of("bare"), Optional.empty()));
    }
}
