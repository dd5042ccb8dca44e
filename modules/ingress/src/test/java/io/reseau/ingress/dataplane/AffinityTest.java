package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Clients that refuse {@code SameSite=None}: Chromium's list (chromium.org/updates/same-site/incompatible-clients). */
class AffinityTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2"
                + " Safari/605.1.15 | false",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_5) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/74.0.3729.169 Safari/537.36 | true",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0.3"
                + " Safari/605.1.15 | true",
        "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 | false",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/51.0.2704.79"
                + " Chrome/51.0.2704.79 Safari/537.36 | false",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0 | true",
        "curl/8.11.1 | true",
    })
    void browsersKnownToRefuseSameSiteNoneAreTold(String userAgent, boolean takes) {
        assertThat(Affinity.takesSameSiteNone(userAgent)).isEqualTo(takes);
    }
}
