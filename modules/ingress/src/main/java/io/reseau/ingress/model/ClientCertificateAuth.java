package io.reseau.ingress.model;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code auth-tls-*}: clients of a host are asked for a certificate during the TLS handshake, and each request is
 * judged by whether the chain they presented leads to one of {@code authorities} (the {@code ca.crt} of
 * {@code secret}, {@code namespace/name}) in at most {@code depth} certificates.
 *
 * @param verify          what a request without a valid certificate gets
 * @param errorPage       where refused requests are redirected instead of answered 400
 * @param passCertificate the client's certificate goes to the backend (URL-encoded PEM in {@code ssl-client-cert})
 * @param matchSubject    the certificate's subject must match this ({@code auth-tls-match-cn}), else 403
 * @param revocations     the Secret's {@code ca.crl}: with any, each certificate of a chain needs a current list of
 *                        its issuer's that does not name it, as nginx's {@code ssl_crl}; none: no revocation check
 */
public record ClientCertificateAuth(String secret, List<X509Certificate> authorities, Verify verify, int depth,
        Optional<String> errorPage, boolean passCertificate, Optional<Pattern> matchSubject,
        List<X509CRL> revocations) {

    /** nginx's {@code ssl_verify_client} values reseau implements ({@code off} means no authentication). */
    public enum Verify {
        /** A valid certificate is required. */
        ON,
        /** No certificate passes, an invalid one is refused. */
        OPTIONAL,
        /** Anything passes; the backend is told the outcome. */
        OPTIONAL_NO_CA
    }

    public ClientCertificateAuth {
        authorities = List.copyOf(authorities);
        revocations = List.copyOf(revocations);
    }
}
