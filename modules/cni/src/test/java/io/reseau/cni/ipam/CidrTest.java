package io.reseau.cni.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.42.1.0/24,   10.42.1.1,  10.42.1.2,  253",
            "10.42.1.252/30, 10.42.1.253, 10.42.1.254, 1",
            "fd42:0:1::/64,  fd42:0:1::1, fd42:0:1::2, 18446744073709551614",
            "fd42::/126,     fd42::1,    fd42::2,    2"})
    void rangesGiveTheGatewayThenPodAddresses(String subnet, String gateway, String firstPod, String capacity) {
        AddressRange range = new AddressRange(Cidr.parse(subnet));
        assertThat(Cidr.format(range.gateway())).isEqualTo(gateway);
        assertThat(Cidr.format(range.subnet().at(range.firstOffset()))).isEqualTo(firstPod);
        assertThat(range.capacity()).isEqualTo(new BigInteger(capacity));
        assertThat(range.subnet().offsetOf(range.gateway())).isLessThan(range.firstOffset());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "fd42:0:1:0:0:0:0:0, fd42:0:1::",
            "fd42:0:0:1:0:0:0:5, fd42:0:0:1::5",
            "0:0:0:0:0:0:0:1,    ::1",
            "fd42:1:2:3:4:5:6:7, fd42:1:2:3:4:5:6:7",
            "fd42:0:1:0:0:1:0:0, fd42:0:1::1:0:0",
            "10.42.1.5,          10.42.1.5"})
    void formatsAddressesAsIproute2Does(String address, String formatted) {
        assertThat(Cidr.format(Cidr.literal(address, address))).isEqualTo(formatted);
    }
}
