package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.reseau.ingress.model.ClientCertificateAuth;
import io.reseau.ingress.model.RoutingTable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * {@code auth-tls-*}: judges a request by the certificate chain the client of its connection presented. The TLS
 * handshake takes any certificate (it proves the client holds the key); here the chain is validated against the
 * host's authorities (PKIX, no revocation lists), once per connection and authentication: the outcome is kept in
 * the TLS session. The backend is told the outcome in ingress-nginx's fields, whatever the client sent under
 * those names.
 */
final class ClientCertificates {

    static final String VERIFY = "ssl-client-verify";
    static final String SUBJECT = "ssl-client-subject-dn";
    static final String ISSUER = "ssl-client-issuer-dn";
    static final String CERTIFICATE = "ssl-client-cert";
    /** The name of the verifications kept in a TLS session. */
    private static final String KEPT = "reseau.client-certificates";
    /** Every field this sets: a client's own are removed first. */
    static final List<String> FIELDS = List.of(VERIFY, SUBJECT, ISSUER, CERTIFICATE);

    /** What a request gets. */
    sealed interface Verdict {
        /** On to the backend with these fields. */
        record Pass(Map<String, String> fields) implements Verdict {
        }

        /** Answered {@code status}, or redirected to {@code location} ({@code auth-tls-error-page}). */
        record Refuse(HttpResponseStatus status, String reason, Optional<String> location) implements Verdict {
        }
    }

    /**
     * The outcome of validating a chain, as nginx's {@code $ssl_client_verify} says it ({@code SUCCESS},
     * {@code NONE}, {@code FAILED:reason}), with the client's certificate when it presented one.
     */
    record Verification(String outcome, Optional<X509Certificate> certificate) {
        static final Verification NONE = new Verification("NONE", Optional.empty());

        boolean succeeded() {
            return outcome.equals("SUCCESS");
        }
    }

    private ClientCertificates() {
    }

    /** The verdict on a request to a host with this authentication, from a connection with this TLS session. */
    static Verdict judge(ClientCertificateAuth auth, Optional<SSLSession> tls, RoutingTable table) {
        Verification verification = tls.map(session -> verification(auth, session)).orElse(Verification.NONE);
        boolean otherHosts = tls.isPresent()
                && !table.asksForClientCertificate(tls.flatMap(ClientInfo::serverName).orElse(null));
        return judge(auth, verification, otherHosts);
    }

