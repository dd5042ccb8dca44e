package io.reseau.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spec's "Parameters" section: which variables each command needs, and what they may hold. */
class CniEnvironmentTest {

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource(nullValues = "-", value = {
            "ADD,    abc123,  /var/run/netns/x, eth0",
            "CHECK,  a.b_c-d, /proc/1/ns/net,   net1",
            "DEL,    abc123,  -,                eth0",
            "VERSION, -,      -,                -",
            "STATUS, -,       -,                -",
            "GC,     -,       -,                -"})
    void acceptsWhatEachCommandNeeds(String command, String id, String netns, String ifname) {
        CniEnvironment env = CniEnvironment.parse(env(command, id, netns, ifname));
        assertThat(env.command().name()).isEqualTo(command);
        if (env.command().perAttachment()) {
            assertThat(env.containerId()).isEqualTo(id);
            assertThat(env.ifname()).isEqualTo(ifname);
            assertThat(env.netns()).isEqualTo(Optional.ofNullable(netns));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            "-,      abc, /n, eth0,             CNI_COMMAND is not set",
            "FROB,   abc, /n, eth0,             CNI_COMMAND=FROB is not a CNI command",
            "ADD,    -,   /n, eth0,             CNI_CONTAINERID is not set",
            "ADD,    -bad,/n, eth0,             CNI_CONTAINERID='-bad' is not a container id",
            "ADD,    abc, -,  eth0,             CNI_NETNS is not set",
            "CHECK,  abc, -,  eth0,             CNI_NETNS is not set",
            "ADD,    abc, /n, -,                CNI_IFNAME is not set",
            "ADD,    abc, /n, a/b,              CNI_IFNAME='a/b' is not an interface name",
            "DEL,    abc, /n, sixteen-chars-xx, CNI_IFNAME='sixteen-chars-xx' is not an interface name",
            "ADD,    abc, /n, ..,               CNI_IFNAME='..' is not an interface name"})
    void namesTheVariableToFix(String command, String id, String netns, String ifname, String message) {
        assertThatThrownBy(() -> CniEnvironment.parse(env(command, id, netns, ifname)))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(CniError.INVALID_ENVIRONMENT))
                .hasMessageContaining(message);
    }

    private static Map<String, String> env(String command, String id, String netns, String ifname) {
        Map<String, String> env = new HashMap<>();
        put(env, "CNI_COMMAND", command);
        put(env, "CNI_CONTAINERID", id);
        put(env, "CNI_NETNS", netns);
        put(env, "CNI_IFNAME", ifname);
        return env;
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
