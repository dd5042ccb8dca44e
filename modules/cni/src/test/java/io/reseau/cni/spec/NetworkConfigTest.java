package io.reseau.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The network configuration on stdin: the spec's required fields, reseau's own, and what each error says. */
class NetworkConfigTest {

    @Test
    void readsAConflistEntryAsTheRuntimePassesIt() {
        NetworkConfig config = parse("""
                {"cniVersion": "1.1.0", "name": "reseau", "type": "reseau", "bridge": "cbr0", "mtu": 1400,
                 "subnets": ["10.42.1.0/24", "fd42:0:1::/64"], "dataDir": "/tmp/x"}""", CniCommand.ADD);
        assertThat(config.cniVersion()).isEqualTo("1.1.0");
        assertThat(config.name()).isEqualTo("reseau");
        assertThat(config.bridge()).isEqualTo("cbr0");
        assertThat(config.mtu()).isEqualTo(1400);
        assertThat(config.ranges()).extracting(r -> r.subnet().toString()).containsExactly("10.42.1.0/24", "fd42:0:1::/64");
        assertThat(config.ranges()).extracting(r -> r.gateway().getHostAddress()).containsExactly("10.42.1.1", "fd42:0:1:0:0:0:0:1");
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void fillsDefaultsAndReadsGcAttachments() {
        NetworkConfig config = parse("""
                {"cniVersion": "1.1.0", "name": "reseau", "cni.dev/valid-attachments":
                 [{"containerID": "a", "ifname": "eth0"}]}""", CniCommand.GC);
        assertThat(config.bridge()).isEqualTo("reseau0");
        assertThat(config.mtu()).isEqualTo(1450);
        assertThat(config.dataDir()).isEqualTo(NetworkConfig.DEFAULT_DATA_DIR);
        assertThat(config.validAttachments()).containsExactly(new Attachment("a", "eth0"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"cniVersion\": \"1.0.0\", \"name\": |6|is not JSON",
            "[1, 2]|6|must be a JSON object",
            "{\"name\": \"n\", \"subnets\": [\"10.42.1.0/24\"]}|7|cniVersion is missing",
            "{\"cniVersion\": \"0.3.1\", \"name\": \"n\"}|1|cniVersion 0.3.1 is not supported",
            "{\"cniVersion\": \"1.0.0\", \"subnets\": [\"10.42.1.0/24\"]}|7|name is missing",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"bad name\"}|7|is not a network name",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\"}|7|subnets is missing or empty",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": \"10.42.1.0/24\"}|7|subnets must be a list",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"10.42.1.1/24\"]}|7|has host bits set",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"10.42.1.0/31\"]}|7|too small",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"pods\"]}|7|is not a CIDR",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"10.42.1.0/24\", \"10.43.1.0/24\"]}|7|of the same family",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"10.42.1.0/24\"], \"mtu\": 100}|7|mtu 100 is out of range",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"fd42::/64\"], \"mtu\": 1000}|7|IPv6 needs at least 1280",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"10.42.1.0/24\"], \"bridge\": \"a/b\"}|7|is not an interface name",
            "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"10.42.1.0/24\"], \"dataDir\": \"rel\"}|7|must be an absolute path"})
    void saysWhatToFix(String json, int code, String message) {
        assertThatThrownBy(() -> parse(json, CniCommand.ADD))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void checkNeedsThePreviousResultAndGcTheAttachmentsToKeep() {
        String config = "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"subnets\": [\"10.42.1.0/24\"]}";
        assertThatThrownBy(() -> parse(config, CniCommand.CHECK)).hasMessageContaining("CHECK needs prevResult");
        assertThatThrownBy(() -> parse(config, CniCommand.GC)).hasMessageContaining("cni.dev/valid-attachments");
        assertThat(parse(config, CniCommand.DEL).ranges()).hasSize(1);
    }

    private static NetworkConfig parse(String json, CniCommand command) {
        return NetworkConfig.parse(json.getBytes(StandardCharsets.UTF_8), command);
    }
}
