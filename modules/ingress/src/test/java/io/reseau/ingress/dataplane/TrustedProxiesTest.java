package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.LoggedConnections.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.reseau.ingress.model.SourceRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** use-forwarded-headers: whom to believe, and which address of the list is the client (nginx's realip). */
class TrustedProxiesTest {

    private static final TrustedProxies CDN = new TrustedProxies(List.of(SourceRange.parse("10.0.0.0/8"),
            SourceRange.parse("192.0.2.0/24")), AsciiString.of("X-Forwarded-For"), false, true);
    private static final TrustedProxies CDN_FULL_CHAIN = new TrustedProxies(CDN.ranges(), CDN.forwardedFor(), true,
            true);
    /** enable-real-ip without use-forwarded-headers: the address only. */
    private static final TrustedProxies REAL_IP = new TrustedProxies(CDN.ranges(), CDN.forwardedFor(), false, false);

    private static ClientInfo peer(String ip) throws Exception {
        InetAddress address = InetAddress.getByName(ip);
        return ClientInfo.of(address, "40312", false, "8080", Optional.empty(), PLAIN);
    }

    private static RequestHead request(String... fields) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        for (int i = 0; i < fields.length; i += 2) {
            request.headers().add(fields[i], fields[i + 1]);
        }
        return NettyRequestHead.of(request, 0);
    }

    @Test
    void theFullChainListsWhatTrustedProxiesReportedThenTheLastOneOnlyWhenAsked() throws Exception {
        RequestHead behindTwo = request("X-Forwarded-For", "203.0.113.9", "X-Forwarded-For", "192.0.2.7");

        ClientInfo full = CDN_FULL_CHAIN.client(peer("10.1.2.3"), behindTwo);
        assertThat(full.ip()).isEqualTo("203.0.113.9");
        assertThat(full.forwardedFor()).isEqualTo("203.0.113.9, 192.0.2.7, 10.1.2.3");
        assertThat(CDN.client(peer("10.1.2.3"), behindTwo).forwardedFor()).isEqualTo("203.0.113.9");
        // From an untrusted peer nothing of the field is believed or passed on.
        assertThat(CDN_FULL_CHAIN.client(peer("198.51.100.1"), behindTwo).forwardedFor()).isEqualTo("198.51.100.1");
    }

    @Test
    void fromATrustedProxyTheRightmostUntrustedAddressIsTheClient() throws Exception {
        ClientInfo client = CDN.client(peer("10.1.2.3"), request("X-Forwarded-For", "198.51.100.1, 203.0.113.5",
                "X-Forwarded-For", "192.0.2.7", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"));

        assertThat(client.ip()).isEqualTo("203.0.113.5");
        assertThat(client.secure()).isTrue();
        assertThat(client.scheme()).isEqualTo("https");
        assertThat(client.localPort()).isEqualTo("443");
    }

    @Test
    void enableRealIpAloneTakesTheAddressButNotTheSchemeOrPort() throws Exception {
        ClientInfo client = REAL_IP.client(peer("10.1.2.3"), request("X-Forwarded-For", "203.0.113.5",
                "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"));

        assertThat(client.ip()).isEqualTo("203.0.113.5");
        assertThat(client.secure()).isFalse();
        assertThat(client.scheme()).isEqualTo("http");
        assertThat(client.localPort()).isEqualTo("8080");
    }

    @Test
    void allTrustedMeansTheLeftmostAndABadEntryStopsTheWalk() throws Exception {
        assertThat(CDN.client(peer("10.1.2.3"), request("X-Forwarded-For", "10.9.9.9, 192.0.2.1")).ip())
                .isEqualTo("10.9.9.9");
        assertThat(CDN.client(peer("10.1.2.3"), request("X-Forwarded-For", "203.0.113.9, unknown, 192.0.2.1")).ip())
                .isEqualTo("192.0.2.1");
        assertThat(CDN.client(peer("10.1.2.3"), request()).ip()).isEqualTo("10.1.2.3");
    }

    @Test
    void fromAnyoneElseNothingIsBelieved() throws Exception {
        ClientInfo direct = peer("203.0.113.50");

        assertThat(CDN.client(direct, request("X-Forwarded-For", "1.2.3.4", "X-Forwarded-Proto", "https")))
                .isSameAs(direct);
    }
}
