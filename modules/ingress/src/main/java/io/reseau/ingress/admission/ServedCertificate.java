package io.reseau.ingress.admission;

/** The webhook's certificate chain and private key, in PEM, as served. */
public record ServedCertificate(String certificatePem, String keyPem) {
}
