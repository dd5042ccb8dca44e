package io.reseau.cni.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginRequestTest {

    @Test
    void keepsTheCniVariablesOfTheEnvironmentBlockWithTheirValuesIntact() {
        byte[] environ = "PATH=/usr/bin\0CNI_COMMAND=ADD\0CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAME=a=b\0CNI_NETNS=\0HOME=/root\0"
                .getBytes(StandardCharsets.UTF_8);
        PluginRequest request = PluginRequest.fromEnviron(environ, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(request.environment()).containsExactly(
                Map.entry("CNI_COMMAND", "ADD"),
                Map.entry("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=a=b"),
                Map.entry("CNI_NETNS", ""));
        assertThat(new String(request.stdin(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void anEmptyEnvironmentGivesNoVariables() {
        assertThat(PluginRequest.fromEnviron(new byte[0], new byte[0]).environment()).isEmpty();
    }
}
