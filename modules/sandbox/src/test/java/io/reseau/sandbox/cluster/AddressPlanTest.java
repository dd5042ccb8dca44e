package io.reseau.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AddressPlanTest {

    private final AddressPlan plan = new AddressPlan(3);

    @Test
    void nodesGetAnUnderlayAddressAndAPodCidrByTheirNumber() {
        assertThat(plan.nodeNames()).containsExactly("node-1", "node-2", "node-3");
        assertThat(plan.nodeAddress("node-3")).isEqualTo("10.240.0.13");
        assertThat(plan.podCidr("node-2")).isEqualTo("10.42.2.0/24");
        assertThat(plan.apiUrl()).isEqualTo("http://10.240.0.2:6443");
        assertThatThrownBy(() -> plan.podCidr("node-4")).hasMessage("no node node-4 in a sandbox of 3");
        assertThatThrownBy(() -> new AddressPlan(0)).hasMessageContaining("--nodes must be between 1 and 200");
    }

    @Test
    void theNodeObjectCarriesItsPodCidrInternalIpAndReadiness() {
        Node node = NodeObjects.of(plan, "node-2", Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(node.getSpec().getPodCIDRs()).containsExactly("10.42.2.0/24");
        assertThat(node.getStatus().getAddresses()).anySatisfy(address -> {
            assertThat(address.getType()).isEqualTo("InternalIP");
            assertThat(address.getAddress()).isEqualTo("10.240.0.12");
        });
        assertThat(node.getStatus().getConditions()).anySatisfy(condition -> {
            assertThat(condition.getType()).isEqualTo("Ready");
            assertThat(condition.getStatus()).isEqualTo("True");
        });
    }
}
