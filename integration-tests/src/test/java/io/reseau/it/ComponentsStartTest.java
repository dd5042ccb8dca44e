package io.reseau.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.testing.NetnsExtension;
import io.reseau.hostnet.testing.ThrowawayNamespaces;
import io.reseau.informers.testing.MockApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each component, started from its launcher in the bundle against an API server, syncs its caches, reports
 * ready and live, exports its metrics, and stops cleanly on SIGTERM. Node agents get a throwaway network
 * namespace to program, never the machine's own.
 */
@ExtendWith(NetnsExtension.class)
class ComponentsStartTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "reseau-cni,Node",
            "reseau-proxy,EndpointSlice",
            "reseau-ingress,Ingress",
            "reseau-certs,Ingress",
            "reseau-policy,NetworkPolicy"})
    void startsSyncsReportsAndStops(String binary, String watched, @TempDir Path work, ThrowawayNamespaces netns)
            throws Exception {
        String prefix = "RESEAU_" + binary.substring("reseau-".length()).toUpperCase() + "_";
        HostNetwork node = netns.createNetwork("node");
        try (MockApiServer api = MockApiServer.start(); KubernetesClient client = api.newClient()) {
            Path kubeconfig = Kubeconfig.write(work, api.url());
            Map<String, String> environment = new HashMap<>(Map.of(
                    "KUBECONFIG", kubeconfig.toString(),
                    prefix + "NODE_NAME", "node-1",
                    prefix + "NETWORK_NAMESPACE", node.namespace().name().orElseThrow(),
                    // reseau-ingress serves traffic: on loopback and free ports, never the machine's 8080/8443.
                    "RESEAU_INGRESS_BIND_ADDRESS", "127.0.0.1",
                    "RESEAU_INGRESS_HTTP_PORT", "0",
                    "RESEAU_INGRESS_HTTPS_PORT", "0"));
            if (binary.equals("reseau-cni")) {
                // the agent is ready once it has built its node's overlay: give it a Node with a pod CIDR, an
                // underlay address in its namespace, and files of its own instead of the machine's
                client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                        .withNewSpec().withPodCIDRs("10.42.1.0/24").endSpec()
                        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.250.9.1").endAddress()
                        .endStatus().build()).create();
                node.links().addVeth("eth0", "eth0-peer", node.namespace());
                node.addresses().replace("eth0", "10.250.9.1/24");
                node.links().setUp("eth0");
                node.links().setUp("eth0-peer");
                environment.putAll(Map.of("RESEAU_CNI_CONF_DIR", work.resolve("net.d").toString(),
                        "RESEAU_CNI_SPOOL_DIR", work.resolve("cni-spool").toString(),
                        "RESEAU_CNI_DATA_DIR", work.resolve("cni-data").toString()));
            }
            try (RunningBinary component = RunningBinary.start(binary, work, environment)) {

                component.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(60));

                assertThat(component.status("/q/health/live")).isEqualTo(200);
                assertThat(component.get("/q/metrics").body())
                        .contains("reseau_informer_synced{resource=\"" + watched + "\"} 1.0");
                assertThat(component.stop(Duration.ofSeconds(15))).as("stops within 15 s of SIGTERM").isTrue();
                assertThat(component.log()).contains(binary + " stopped in");
            }
        }
    }
}
