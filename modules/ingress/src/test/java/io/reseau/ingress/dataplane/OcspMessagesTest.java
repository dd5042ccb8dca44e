package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reseau.ingress.testing.OcspResponder;
import io.reseau.ingress.testing.TestCertificates.Issued;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;

/** Where a certificate's responder is, what is asked, and which answers are taken. */
class OcspMessagesTest {

    private static final Issued CA = Issued.authority("ocsp-ca");
    private static final Issued OTHER_CA = Issued.authority("other-ca");
    private static final URI RESPONDER = URI.create("http://ocsp.ca.example/");
    private static final Instant NOW = Instant.now();

    private final Issued shop = issue(CA, "CN=shop.example");

    @Test
    void theResponderIsTheOneTheCertificateNamesIfAny() {
        assertThat(OcspMessages.responder(shop.certificate())).contains(RESPONDER);
        assertThat(OcspMessages.responder(CA.issue("CN=plain.example", false).certificate())).isEmpty();
    }

    @Test
    void theRequestAsksAboutTheCertificateByItsIssuerAndSerial() throws Exception {
        OCSPReq request = new OCSPReq(OcspMessages.request(shop.certificate(), CA.certificate()));

        assertThat(request.getRequestList()).singleElement().satisfies(asked ->
                assertThat(asked.getCertID().getSerialNumber()).isEqualTo(shop.certificate().getSerialNumber()));
        assertThat(request.hasExtensions()).isFalse();
    }

    @Test
    void aGoodAnswerOfTheIssuerOrItsDelegateIsTakenWithItsTimes() {
        Instant nextUpdate = NOW.plus(Duration.ofHours(2));
        OcspMessages.Answer answer = check(OcspResponder.answer(CA, shop, CA, CertificateStatus.GOOD,
                Optional.of(nextUpdate)));
        Issued delegate = CA.issue("CN=ocsp-signer", OcspResponder.ocspSigning());

        assertThat(answer.status()).isEqualTo(OcspMessages.Status.GOOD);
        assertThat(answer.nextUpdate()).contains(nextUpdate.truncatedTo(ChronoUnit.SECONDS));
        assertThat(answer.thisUpdate()).isBefore(NOW);
        assertThat(check(OcspResponder.answer(CA, shop, delegate, CertificateStatus.GOOD, Optional.empty())).status())
                .isEqualTo(OcspMessages.Status.GOOD);
        assertThat(check(OcspResponder.answer(CA, shop, CA, new RevokedStatus(Date.from(NOW),
                CRLReason.keyCompromise), Optional.empty())).status()).isEqualTo(OcspMessages.Status.REVOKED);
    }

    @Test
    void answersNotSignedForTheIssuerNotAboutTheCertificateExpiredOrNotOcspAreRefused() {
        Issued notDelegated = CA.issue("CN=not-a-signer", false);
        Issued stranger = issue(OTHER_CA, "CN=shop.example");

        assertThatThrownBy(() -> check(OcspResponder.answer(CA, shop, OTHER_CA, CertificateStatus.GOOD,
                Optional.empty()))).hasMessageContaining("signed neither by the certificate's issuer");
        assertThatThrownBy(() -> check(OcspResponder.answer(CA, shop, notDelegated, CertificateStatus.GOOD,
                Optional.empty()))).hasMessageContaining("signed neither by the certificate's issuer");
        assertThatThrownBy(() -> check(OcspResponder.answer(CA, issue(CA, "CN=other.example"), CA,
                CertificateStatus.GOOD, Optional.empty()))).hasMessage("the answer is not about this certificate");
        assertThatThrownBy(() -> check(OcspResponder.answer(CA, shop, CA, CertificateStatus.GOOD,
                Optional.of(NOW.minus(Duration.ofMinutes(1)))))).hasMessageStartingWith("the answer expired at");
        assertThatThrownBy(() -> OcspMessages.check(OcspResponder.answer(OTHER_CA, stranger, OTHER_CA,
                CertificateStatus.GOOD, Optional.empty()), shop.certificate(), CA.certificate(), NOW))
                .hasMessageContaining("signed neither");
        assertThatThrownBy(() -> check("<html>busy</html>".getBytes()))
                .hasMessageStartingWith("the answer is not an OCSP response");
    }

    @Test
    void aGoodAnswerIsAskedForAgainHalfwayToItsEndAndNotWithinAMinute() {
        OcspMessages.Answer hours = new OcspMessages.Answer(OcspMessages.Status.GOOD, NOW,
                Optional.of(NOW.plus(Duration.ofHours(4))), new byte[0]);
        OcspMessages.Answer endless = new OcspMessages.Answer(OcspMessages.Status.GOOD, NOW, Optional.empty(),
                new byte[0]);
        OcspMessages.Answer ending = new OcspMessages.Answer(OcspMessages.Status.GOOD, NOW,
                Optional.of(NOW.plusSeconds(30)), new byte[0]);

        assertThat(OcspStapling.refreshAfter(hours, NOW)).isEqualTo(Duration.ofHours(2));
        assertThat(OcspStapling.refreshAfter(endless, NOW)).isEqualTo(Duration.ofHours(12));
        assertThat(OcspStapling.refreshAfter(ending, NOW)).isEqualTo(Duration.ofMinutes(1));
    }

    private OcspMessages.Answer check(byte[] answer) {
        return OcspMessages.check(answer, shop.certificate(), CA.certificate(), NOW);
    }

    private static Issued issue(Issued authority, String subject) {
        return authority.issue(subject, OcspResponder.responderAt(RESPONDER));
    }
}
