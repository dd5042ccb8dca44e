package io.reseau.ingress.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hashes of the password {@code s3cret!} made by Apache's htpasswd (2.4) and OpenSSL, in every format nginx reads. */
class PasswordHashesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "$2y$05$54igfnmvgHpHn6.14VrMBe0rk/MdPiFLGv6Tehj1HQy.pFb.2RhWG", // htpasswd -B -C 5
        "$apr1$8R.6b2mK$Qyv57xlDiDpizP.fSwacc1", // htpasswd -m (its default)
        "$1$abcdefgh$CSiVTZddYDOMinbJG4io/1", // openssl passwd -1
        "$5$jq3MNonUlK9LEajC$/8kIQ.2dHe7Mjp2tfJ.gp0Nlbq5Mvq6DC/bLzv5MyiA", // htpasswd -2
        "$6$uGjZwouLnZTFNngU$FgXnuyvw7foC3WEF6mhqLnav4XQCiJzawCTiU3Y5odzavP97wgwSh0xCMWawnZvZKLzx00acftbcV5WrsVJlf.",
        "{SHA}YWXIkDPDfrJ6I4yV+0kqTJdT5SE=", // htpasswd -s
        "{PLAIN}s3cret!",
        "fqWyCTe/s5TTs" // htpasswd -d (DES crypt)
    })
    void theRightPasswordMatchesAndOnlyIt(String hash) {
        assertThat(PasswordHashes.supported(hash)).isTrue();
        assertThat(PasswordHashes.matches(hash, "s3cret!")).isTrue();
        assertThat(PasswordHashes.matches(hash, "s3cret")).isFalse();
        assertThat(PasswordHashes.matches(hash, "S3cret!")).isFalse();
        assertThat(PasswordHashes.matches(hash, "")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cret!", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "$2y$05$short", "", "{SSHA}x"})
    void aHashInNoKnownFormatMatchesNothing(String hash) {
        assertThat(PasswordHashes.supported(hash)).isFalse();
        assertThat(PasswordHashes.matches(hash, "s3cret!")).isFalse();
        assertThat(PasswordHashes.matches(hash, hash)).isFalse();
    }
}
