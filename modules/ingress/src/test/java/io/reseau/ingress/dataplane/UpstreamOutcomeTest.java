package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Endpoints as the access log writes them, as nginx's {@code $upstream_addr}. */
class UpstreamOutcomeTest {

    @Test
    void anIpv6EndpointIsWrittenInBracketsAndShortAsNginxWritesIt() throws Exception {
        assertThat(UpstreamOutcome.text(new InetSocketAddress(InetAddress.getByName("fd00:0:0:0:0:0:0:1"), 8080)))
                .isEqualTo("[fd00::1]:8080");
        assertThat(UpstreamOutcome.text(new InetSocketAddress(InetAddress.getByName("10.0.0.7"), 80)))
                .isEqualTo("10.0.0.7:80");
        assertThat(UpstreamOutcome.text(InetSocketAddress.createUnresolved("api.example.com", 443)))
                .isEqualTo("api.example.com:443");
        assertThat(UpstreamOutcome.text(null)).isEmpty();
    }
}
