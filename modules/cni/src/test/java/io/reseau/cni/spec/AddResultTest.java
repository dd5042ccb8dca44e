package io.reseau.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reseau.cni.ipam.Cidr;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ADD result in each spec version's shape (0.4.0 names each address's version; 1.1.0 adds the MTU). */
class AddResultTest {

    private static final AddResult RESULT = new AddResult("rs0123456789ab", "aa:bb:cc:dd:ee:01", "eth0",
            "aa:bb:cc:dd:ee:02", "/var/run/netns/p", 1450, List.of(
                    new AddResult.IpConfig(Cidr.literal("10.42.1.5", "t"), 24, Cidr.literal("10.42.1.1", "t")),
                    new AddResult.IpConfig(Cidr.literal("fd42:0:1::5", "t"), 64, Cidr.literal("fd42:0:1::1", "t"))));

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0.4.0, true, false", "1.0.0, false, false", "1.1.0, false, true"})
    void speaksTheRequestedVersion(String version, boolean ipVersions, boolean mtu) throws Exception {
        JsonNode json = new ObjectMapper().readTree(RESULT.toJson(version));
        assertThat(json.path("cniVersion").asText()).isEqualTo(version);
        assertThat(json.path("interfaces").get(1).path("sandbox").asText()).isEqualTo("/var/run/netns/p");
        assertThat(json.path("ips").get(0).path("address").asText()).isEqualTo("10.42.1.5/24");
        assertThat(json.path("ips").get(1).path("address").asText()).isEqualTo("fd42:0:1::5/64");
        assertThat(json.path("ips").get(1).path("gateway").asText()).isEqualTo("fd42:0:1::1");
        assertThat(json.path("ips").get(0).path("interface").asInt()).isEqualTo(1);
        assertThat(json.path("ips").get(0).has("version")).isEqualTo(ipVersions);
        assertThat(json.path("interfaces").get(1).has("mtu")).isEqualTo(mtu);
        assertThat(json.path("routes")).extracting(r -> r.path("dst").asText() + " via " + r.path("gw").asText())
                .containsExactly("0.0.0.0/0 via 10.42.1.1", "::/0 via fd42:0:1::1");
    }
}
