package io.reseau.ingress.model;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate made here, with EC P-256 keys, in PEM: for the admission webhook, in a cluster where nobody else makes
 * one, a new authority of its own (which the API server trusts: the webhook configuration's {@code caBundle}) and a
 * server certificate it issues for the webhook's DNS names; for the data plane's default certificate, one signed by
 * its own key. Built with Bouncy Castle's certificate builder and signed by the JDK's providers (Netty's generator
 * would instantiate Bouncy Castle's JCA provider; see {@link PemKeys}).
 */
public record GeneratedCertificate(String authorityPem, String certificatePem, String keyPem) {

    private static final String SIGNATURE = "SHA256withECDSA";

    /** A self-signed certificate for {@code commonName} (its own authority), valid from an hour before {@code now}. */
    public static GeneratedCertificate selfSigned(String commonName, Instant now, Duration validity) {
        try {
            KeyPair keys = keyPair();
            X500Name name = new X500Name("CN=" + commonName);
            String certificate = pem(new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate())));
            return new GeneratedCertificate(certificate, certificate,
                    pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a certificate for " + commonName + ": " + e.getMessage(),
                    e);
        }
    }

    /** An authority and a certificate it issues for {@code dnsNames}, valid from an hour before {@code now}. */
    public static GeneratedCertificate issue(List<String> dnsNames, Instant now, Duration validity) {
        try {
            KeyPair authorityKeys = keyPair();
            KeyPair serverKeys = keyPair();
            X500Name authority = new X500Name("CN=reseau-ingress admission authority");
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date until = Date.from(now.plus(validity));
            JcaX509v3CertificateBuilder root = new JcaX509v3CertificateBuilder(authority, serial(), from, until,
                    authority, authorityKeys.getPublic());
            root.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            root.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            JcaX509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(authority, serial(), from, until,
                    new X500Name("CN=" + dnsNames.getFirst()), serverKeys.getPublic());
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            server.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                    .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new)));
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder(SIGNATURE);
            return new GeneratedCertificate(pem(root.build(signer.build(authorityKeys.getPrivate()))),
                    pem(server.build(signer.build(authorityKeys.getPrivate()))),
                    pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the webhook's certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom());
    }

    /** A certificate, or a key in PKCS #8 ({@code BEGIN PRIVATE KEY}), in PEM. */
    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
