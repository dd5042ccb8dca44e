package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reseau.ingress.model.BackendProtocol;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values as ingress-nginx's annotations and keys write them, and what is wrong with those that are not. */
class AnnotationValuesTest {

    @Test
    void nginxSizesAndSeconds() {
        assertThat(AnnotationValues.size("8m")).isEqualTo(8L << 20);
        assertThat(AnnotationValues.size("64K")).isEqualTo(64L << 10);
        assertThat(AnnotationValues.size("0")).isZero();
        assertThatThrownBy(() -> AnnotationValues.size("-1")).hasMessage("'-1' is negative");
        assertThatThrownBy(() -> AnnotationValues.size("9999999999g"))
                .hasMessage("'9999999999g' is not a size such as 8m");
        assertThat(AnnotationValues.headSize("16k")).isEqualTo(16 << 10);
        assertThatThrownBy(() -> AnnotationValues.headSize("2m")).hasMessage("'2m' is not a size from 1k to 1m");
        assertThat(AnnotationValues.seconds("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(AnnotationValues.seconds("5")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> AnnotationValues.seconds("0")).hasMessage("'0' is not a positive number of seconds");
        assertThatThrownBy(() -> AnnotationValues.seconds("1m")).hasMessage("'1m' is not a number of seconds");
    }

    @Test
    void switchesStatusesAndProtocols() {
        assertThat(AnnotationValues.onOff("On")).isTrue();
        assertThat(AnnotationValues.bool("FALSE")).isFalse();
        assertThatThrownBy(() -> AnnotationValues.bool("yes")).hasMessage("'yes' is not true or false");
        assertThat(AnnotationValues.statuses("503, 404,")).containsExactly(404, 503);
        assertThatThrownBy(() -> AnnotationValues.statuses("302"))
                .hasMessage("302 is not an error status (400 to 599)");
        assertThat(AnnotationValues.redirectCode("308")).isEqualTo(308);
        assertThatThrownBy(() -> AnnotationValues.redirectCode("309"))
                .hasMessage("309 is not a redirect status (300-308)");
        assertThat(AnnotationValues.protocol("grpc")).isEqualTo(BackendProtocol.H2C);
        assertThat(AnnotationValues.protocol("GRPCS")).isEqualTo(BackendProtocol.H2);
        assertThat(AnnotationValues.protocol("fcgi")).isEqualTo(BackendProtocol.FCGI);
        assertThatThrownBy(() -> AnnotationValues.protocol("SPDY")).hasMessageContaining("'SPDY' is not supported");
        assertThat(AnnotationValues.fileName("index.php")).isEqualTo("index.php");
        for (String notAFileName : List.of("../index.php", "a/b.php", "..", "index php", "")) {
            assertThatThrownBy(() -> AnnotationValues.fileName(notAFileName)).as(notAFileName)
                    .hasMessageContaining("is not a file name");
        }
        assertThat(AnnotationValues.tries(0)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void fieldsTargetsAndRanges() {
        assertThat(AnnotationValues.fieldNames(List.of(" X-Powered-By ", "", "Server"))).containsExactly("X-Powered-By",
                "Server");
        assertThatThrownBy(() -> AnnotationValues.fieldNames(List.of("Bad Name")))
                .hasMessage("'Bad Name' is not a field name");
        assertThatThrownBy(() -> AnnotationValues.fieldValue("a\r\nb")).hasMessage("'a\r\nb' is empty or has control"
                + " characters");
        assertThat(AnnotationValues.location("https://example.com/new")).isEqualTo("https://example.com/new");
        assertThatThrownBy(() -> AnnotationValues.location("new page")).hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> AnnotationValues.location("relative")).hasMessage("'relative' is neither an absolute"
                + " URL nor a path");
        assertThat(AnnotationValues.hostField("[fd00::1]:8443")).isEqualTo("[fd00::1]:8443");
        assertThat(AnnotationValues.ranges("10.0.0.0/8, 192.168.0.0/16")).hasSize(2);
        assertThatThrownBy(() -> AnnotationValues.ranges(" , ")).hasMessage("no address range given");
        assertThat(AnnotationValues.cookieDomain(".example.com")).isEqualTo(".example.com");
        assertThat(AnnotationValues.sameSite("lax")).isEqualTo("Lax");
    }
}
