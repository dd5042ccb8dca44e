package io.reseau.ingress.testing;

import com.sun.net.httpserver.HttpServer;
import io.reseau.ingress.testing.TestCertificates.Issued;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An OCSP responder (RFC 6960 over HTTP POST) for the certificates of one authority, on loopback: it answers each
 * certificate good unless {@link #revoke revoked}, valid for an hour, signed by the authority or by a responder it
 * delegated to; it can be made to fail, and counts the requests it had.
 */
public final class OcspResponder implements AutoCloseable {

    private final HttpServer server;
    private final Issued authority;
    private final Issued signer;
    private final Map<BigInteger, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger asked = new AtomicInteger();
    private volatile int failingStatus;

    private OcspResponder(Issued authority, Issued signer) {
        this.authority = authority;
        this.signer = signer;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            byte[] answer;
            try (InputStream body = exchange.getRequestBody()) {
                answer = failingStatus != 0 ? new byte[0] : answer(new OCSPReq(body.readAllBytes()));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(failingStatus != 0 ? failingStatus : 200, answer.length == 0 ? -1
                    : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** A responder signing its answers with the authority's own key. */
    public static OcspResponder start(Issued authority) {
        return new OcspResponder(authority, authority);
    }

    /** A responder signing its answers as {@code signer}, a certificate the authority issued (sent along). */
    public static OcspResponder delegated(Issued authority, Issued signer) {
        return new OcspResponder(authority, signer);
    }

    /** The extension naming a responder at {@code address} (Authority Information Access), for certificates. */
    public static Extension responderAt(URI address) {
        try {
            return new Extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                            address.toString())).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The extension a delegated responder's certificate needs: extended key usage OCSP signing. */
    public static Extension ocspSigning() {
        try {
            return new Extension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An answer about {@code certificate} of {@code authority}, signed as {@code signer}, with this status, made
     * now and valid until {@code nextUpdate} (empty: no end given).
     */
    public static byte[] answer(Issued authority, Issued certificate, Issued signer, CertificateStatus status,
            Optional<Instant> nextUpdate) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(authority.certificate()),
                    certificate.certificate().getSerialNumber());
            return sign(authority, signer, id, status, nextUpdate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a test OCSP answer", e);
        }
    }

    /** Where it answers: an address for certificates' {@link #responderAt}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp");
    }

    /** From now on, answers that {@code certificate} is revoked. */
    public void revoke(Issued certificate) {
        statuses.put(certificate.certificate().getSerialNumber(),
                new RevokedStatus(Date.from(Instant.now().minus(Duration.ofHours(1))), CRLReason.keyCompromise));
    }

    /** From now on, answers every request with this HTTP status and no body (0: answers again). */
    public void failWith(int status) {
        failingStatus = status;
    }

    /** How many requests it had. */
    public int asked() {
        return asked.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private byte[] answer(OCSPReq request) {
        try {
            Req asked = request.getRequestList()[0];
            CertificateStatus status = statuses.getOrDefault(asked.getCertID().getSerialNumber(),
                    CertificateStatus.GOOD);
            return sign(authority, signer, asked.getCertID(), status,
                    Optional.of(Instant.now().plus(Duration.ofHours(1))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot answer a test OCSP request", e);
        }
    }

    private static byte[] sign(Issued authority, Issued signer, CertificateID id, CertificateStatus status,
            Optional<Instant> nextUpdate) throws Exception {
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(SubjectPublicKeyInfo.getInstance(
                signer.certificate().getPublicKey().getEncoded()), new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1)));
        builder.addResponse(id, status, Date.from(Instant.now().minus(Duration.ofMinutes(1))),
                nextUpdate.map(Date::from).orElse(null));
        X509CertificateHolder[] chain = signer == authority ? null
                : new X509CertificateHolder[] {new JcaX509CertificateHolder(signer.certificate())};
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer.keys().getPrivate()), chain,
                new Date())).getEncoded();
    }
}
