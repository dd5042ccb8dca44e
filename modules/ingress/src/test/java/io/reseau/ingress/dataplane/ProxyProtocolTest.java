package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TlsSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * use-proxy-protocol: connections from a load balancer start with a PROXY header (v1 text or v2 binary), whose
 * client address is the one reseau forwards and checks source ranges against.
 */
class ProxyProtocolTest {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private HttpBackend backend;

    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder().proxyProtocol()
            .proxyProtocolTimeout(Duration.ofSeconds(1)).build(), completed::add);

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "open", "open.com", path("Prefix", "/", "app", 80)))
                .ingress(annotated(ingress("default", "closed", "closed.com", path("Prefix", "/", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/whitelist-source-range", "203.0.113.0/24")))
                .table());
    }

    private RawHttp connect(byte[] header) throws IOException {
        RawHttp http = RawHttp.connect(plane.httpPort());
        http.socket().getOutputStream().write(header);
        return http;
    }

    private static byte[] v1(String source) {
        return ("PROXY TCP4 " + source + " 10.0.0.1 51000 80\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A version 2 header: PROXY (or LOCAL) over TCP/IPv4 from {@code source}. */
    private static byte[] v2(boolean local, int[] source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(local ? 0x20 : 0x21);
        out.write(0x11);
        out.write(0);
        out.write(12);
        for (int octet : source) {
            out.write(octet);
        }
        out.writeBytes(new byte[] {10, 0, 0, 1, (byte) 0xC7, 0x38, 0, 80});
        return out.toByteArray();
    }

    private static String get(String host) {
        return "GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    @Test
    void theClientIsTheOneTheHeaderNames() throws Exception {
        try (RawHttp http = connect(v1("203.0.113.7"))) {
            RawHttp.Response first = http.exchange(get("open.com"));
            RawHttp.Response second = http.exchange(get("closed.com"));

            assertThat(first.reported("header.x-forwarded-for")).isEqualTo("203.0.113.7");
            assertThat(first.reported("header.x-real-ip")).isEqualTo("203.0.113.7");
            assertThat(second.status()).isEqualTo(200);
        }
        // The access log's $proxy_protocol_addr, $proxy_protocol_port, $remote_port, $proxy_add_x_forwarded_for and
        // $connection_requests; $connection the same for both requests.
        await().untilAsserted(() -> assertThat(completed).extracting(r -> r.connection().proxyProtocolAddress()
                + ":" + r.connection().proxyProtocolPort() + " " + r.clientPort() + " " + r.forwardedFor() + " #"
                + r.connectionRequests()).containsExactly("203.0.113.7:51000 51000 203.0.113.7 #1",
                        "203.0.113.7:51000 51000 203.0.113.7 #2"));
        assertThat(completed.get(0).connection().serial()).isEqualTo(completed.get(1).connection().serial());
        try (RawHttp http = connect(v2(false, new int[] {198, 51, 100, 9}))) {
            assertThat(http.exchange(get("open.com")).reported("header.x-forwarded-for")).isEqualTo("198.51.100.9");
            assertThat(http.exchange(get("closed.com")).status()).isEqualTo(403);
        }
    }

    @Test
    void aLocalHeaderKeepsTheSocketsAddress() throws Exception {
        try (RawHttp http = connect(v2(true, new int[] {0, 0, 0, 0}))) {
            assertThat(http.exchange(get("open.com")).reported("header.x-forwarded-for")).isEqualTo("127.0.0.1");
        }
        // No client named: no $proxy_protocol_addr.
        await().untilAsserted(() -> assertThat(completed).singleElement().satisfies(r -> assertThat(
                r.connection().proxyProtocolAddress() + r.connection().proxyProtocolPort()).isEmpty()));
    }

    @Test
    void theHeaderComesBeforeTheTlsHandshake() throws Exception {
        SSLContext context = TlsSockets.trustingAny();
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), plane.httpsPort())) {
            raw.getOutputStream().write(v1("203.0.113.8"));
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, "open.com", plane.httpsPort(),
                    false);
            tls.setEnabledProtocols(new String[] {"TLSv1.2"});
            tls.startHandshake();
            RawHttp.Response response = new RawHttp(tls).exchange(get("open.com"));

            assertThat(response.reported("header.x-forwarded-for")).isEqualTo("203.0.113.8");
            assertThat(response.reported("header.x-forwarded-proto")).isEqualTo("https");
            // The access log's $ssl_protocol, $ssl_cipher (OpenSSL's name, as nginx's: ECDHE-RSA-AES128-GCM-SHA256
            // where Java says TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) and $ssl_server_name: the session's.
            await().untilAsserted(() -> assertThat(completed).singleElement().satisfies(r -> assertThat(
                    r.connection().tlsProtocol() + " " + r.connection().tlsCipher() + " "
                            + r.connection().tlsServerName())
                    .matches("TLSv1\\.2 ECDHE-(RSA|ECDSA)-[A-Z0-9-]+ open\\.com")));
        }
    }

    @Test
    void aConnectionThatSendsNoHeaderInTimeIsClosed() throws Exception {
        try (RawHttp silent = RawHttp.connect(plane.httpPort());
                RawHttp partial = connect("PROXY TCP4 203.0.".getBytes(StandardCharsets.US_ASCII));
                RawHttp prompt = connect(v1("198.51.100.7"))) {
            // Closed within the 1 s allowed, not after the sockets' 10 s read timeout.
            assertThat(silent.closedByServer()).isTrue();
            assertThat(partial.closedByServer()).isTrue();
            // Read in time: the connection is the client's for as long as HTTP keeps it.
            Thread.sleep(1_500);
            prompt.socket().getOutputStream().write(get("open.com").getBytes(StandardCharsets.US_ASCII));
            assertThat(prompt.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aConnectionWithoutTheHeaderIsClosedUnanswered() throws Exception {
        try (RawHttp http = connect(get("open.com").getBytes(StandardCharsets.US_ASCII))) {
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(backend.requests()).isZero();
    }
}
