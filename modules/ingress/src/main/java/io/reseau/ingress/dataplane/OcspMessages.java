package io.reseau.ingress.dataplane;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP (RFC 6960) as a server stapling its certificates' status needs it: where a certificate's responder is (its
 * Authority Information Access), the request asking about it, and what the responder's answer says once checked.
 * Pure.
 */
final class OcspMessages {

    /** How far a responder's clock may run ahead of this one. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** What a certificate's status is, as a checked answer says. */
    enum Status { GOOD, REVOKED, UNKNOWN }

    /**
     * A checked answer: the certificate's status, from when and until when it holds ({@code nextUpdate} empty: the
     * responder gave no end), and the answer as received (DER), to staple.
     */
    record Answer(Status status, Instant thisUpdate, Optional<Instant> nextUpdate, byte[] der) {
    }

    private OcspMessages() {
    }

    /** The HTTP address of the certificate's OCSP responder, if its Authority Information Access names one. */
    static Optional<URI> responder(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (extension == null) {
            return Optional.empty();
        }
        AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                ASN1OctetString.getInstance(extension).getOctets());
        return Arrays.stream(access.getAccessDescriptions())
                .filter(description -> description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && description.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier)
                .map(description -> ASN1IA5String.getInstance(description.getAccessLocation().getName()).getString())
                .filter(address -> address.startsWith("http://") || address.startsWith("https://"))
                .map(URI::create).findFirst();
    }

    /** The request (DER) asking about {@code certificate}, issued by {@code issuer}: no nonce, as nginx's. */
    static byte[] request(X509Certificate certificate, X509Certificate issuer) {
        try {
            return new OCSPReqBuilder().addRequest(id(certificate, issuer)).build().getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalArgumentException("cannot write an OCSP request: " + e.getMessage(), e);
        }
    }

    /**
     * The answer {@code der} checked: a successful response, signed by {@code issuer} or by a responder it delegated
     * to (a certificate it signed for OCSP signing, sent along), about {@code certificate}, current at {@code now}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static Answer check(byte[] der, X509Certificate certificate, X509Certificate issuer, Instant now) {
        try {
            OCSPResp response = new OCSPResp(der);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new IllegalArgumentException("the responder refused the request (status "
                        + response.getStatus() + ")");
            }
            if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
                throw new IllegalArgumentException("the answer is not a basic OCSP response");
            }
            if (!signedFor(basic, issuer, now)) {
                throw new IllegalArgumentException("the answer is signed neither by the certificate's issuer nor by"
                        + " a responder it delegated to");
            }
            CertificateID id = id(certificate, issuer);
            SingleResp single = Arrays.stream(basic.getResponses()).filter(one -> one.getCertID().equals(id))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "the answer is not about this certificate"));
            Instant thisUpdate = single.getThisUpdate().toInstant();
            Optional<Instant> nextUpdate = Optional.ofNullable(single.getNextUpdate()).map(Date::toInstant);
            if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
                throw new IllegalArgumentException("the answer is not valid before " + thisUpdate);
            }
            if (nextUpdate.isPresent() && nextUpdate.get().isBefore(now)) {
                throw new IllegalArgumentException("the answer expired at " + nextUpdate.get());
            }
            CertificateStatus status = single.getCertStatus();
            return new Answer(status == CertificateStatus.GOOD ? Status.GOOD
                    : status instanceof RevokedStatus ? Status.REVOKED : Status.UNKNOWN, thisUpdate, nextUpdate,
                    der.clone());
        } catch (IOException | OCSPException e) {
            throw new IllegalArgumentException("the answer is not an OCSP response: " + e.getMessage(), e);
        }
    }

    /** Whether the issuer signed the answer, or a responder certificate it issued for OCSP signing, valid now. */
    private static boolean signedFor(BasicOCSPResp basic, X509Certificate issuer, Instant now) throws OCSPException {
        ContentVerifierProvider byIssuer = verifier(issuer);
        if (basic.isSignatureValid(byIssuer)) {
            return true;
        }
        for (X509CertificateHolder responder : basic.getCerts()) {
            try {
                ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(responder.getExtensions());
                if (responder.isSignatureValid(byIssuer) && responder.isValidOn(Date.from(now))
                        && usage != null && usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)
                        && basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
                    return true;
                }
            } catch (CertException | OperatorCreationException | GeneralSecurityException e) {
                // Not a responder this issuer delegated to.
            }
        }
        return false;
    }

    private static ContentVerifierProvider verifier(X509Certificate issuer) {
        try {
            return new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey());
        } catch (OperatorCreationException e) {
            throw new IllegalArgumentException("cannot check signatures with the issuer's key: " + e.getMessage(), e);
        }
    }

    /** The certificate's identity in OCSP: its issuer's name and key hashed with SHA-1, and its serial number. */
    private static CertificateID id(X509Certificate certificate, X509Certificate issuer) {
        try {
            return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
        } catch (OperatorCreationException | OCSPException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot name the certificate in OCSP: " + e.getMessage(), e);
        }
    }
}
