package io.reseau.ingress.model;

/** A certificate chain and key from a {@code kubernetes.io/tls} Secret, PEM as stored; {@code version} changes with it. */
public record TlsCertificate(String secret, String version, byte[] certificateChain, byte[] privateKey) {
}
