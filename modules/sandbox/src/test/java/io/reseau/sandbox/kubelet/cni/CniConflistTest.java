package io.reseau.sandbox.kubelet.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a runtime derives from a conflist, per the CNI spec (section "Network configuration lists"). */
class CniConflistTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFLIST = """
            {"cniVersion": "1.0.0", "name": "reseau",
             "plugins": [{"type": "reseau", "bridge": "reseau0", "mtu": 1450},
                         {"type": "portmap", "capabilities": {"portMappings": true}}]}""";

    @Test
    void eachPluginGetsTheListsNameAndVersionAndThePreviousResult() throws Exception {
        CniConflist list = CniConflist.parse(CONFLIST);
        JsonNode first = JSON.readTree(list.stdin(0, Optional.empty()));
        assertThat(list.type(0)).isEqualTo("reseau");
        assertThat(first.path("name").asText()).isEqualTo("reseau");
        assertThat(first.path("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(first.path("mtu").asInt()).isEqualTo(1450);
        assertThat(first.has("prevResult")).isFalse();

        JsonNode result = CniConflist.parseResult("""
                {"cniVersion": "1.0.0", "interfaces": [{"name": "eth0", "sandbox": "/run/netns/p"}],
                 "ips": [{"address": "fd42::5/64", "interface": 0}, {"address": "10.42.1.5/24", "gateway": "10.42.1.1", "interface": 0}]}""");
        JsonNode second = JSON.readTree(list.stdin(1, Optional.of(result)));
        assertThat(list.type(1)).isEqualTo("portmap");
        assertThat(second.path("prevResult")).isEqualTo(result);
        assertThat(CniConflist.firstIpv4(result)).contains("10.42.1.5");
    }

    @Test
    void aFileThatIsNotAConflistIsRefused() {
        assertThatThrownBy(() -> CniConflist.parse("{\"cniVersion\": \"1.0.0\", \"name\": \"x\", \"type\": \"bridge\"}"))
                .hasMessageContaining("not a CNI network configuration list");
        assertThat(CniConflist.firstIpv4(CniConflist.parseResult("{\"ips\": []}"))).isEmpty();
    }
}
