package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields of backends' responses that clients do not get, in any case, as decoded heads carry them. */
class HiddenFieldsTest {

    @Test
    void theServerFieldUnlessKeptAndTheNamedOnesAreRemovedFromDecodedHeads() {
        HttpHeaders fields = new DefaultHttpHeaders().add("Server", "envoy").add("x-powered-by", "Express")
                .add("X-Powered-By-Proxy", "kept").add("Content-Type", "text/plain");

        HiddenFields.of(false, List.of("X-Powered-By")).removeFrom(fields);

        assertThat(fields.names()).containsExactlyInAnyOrder("X-Powered-By-Proxy", "Content-Type");
    }

    @Test
    void keepingTheServerFieldHidesOnlyTheNamedOnes() {
        byte[] head = "Server: envoy X-Powered-By".getBytes(StandardCharsets.US_ASCII);
        HiddenFields named = HiddenFields.of(true, List.of("x-powered-by"));

        assertThat(named.hides(head, 0, 6)).isFalse();
        assertThat(named.hides(head, 14, head.length)).isTrue();
        assertThat(HiddenFields.NONE.hides(head, 14, head.length)).isFalse();
        assertThat(HiddenFields.of(false, List.of()).hides(head, 0, 6)).isTrue();
    }
}
