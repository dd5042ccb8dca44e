package io.reseau.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.testing.MockApiServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** reseau-ingress's zone, read from its node over the API, or not known (and every endpoint used). */
class NodeZoneTest {

    private MockApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = MockApiServer.start();
        client = api.newClient();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a")
                .addToLabels(NodeZone.ZONE_LABEL, "eu-west-1a").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void theZoneIsTheNodesLabel() {
        assertThat(NodeZone.read(client, true, Optional.of("node-a"))).contains("eu-west-1a");
    }

    @Test
    void withoutTheSettingNoZoneIsRead() {
        assertThat(NodeZone.read(client, false, Optional.of("node-a"))).isEmpty();
    }

    @Test
    void aNodeThatIsNotKnownOrHasNoZoneLeavesTheZoneUnknown() {
        assertThat(NodeZone.read(client, true, Optional.empty())).isEmpty();
        assertThat(NodeZone.read(client, true, Optional.of("gone"))).isEmpty();
        assertThat(NodeZone.read(client, true, Optional.of("bare"))).isEmpty();
    }
}
