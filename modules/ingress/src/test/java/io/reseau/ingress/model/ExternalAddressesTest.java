package io.reseau.ingress.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"api.example.com", "api.example.com.", "db-1.internal", "10.0.0.5", "2001:db8::1"})
    void namesAndOrdinaryAddressesMayBeUsed(String name) {
        assertThat(ExternalAddresses.refusal(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost.", "127.0.0.1", "127.1.2.3", "::1", "169.254.169.254",
            "fe80::1", "0.0.0.0", "::", "224.0.0.1", "", "bad_name.com", "-x.com", "a..b"})
    void theProxyItselfMetadataWildcardMulticastAndNonNamesAreRefused(String name) {
        assertThat(ExternalAddresses.refusal(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "fe80::1", "0.0.0.0", "239.1.1.1"})
    void linkLocalWildcardAndMulticastAddressesFoundForANameAreRefused(String address) {
        assertThat(ExternalAddresses.refused(InetAddress.ofLiteral(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5", "127.0.0.1", "192.0.2.1", "2001:db8::1"})
    void otherAddressesFoundForANameAreConnectedTo(String address) {
        assertThat(ExternalAddresses.refused(InetAddress.ofLiteral(address))).isFalse();
    }
}