    /**
     * The verdict, given the verification. {@code otherHostsConnection}: the connection was opened for a name whose
     * host asks for no certificate (HTTP/2 reuses connections across the names of one certificate), so none could
     * be presented: 421, and the client opens a connection for this host, as nginx answers.
     */
    static Verdict judge(ClientCertificateAuth auth, Verification verification, boolean otherHostsConnection) {
        if (otherHostsConnection && !auth.verify().equals(ClientCertificateAuth.Verify.OPTIONAL_NO_CA)) {
            return new Verdict.Refuse(HttpResponseStatus.MISDIRECTED_REQUEST,
                    "this connection was opened for another host; open one for this host", Optional.empty());
        }
        boolean refused = switch (auth.verify()) {
            case ON -> !verification.succeeded();
            case OPTIONAL -> verification.outcome().startsWith("FAILED");
            case OPTIONAL_NO_CA -> false;
        };
        if (refused) {
            return new Verdict.Refuse(HttpResponseStatus.BAD_REQUEST, verification.certificate().isEmpty()
                    ? "No required SSL certificate was sent" : "The SSL certificate error", auth.errorPage());
        }
        String subject = verification.certificate().map(c -> c.getSubjectX500Principal().getName()).orElse("");
        if (auth.matchSubject().isPresent() && !auth.matchSubject().get().matcher(subject).find()) {
            return new Verdict.Refuse(HttpResponseStatus.FORBIDDEN, "client certificate unauthorized",
                    Optional.empty());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(VERIFY, verification.outcome());
        fields.put(SUBJECT, subject);
        fields.put(ISSUER, verification.certificate().map(c -> c.getIssuerX500Principal().getName()).orElse(""));
        if (auth.passCertificate()) {
            fields.put(CERTIFICATE, verification.certificate().map(ClientCertificates::escapedPem).orElse(""));
        }
        return new Verdict.Pass(fields);
    }

    /**
     * The session's verification for this authentication (this very object: a new table makes new ones): made once,
     * then kept in the session, which a resumed session shares across connections and event loops.
     */
    @SuppressWarnings("unchecked")
    private static Verification verification(ClientCertificateAuth auth, SSLSession session) {
        Map<ClientCertificateAuth, Verification> kept;
        synchronized (session) {
            kept = (Map<ClientCertificateAuth, Verification>) session.getValue(KEPT);
            if (kept == null) {
                kept = Collections.synchronizedMap(new IdentityHashMap<>());
                session.putValue(KEPT, kept);
            }
        }
        if (kept.size() > 16) {
            // Tables come and go under a long connection: the verifications for the old ones are dropped.
            kept.clear();
        }
        return kept.computeIfAbsent(auth, judged -> {
            try {
                return verify(judged, session.getPeerCertificates());
            } catch (SSLPeerUnverifiedException e) {
                return Verification.NONE;
            }
        });
    }

    /** Validates a presented chain (client's certificate first) against the authorities, in {@code depth} steps. */
    static Verification verify(ClientCertificateAuth auth, Certificate[] presented) {
        if (presented == null || presented.length == 0) {
            return Verification.NONE;
        }
        List<X509Certificate> chain = PresentedChain.withoutRoots(presented);
        if (chain.isEmpty()) {
            return Verification.NONE;
        }
        Optional<X509Certificate> client = Optional.of(chain.getFirst());
        if (auth.authorities().isEmpty()) {
            return new Verification("FAILED:no authority is trusted", client);
        }
        if (chain.size() > auth.depth()) {
            return new Verification("FAILED:certificate chain too long", client);
        }
        try {
            Set<TrustAnchor> anchors = auth.authorities().stream().map(authority -> new TrustAnchor(authority, null))
                    .collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXCertPathValidatorResult valid = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(path, parameters);
            Optional<String> revoked = revocationFailure(chain, valid.getTrustAnchor().getTrustedCert(),
                    auth.revocations());
            return new Verification(revoked.map(failure -> "FAILED:" + failure).orElse("SUCCESS"), client);
        } catch (GeneralSecurityException e) {
            return new Verification("FAILED:" + String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", " "), client);
        }
    }

    /**
     * With revocation lists, as OpenSSL checks them for nginx's {@code ssl_crl} (every certificate of the chain):
     * why the validated {@code chain} (its last certificate issued by {@code anchor}) fails, or empty. Each
     * certificate needs a list signed by its issuer that is current and does not name it. Pure.
     */
    static Optional<String> revocationFailure(List<X509Certificate> chain, X509Certificate anchor,
            List<X509CRL> revocations) {
        if (revocations.isEmpty()) {
            return Optional.empty();
        }
        Date now = new Date();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : anchor;
            Optional<X509CRL> list = revocations.stream().filter(crl -> signedBy(crl, issuer)).findFirst();
            if (list.isEmpty()) {
                return Optional.of("unable to get certificate CRL");
            }
            if (list.get().getNextUpdate() != null && list.get().getNextUpdate().before(now)) {
                return Optional.of("CRL has expired");
            }
            if (list.get().isRevoked(certificate)) {
                return Optional.of("certificate revoked");
            }
        }
        return Optional.empty();
    }

    private static boolean signedBy(X509CRL list, X509Certificate issuer) {
        if (!list.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            list.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** nginx's {@code $ssl_client_escaped_cert}: the PEM, URL-encoded. */
    private static String escapedPem(X509Certificate certificate) {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
        } catch (GeneralSecurityException e) {
            return "";
        }
    }
}
