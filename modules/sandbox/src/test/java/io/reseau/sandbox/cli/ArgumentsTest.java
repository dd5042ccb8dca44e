package io.reseau.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void optionsInBothFormsPositionalsAndACommandAfterTheSeparator() {
        Arguments exec = Arguments.parse(List.of("exec", "web-1", "-n", "shop", "--", "curl", "-s", "--nodes", "x"));
        assertThat(exec.command()).isEqualTo("exec");
        assertThat(exec.positional()).containsExactly("web-1");
        assertThat(exec.options()).isEqualTo(Map.of("namespace", "shop"));
        assertThat(exec.passThrough()).containsExactly("curl", "-s", "--nodes", "x");

        Arguments up = Arguments.parse(List.of("up", "--nodes=3", "--api-port", "7000"));
        assertThat(up.intOption("nodes", 2)).isEqualTo(3);
        assertThat(up.intOption("api-port", 1)).isEqualTo(7000);
        assertThat(Arguments.parse(List.of("apply", "-f", "dir/")).option("filename")).contains("dir/");
    }

    @Test
    void mistakesAreSaidPlainly() {
        assertThatThrownBy(() -> Arguments.parse(List.of())).hasMessage("no command given");
        assertThatThrownBy(() -> Arguments.parse(List.of("up", "--nodez", "3"))).hasMessage("unknown option --nodez");
        assertThatThrownBy(() -> Arguments.parse(List.of("apply", "-f"))).hasMessage("-f needs a value");
        assertThatThrownBy(() -> Arguments.parse(List.of("up", "--nodes", "two")).intOption("nodes", 2))
                .hasMessage("--nodes takes a number, got 'two'");
    }
}
