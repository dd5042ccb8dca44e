package io.reseau.ingress.testing;

import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and the certificates they sign, made in memory with BouncyCastle (EC P-256), for tests
 * of client certificate authentication.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key and its certificate, signed by an authority or by itself. */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate[] chain) {

        /** A certificate authority: {@code CN=name}, self-signed. */
        public static Issued authority(String name) {
            KeyPair keys = keyPair();
            X509Certificate certificate = sign(keys, "CN=" + name, keys.getPrivate(), "CN=" + name, true,
                    Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
            return new Issued(keys, certificate, new X509Certificate[] {certificate});
        }

        /** A certificate for {@code subject} (an X.500 name), signed by this authority. */
        public Issued issue(String subject, boolean authority) {
            return issue(subject, authority, Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(30)));
        }

        /** A certificate that is no authority for {@code subject}, signed by this authority, with these extensions. */
        public Issued issue(String subject, Extension... extensions) {
            return issue(subject, false, Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(30)), extensions);
        }

        /** The same, valid from {@code notBefore} to {@code notAfter}. */
        public Issued issue(String subject, boolean authority, Instant notBefore, Instant notAfter,
                Extension... extensions) {
            KeyPair issued = keyPair();
            X509Certificate certificate = sign(issued, subject, keys.getPrivate(),
                    this.certificate.getSubjectX500Principal().getName(), authority, notBefore, notAfter, extensions);
            X509Certificate[] longer = new X509Certificate[chain.length + 1];
            longer[0] = certificate;
            System.arraycopy(chain, 0, longer, 1, chain.length);
            return new Issued(issued, certificate, longer);
        }

        /**
         * A revocation list of this authority naming these certificates (none: a list that revokes nothing), valid
         * until {@code nextUpdate}.
         */
        public X509CRL revocations(Instant nextUpdate, Issued... revoked) {
            try {
                X509v2CRLBuilder builder = new X509v2CRLBuilder(new X500Name(
                        certificate.getSubjectX500Principal().getName()), Date.from(Instant.now().minus(
                                Duration.ofHours(1))));
                builder.setNextUpdate(Date.from(nextUpdate));
                for (Issued one : revoked) {
                    builder.addCRLEntry(one.certificate().getSerialNumber(), new Date(), CRLReason.keyCompromise);
                }
                return new JcaX509CRLConverter().getCRL(builder.build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            } catch (Exception e) {
                throw new IllegalStateException("cannot sign a test revocation list", e);
            }
        }

        /** Revocation lists in PEM, as in a Secret's {@code ca.crl}. */
        public static String pem(X509CRL... lists) {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                for (X509CRL list : lists) {
                    writer.writeObject(list);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return out.toString();
        }

        /** The certificate in PEM, as in a Secret's {@code ca.crt}. */
        public String pem() {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(certificate);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return out.toString();
        }

        /** The private key in PEM (PKCS #8), as in a Secret's {@code tls.key}. */
        public String keyPem() {
            return "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(keys.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        }
    }

    private TestCertificates() {
    }

    /**
     * Key managers presenting one of these certificates with its chain up to (without) the self-signed authority, as
     * a client configured with its certificates and intermediates does: with {@code heedNamedAuthorities}, as the
     * JDK's own key manager chooses, one an authority the server names issued (none if none did); else the first,
     * whatever the server names (as a client that ignores them).
     */
    public static KeyManagerFactory holding(boolean heedNamedAuthorities, Issued... certificates)
            throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "client".toCharArray();
        for (int i = 0; i < certificates.length; i++) {
            Issued issued = certificates[i];
            Certificate[] presented = java.util.Arrays.copyOf(issued.chain(), Math.max(1, issued.chain().length - 1),
                    Certificate[].class);
            store.setKeyEntry("client-" + i, issued.keys().getPrivate(), password, presented);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(store, password);
        if (heedNamedAuthorities) {
            return managers;
        }
        X509KeyManager held = (X509KeyManager) managers.getKeyManagers()[0];
        return new KeyManagerFactoryWrapper(new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client-0"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "client-0";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return held.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return held.getPrivateKey(alias);
            }
        });
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(KeyPair subjectKeys, String subject, PrivateKey issuerKey, String issuer,
            boolean authority, Instant notBefore, Instant notAfter, Extension... extensions) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    new X500Name(subject), subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }
}
