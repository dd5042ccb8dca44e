package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.model.ValuePattern;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** block-user-agents and block-referers: clients refused (403) whatever they ask, the others served. */
class BlockedClientsTrafficTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .blocked(new BlockedClients(List.of(), ValuePattern.list("~*bot, ~^curl/7\\.,Mozilla/4.0 (Evil)"),
                    ValuePattern.list("~*\\.spam\\.example/, http://junk.example/"))).build());

    @BeforeEach
    void start() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80))).table());
    }

    private int statusOf(String... fields) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("GET / HTTP/1.1\r\nHost: foo.com\r\n" + String.join("", fields) + "\r\n").status();
        }
    }

    @Test
    void userAgentsMatchedByRegularExpressionOrWholeValueAreRefused() throws Exception {
        assertThat(statusOf("User-Agent: Mozilla/5.0 (compatible; Googlebot/2.1)\r\n")).isEqualTo(403);
        assertThat(statusOf("User-Agent: BOT\r\n")).isEqualTo(403);
        assertThat(statusOf("User-Agent: curl/7.88.1\r\n")).isEqualTo(403);
        assertThat(statusOf("User-Agent: mozilla/4.0 (evil)\r\n")).isEqualTo(403);
        // ~ is case-sensitive; a whole value is matched whole.
        assertThat(statusOf("User-Agent: CURL/7.88.1\r\n")).isEqualTo(200);
        assertThat(statusOf("User-Agent: curl/8.5.0\r\n")).isEqualTo(200);
        assertThat(statusOf("User-Agent: Mozilla/4.0 (Evil) extra\r\n")).isEqualTo(200);
        assertThat(statusOf()).isEqualTo(200);
    }

    @Test
    void referersAreRefusedTheSameWay() throws Exception {
        assertThat(statusOf("Referer: https://www.SPAM.example/page\r\n")).isEqualTo(403);
        assertThat(statusOf("Referer: http://JUNK.example/\r\n")).isEqualTo(403);
        assertThat(statusOf("Referer: http://junk.example/page\r\n")).isEqualTo(200);
        assertThat(statusOf("Referer: https://shop.example/\r\n")).isEqualTo(200);
    }
}
