package io.reseau.hostnet.nft;

import static io.reseau.hostnet.nft.Selector.concat;
import static io.reseau.hostnet.nft.Selector.daddr;
import static io.reseau.hostnet.nft.Selector.dport;
import static io.reseau.hostnet.nft.Selector.l4proto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NftTransactionTest {

    @Test
    void replacingATableWritesOneObjectPerLineInDependencyOrder() {
        Table table = new Table(Family.IP, "reseau-test",
                List.of(Chain.base("services", Hook.of("nat", "prerouting", "dstnat"),
                                List.of(Rule.when().vmap(concat(daddr(Family.IP), l4proto(), dport()), "service-ips"))),
                        Chain.regular("svc-web", List.of(Rule.when().counter().accept()))),
                List.of(NftSet.dynamic("affinity", "ipv4_addr", Duration.ofHours(3))),
                List.of(NftMap.verdicts("service-ips", "ipv4_addr . inet_proto . inet_service",
                        Map.of("10.43.0.1 . tcp . 80", "goto svc-web"))));

        assertThat(new NftTransaction().replaceTable(table).lines()).containsExactly(
                "add table ip reseau-test",
                "delete table ip reseau-test",
                "add table ip reseau-test",
                "add chain ip reseau-test services { type nat hook prerouting priority dstnat; policy accept; }",
                "add chain ip reseau-test svc-web",
                "add set ip reseau-test affinity { type ipv4_addr; flags dynamic,timeout; timeout 3h; }",
                "add map ip reseau-test service-ips { type ipv4_addr . inet_proto . inet_service : verdict; }",
                "add element ip reseau-test service-ips { 10.43.0.1 . tcp . 80 : goto svc-web }",
                "add rule ip reseau-test services ip daddr . meta l4proto . th dport vmap @service-ips",
                "add rule ip reseau-test svc-web counter packets 0 bytes 0 accept");
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
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "10.0.0.300 . tcp . 80 | '10.0.0.300' is not a valid ipv4_addr",
            "10.0.0.1 . tcp . 65536 | '65536' is not a valid inet_service",
            "10.0.0.1 . bogus . 80 | 'bogus' is not a valid inet_proto",
            "10.0.0.1 . tcp | has 2 fields, a ipv4_addr . inet_proto . inet_service has 3",
            "fd00::1 . tcp . 80 | 'fd00::1' is not a valid ipv4_addr"})
    void refusesElementsTheKernelCouldNotHold(String element, String why) {
        NftSet set = NftSet.of("s", "ipv4_addr . inet_proto . inet_service", List.of());
        assertThatThrownBy(() -> new NftTransaction().addElements(Family.IP, "t", set, List.of(element)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @Test
    void aRuleRefusesAValueOfTheWrongType() {
        assertThatThrownBy(() -> Rule.when().is(dport(), "http").accept())
                .hasMessageContaining("'http' is not a valid inet_service");
        assertThatThrownBy(() -> Rule.when().inPrefix(daddr(Family.IP), "10.0.0.0/33").accept())
                .hasMessageContaining("invalid prefix length");
    }

    @Test
    void aTableRefusesTwoObjectsWithOneName() {
        assertThatThrownBy(() -> new Table(Family.IP, "t", List.of(Chain.regular("c", List.of()),
                Chain.regular("c", List.of())), List.of(), List.of()))
                .hasMessageContaining("two chains named c");
    }

    @ParameterizedTest
    @CsvSource({"dstnat,-100", "dstnat - 10,-110", "srcnat + 5,105", "filter,0", "-300,-300", "raw,-300"})
    void prioritiesAreNamedOrNumbered(String priority, int value) {
        assertThat(Hook.of("filter", "prerouting", priority).priorityValue()).isEqualTo(value);
    }

    @Test
    void concatenatedKeysUseNftsTypeIdsAndFourBytePadding() {
        KeyType key = KeyType.named("ipv4_addr . inet_proto . inet_service");

        assertThat(key.id()).isEqualTo(0x730d);
        assertThat(key.length()).isEqualTo(12);
        assertThat(HexFormat.of().formatHex(key.encode("10.43.0.1 . tcp . 80"))).isEqualTo("0a2b0001" + "06000000" + "00500000");
        assertThat(key.format(key.encode("10.43.0.1 . udp . 53"))).isEqualTo("10.43.0.1 . udp . 53");
        assertThat(KeyType.fromId(key.id())).isEqualTo(key);
        assertThat(KeyType.named("inet_service").length()).as("a lone field is not padded").isEqualTo(2);
    }

    @Test
    void ipv6AddressesPrintAsNftPrintsThem() {
        assertThat(DataType.IPV6_ADDR.format(DataType.IPV6_ADDR.parse("fd42:0:0:0:0:0:1:5"))).isEqualTo("fd42::1:5");
        assertThat(DataType.IPV6_ADDR.format(DataType.IPV6_ADDR.parse("::1"))).isEqualTo("::1");
    }
}
