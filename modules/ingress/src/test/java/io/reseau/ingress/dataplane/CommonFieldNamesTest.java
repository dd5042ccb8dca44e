package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommonFieldNamesTest {

    /** The constant found for the bytes of {@code text} from {@code from} to {@code to}, as an object. */
    private static Object found(String text, int from, int to) {
        return CommonFieldNames.find(text.getBytes(StandardCharsets.ISO_8859_1), from, to);
    }

    @Test
    void aCommonNameInAnyCaseIsItsLowerCasedConstant() {
        Object inAHead = found("HTTP/1.1 200 OK\r\nContent-TYPE: text/plain\r\n", 17, 29);

        assertThat(inAHead).isEqualTo(AsciiString.of("content-type")).isSameAs(found("content-type", 0, 12));
    }

    @Test
    void anotherNameIsNotFound() {
        assertThat(found("X-Backend-Node", 0, 14)).isNull();
        assertThat(found("Content-Typo", 0, 12)).isNull();
        assertThat(found("a-name-longer-than-every-common-one-by-far", 0, 42)).isNull();
        assertThat(found("", 0, 0)).isNull();
    }

    @Test
    void onlyLettersAreFolded() {
        // A CR or-ed with 0x20 is a hyphen.
        assertThat(found("Content\rType", 0, 12)).isNull();
        assertThat(found("CONTENT-TYPE", 0, 12)).isEqualTo(AsciiString.of("content-type"));
    }
}
