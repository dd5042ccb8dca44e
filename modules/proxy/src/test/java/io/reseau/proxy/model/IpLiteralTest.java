package io.reseau.proxy.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({
            "10.43.0.1, 10.43.0.1, false",
            "0.0.0.0, 0.0.0.0, false",
            "255.255.255.255, 255.255.255.255, false",
            "fd43:0:0:0::a, fd43::a, true",
            "2001:DB8::1, 2001:db8::1, true"})
    void literalsAreReadInCanonicalForm(String text, String canonical, boolean ipv6) {
        assertThat(IpLiteral.parse(text)).contains(new IpLiteral(canonical, ipv6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "01.1.1.1", "1.1.1", "1.1.1.1.", ".1.1.1", "1..1.1", "1.1.1.1.1",
            "a.b.c.d", "1.1.1.1 ", "1.1.1.1000", "example.com", "fd43::g", "10.43.0.1/24", "::ffff:1.2.3.4"})
    void anythingElseIsNotAnAddress(String text) {
        assertThat(IpLiteral.parse(text)).isEmpty();
    }
}
