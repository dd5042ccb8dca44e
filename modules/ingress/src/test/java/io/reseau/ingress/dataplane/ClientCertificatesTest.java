package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.reseau.ingress.dataplane.ClientCertificates.Verdict;
import io.reseau.ingress.dataplane.ClientCertificates.Verification;
import io.reseau.ingress.model.ClientCertificateAuth;
import io.reseau.ingress.model.ClientCertificateAuth.Verify;
import io.reseau.ingress.testing.TestCertificates.Issued;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Validating presented chains against a host's authorities, and what each verification mode makes of it. */
class ClientCertificatesTest {

    private static final Issued CA = Issued.authority("clients-ca");
    private static final Issued OTHER_CA = Issued.authority("other-ca");
    private static final Issued INTERMEDIATE = CA.issue("CN=team-ca", true);

    private static ClientCertificateAuth auth(Verify verify, int depth) {
        return new ClientCertificateAuth("default/ca", List.of(CA.certificate()), verify, depth, Optional.empty(),
                false, Optional.empty(), List.of());
    }

    @Test
    void aChainLeadingToAnAuthorityWithinTheDepthSucceeds() {
        Issued alice = CA.issue("CN=alice,O=Acme", false);
        Issued bob = INTERMEDIATE.issue("CN=bob", false);
        ClientCertificateAuth depthOne = auth(Verify.ON, 1);

        assertThat(ClientCertificates.verify(depthOne, null)).isEqualTo(Verification.NONE);
        assertThat(ClientCertificates.verify(depthOne, alice.chain()).outcome()).isEqualTo("SUCCESS");
        // The authority itself sent along with the chain, as some clients do, is not counted.
        assertThat(ClientCertificates.verify(depthOne, new java.security.cert.Certificate[] {alice.certificate(),
                CA.certificate()}).outcome()).isEqualTo("SUCCESS");
        assertThat(ClientCertificates.verify(depthOne, bob.chain()).outcome())
                .isEqualTo("FAILED:certificate chain too long");
        assertThat(ClientCertificates.verify(auth(Verify.ON, 2), bob.chain()).outcome()).isEqualTo("SUCCESS");
    }

    @Test
    void aForeignExpiredOrAuthorityLessChainFails() {
        Issued stranger = OTHER_CA.issue("CN=mallory", false);
        Issued expired = CA.issue("CN=old", false, Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(1)));
        ClientCertificateAuth nobodyTrusted = new ClientCertificateAuth("default/ca", List.of(), Verify.ON, 1,
                Optional.empty(), false, Optional.empty(), List.of());

