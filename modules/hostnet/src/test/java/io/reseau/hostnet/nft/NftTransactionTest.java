package io.reseau.hostnet.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NftTransactionTest {

    @Test
    void replacingATableRendersOneObjectPerLineInDependencyOrder() {
        Table table = new Table(Family.IP, "reseau-test",
                List.of(Chain.base("services", Hook.of("nat", "prerouting", "dstnat"),
                                List.of("ip daddr . meta l4proto . th dport vmap @service-ips")),
                        Chain.regular("svc-web", List.of("counter accept"))),
                List.of(new NftSet("affinity", "ipv4_addr", Set.of("dynamic", "timeout"),
                        Optional.of(Duration.ofMinutes(3)), List.of())),
                List.of(NftMap.of("service-ips", "ipv4_addr . inet_proto . inet_service", "verdict",
                        Map.of("10.43.0.1 . tcp . 80", "goto svc-web"))));

        assertThat(new NftTransaction().replaceTable(table).lines()).containsExactly(
                "add table ip reseau-test",
                "delete table ip reseau-test",
                "add table ip reseau-test",
                "add chain ip reseau-test services { type nat hook prerouting priority dstnat; policy accept; }",
                "add chain ip reseau-test svc-web",
                "add set ip reseau-test affinity { type ipv4_addr; flags dynamic,timeout; timeout 180s; }",
                "add map ip reseau-test service-ips { type ipv4_addr . inet_proto . inet_service : verdict; }",
                "add element ip reseau-test service-ips { 10.43.0.1 . tcp . 80 : goto svc-web }",
                "add rule ip reseau-test services ip daddr . meta l4proto . th dport vmap @service-ips",
                "add rule ip reseau-test svc-web counter accept");
    }

    @Test
    void deletingATableNeverFailsBecauseItIsMissing() {
        assertThat(new NftTransaction().deleteTable(Family.INET, "reseau-policy").lines())
                .containsExactly("add table inet reseau-policy", "delete table inet reseau-policy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1starts-with-digit", "has space", "semi;colon", "quote\"d", "a/b"})
    void refusesNamesNftWouldMisread(String name) {
        assertThatThrownBy(() -> Chain.regular(name, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid nftables chain name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"accept\nadd table ip evil", "accept; flush ruleset", "accept # hidden"})
    void refusesRulesThatWouldSmuggleInAnotherCommand(String rule) {
        assertThatThrownBy(() -> Chain.regular("c", List.of(rule)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a single nftables rule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1 }", "10.0.0.1, 10.0.0.2", "10.0.0.1\n", "{ 1 }"})
    void refusesElementsThatWouldBreakOutOfTheirBraces(String element) {
        assertThatThrownBy(() -> new NftTransaction().addElements(Family.IP, "t", "s", List.of(element)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid nftables element");
    }

    @Test
    void commentsFromObjectNamesAreMadeSafe() {
        assertThat(NftText.comment("default/web \"x\"; drop")).isEqualTo("comment \"default/web _x__ drop\"");
    }

    @Test
    void aTableRefusesTwoObjectsWithOneName() {
        assertThatThrownBy(() -> new Table(Family.IP, "t", List.of(Chain.regular("c", List.of()),
                Chain.regular("c", List.of())), List.of(), List.of()))
                .hasMessageContaining("two chains named c");
    }

    @Test
    void errorsAreMappedBackToTheScriptLines() {
        List<String> script = List.of("add table ip t", "add rule ip t c bogus", "add rule ip t c also-bogus");
        String stderr = """
                /dev/stdin:2:18-22: Error: syntax error, unexpected string
                add rule ip t c bogus
                                 ^^^^^
                /dev/stdin:3:18-27: Error: Could not process rule: No such file or directory
                add rule ip t c also-bogus
                                 ^^^^^^^^^^
                """;

        assertThat(NftErrors.parse(stderr, script)).containsExactly(
                new NftablesException.LineError(2, "add rule ip t c bogus", "syntax error, unexpected string"),
                new NftablesException.LineError(3, "add rule ip t c also-bogus",
                        "Could not process rule: No such file or directory"));
    }
}
