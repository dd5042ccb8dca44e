package io.reseau.ingress.model;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Private keys read from PEM, as Secrets hold them ({@code tls.key}): PKCS #8 ({@code BEGIN PRIVATE KEY}), PKCS #1
 * ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default for RSA) or SEC 1 ({@code BEGIN EC PRIVATE KEY}). Read with
 * Bouncy Castle's parser and turned into keys by the JDK's providers: Netty's own reading instantiates Bouncy Castle's
 * JCA provider, whose thousand classes and five thousand interned names every young collection then walks.
 */
public final class PemKeys {

    private PemKeys() {
    }

    /** The first private key of {@code pem}. */
    public static PrivateKey parse(byte[] pem) {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or"
                + " BEGIN EC PRIVATE KEY) in the PEM");
    }
}