        Verification foreign = ClientCertificates.verify(auth(Verify.ON, 1), stranger.chain());
        assertThat(foreign.outcome()).startsWith("FAILED:");
        assertThat(foreign.certificate()).contains(stranger.certificate());
        assertThat(ClientCertificates.verify(auth(Verify.ON, 1), expired.chain()).outcome()).startsWith("FAILED:");
        assertThat(ClientCertificates.verify(nobodyTrusted, CA.issue("CN=x", false).chain()).outcome())
                .isEqualTo("FAILED:no authority is trusted");
    }

    @Test
    void withRevocationListsEachCertificateOfTheChainNeedsACurrentOneOfItsIssuerNotNamingIt() {
        Issued alice = CA.issue("CN=alice", false);
        Issued bob = INTERMEDIATE.issue("CN=bob", false);
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        X509CRL caLists = CA.revocations(tomorrow);
        X509CRL teamLists = INTERMEDIATE.revocations(tomorrow);

        assertThat(outcome(alice, caLists)).isEqualTo("SUCCESS");
        assertThat(outcome(alice, CA.revocations(tomorrow, alice))).isEqualTo("FAILED:certificate revoked");
        assertThat(outcome(alice, CA.revocations(Instant.now().minus(Duration.ofMinutes(1)))))
                .isEqualTo("FAILED:CRL has expired");
        // A list under the authority's name but signed by another key is no list of the authority's.
        Issued impostor = Issued.authority("clients-ca");
        assertThat(outcome(alice, impostor.revocations(tomorrow))).isEqualTo("FAILED:unable to get certificate CRL");
        assertThat(outcome(bob, caLists)).isEqualTo("FAILED:unable to get certificate CRL");
        assertThat(outcome(bob, caLists, teamLists)).isEqualTo("SUCCESS");
        assertThat(outcome(bob, CA.revocations(tomorrow, INTERMEDIATE), teamLists))
                .isEqualTo("FAILED:certificate revoked");
    }

    private static String outcome(Issued client, X509CRL... lists) {
        ClientCertificateAuth withLists = new ClientCertificateAuth("default/ca", List.of(CA.certificate()), Verify.ON,
                2, Optional.empty(), false, Optional.empty(), List.of(lists));
        return ClientCertificates.verify(withLists, client.chain()).outcome();
    }

    @Test
    void eachModeDecidesWhatPasses() {
        Issued alice = CA.issue("CN=alice", false);
        Verification success = ClientCertificates.verify(auth(Verify.ON, 1), alice.chain());
        Verification failed = ClientCertificates.verify(auth(Verify.ON, 1), OTHER_CA.issue("CN=m", false).chain());

        assertThat(status(ClientCertificates.judge(auth(Verify.ON, 1), success, false))).isEqualTo(200);
        assertThat(ClientCertificates.judge(auth(Verify.ON, 1), Verification.NONE, false))
                .isEqualTo(new Verdict.Refuse(HttpResponseStatus.BAD_REQUEST, "No required SSL certificate was sent",
                        Optional.empty()));
        assertThat(ClientCertificates.judge(auth(Verify.ON, 1), failed, false))
                .isEqualTo(new Verdict.Refuse(HttpResponseStatus.BAD_REQUEST, "The SSL certificate error",
                        Optional.empty()));
        assertThat(fields(ClientCertificates.judge(auth(Verify.OPTIONAL, 1), Verification.NONE, false)))
                .containsEntry("ssl-client-verify", "NONE").containsEntry("ssl-client-subject-dn", "");
        assertThat(status(ClientCertificates.judge(auth(Verify.OPTIONAL, 1), failed, false))).isEqualTo(400);
        assertThat(fields(ClientCertificates.judge(auth(Verify.OPTIONAL_NO_CA, 1), failed, false)))
                .containsEntry("ssl-client-subject-dn", "CN=m").containsEntry("ssl-client-issuer-dn", "CN=other-ca")
                .hasEntrySatisfying("ssl-client-verify", outcome -> assertThat(outcome).startsWith("FAILED:"));
    }

    @Test
    void refusalsGoToTheErrorPageAndASubjectMustMatch() {
        Issued alice = CA.issue("CN=alice,O=Acme", false);
        Verification success = ClientCertificates.verify(auth(Verify.ON, 1), alice.chain());
        ClientCertificateAuth withPage = new ClientCertificateAuth("default/ca", List.of(CA.certificate()),
                Verify.ON, 1, Optional.of("https://login.example/cert"), true, Optional.of(Pattern.compile(
                        "CN=(alice|bob)")), List.of());
        ClientCertificateAuth onlyBob = new ClientCertificateAuth("default/ca", List.of(CA.certificate()),
                Verify.ON, 1, Optional.empty(), false, Optional.of(Pattern.compile("CN=bob")), List.of());

        assertThat(ClientCertificates.judge(withPage, Verification.NONE, false)).isEqualTo(new Verdict.Refuse(
                HttpResponseStatus.BAD_REQUEST, "No required SSL certificate was sent",
                Optional.of("https://login.example/cert")));
        String pem = fields(ClientCertificates.judge(withPage, success, false)).get("ssl-client-cert");
        assertThat(URLDecoder.decode(pem, StandardCharsets.UTF_8)).isEqualTo(alice.pem().replace("\r\n", "\n"));
        assertThat(ClientCertificates.judge(onlyBob, success, false)).isEqualTo(new Verdict.Refuse(
                HttpResponseStatus.FORBIDDEN, "client certificate unauthorized", Optional.empty()));
    }

    @Test
    void aConnectionOpenedForAHostThatAskedForNothingIsMisdirected() {
        assertThat(status(ClientCertificates.judge(auth(Verify.ON, 1), Verification.NONE, true))).isEqualTo(421);
        assertThat(status(ClientCertificates.judge(auth(Verify.OPTIONAL, 1), Verification.NONE, true)))
                .isEqualTo(421);
        assertThat(status(ClientCertificates.judge(auth(Verify.OPTIONAL_NO_CA, 1), Verification.NONE, true)))
                .isEqualTo(200);
    }

    private static int status(Verdict verdict) {
        return verdict instanceof Verdict.Refuse refuse ? refuse.status().code() : 200;
    }

    private static java.util.Map<String, String> fields(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Pass.class);
        return ((Verdict.Pass) verdict).fields();
    }
}
