package io.reseau.ingress.model;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** X.509 certificates read from PEM, as Secrets hold them ({@code tls.crt}, {@code ca.crt}). */
public final class PemCertificates {

    private PemCertificates() {
    }

    /** Every certificate of {@code pem}, in order. */
    public static List<X509Certificate> parse(byte[] pem) throws CertificateException {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                .map(X509Certificate.class::cast).toList();
    }
}
