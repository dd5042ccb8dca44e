package io.reseau.cni.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reseau.cni.ipam.Cidr;
import io.reseau.cni.spec.CniCommand;
import io.reseau.cni.spec.NetworkConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflistTest {

    @Test
    void listsReseauThenPortmapAndTheEntryParsesAsThePluginsConfig() throws Exception {
        Conflist conflist = new Conflist("reseau", "1.0.0", "reseau0", 1450,
                List.of(Cidr.parse("10.42.1.0/24"), Cidr.parse("fd42:0:1::/64")), Path.of("/var/lib/reseau/cni"), true);
        JsonNode json = new ObjectMapper().readTree(conflist.toJson());
        assertThat(json.path("plugins")).extracting(p -> p.path("type").asText()).containsExactly("reseau", "portmap");
        assertThat(json.path("plugins").get(1).path("capabilities").path("portMappings").asBoolean()).isTrue();

        // what a runtime passes the first plugin: its entry with the list's name and version
        var entry = (com.fasterxml.jackson.databind.node.ObjectNode) json.path("plugins").get(0).deepCopy();
        entry.put("name", json.path("name").asText()).put("cniVersion", json.path("cniVersion").asText());
        NetworkConfig config = NetworkConfig.parse(entry.toString().getBytes(StandardCharsets.UTF_8), CniCommand.ADD);
        assertThat(config.ranges()).extracting(r -> r.subnet().toString()).containsExactly("10.42.1.0/24", "fd42:0:1::/64");
        assertThat(config.mtu()).isEqualTo(1450);
        assertThat(config.bridge()).isEqualTo("reseau0");
    }

    @Test
    void portmapIsLeftOutWhenNotChained() throws Exception {
        Conflist conflist = new Conflist("reseau", "1.1.0", "reseau0", 1450, List.of(Cidr.parse("10.42.1.0/24")),
                Path.of("/d"), false);
        assertThat(new ObjectMapper().readTree(conflist.toJson()).path("plugins")).hasSize(1);
    }
}
