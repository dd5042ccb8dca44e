package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The user and password of an Authorization field (RFC 7617). */
class BasicAuthCredentialsTest {

    private static String basic(String userAndPassword) {
        return Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void userAndPasswordSplitAtTheFirstColon() {
        assertThat(BasicAuthGate.credentials("Basic " + basic("alice:pa:ss")))
                .contains(new BasicAuthGate.Credentials("alice", "pa:ss"));
        assertThat(BasicAuthGate.credentials("basic " + basic("bob:")))
                .contains(new BasicAuthGate.Credentials("bob", ""));
        assertThat(BasicAuthGate.credentials("BASIC " + basic("zoé:ü")))
                .contains(new BasicAuthGate.Credentials("zoé", "ü"));
    }

    @Test
    void anythingElseHasNoCredentials() {
        assertThat(BasicAuthGate.credentials(null)).isEmpty();
        assertThat(BasicAuthGate.credentials("Basic ")).isEmpty();
        assertThat(BasicAuthGate.credentials("Bearer " + basic("alice:x"))).isEmpty();
        assertThat(BasicAuthGate.credentials("Basic " + basic("no colon"))).isEmpty();
        assertThat(BasicAuthGate.credentials("Basic not*base64")).isEmpty();
    }
}
