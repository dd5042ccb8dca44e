package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.reseau.ingress.model.PemCertificates;
import io.reseau.ingress.model.TlsCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.jboss.logging.Logger;

/**
 * OCSP stapling ({@code enable-ocsp}): for each certificate served from a Secret whose chain holds its issuer and
 * which names an OCSP responder, the responder's answer is fetched, checked ({@link OcspMessages#check}) and handed to
 * every TLS handshake made with the certificate, so that clients learn it is not revoked without asking the
 * responder themselves (and telling it which sites they visit). A good answer is fetched again halfway to its
 * {@code nextUpdate} (a day after it was made without one), and stapled until then; after a failure the responder is
 * asked again every five minutes, the last good answer stapled while it holds. An answer saying the certificate is
 * revoked or unknown is not stapled, as ingress-nginx's, and logged; so is each new kind of failure.
 */
final class OcspStapling implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OcspStapling.class);
    private static final Duration RETRY = Duration.ofMinutes(5);
    /** How long a good answer without {@code nextUpdate} is stapled after it was made. */
    private static final Duration WITHOUT_NEXT_UPDATE = Duration.ofDays(1);
    private static final Duration SOONEST_REFRESH = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A Secret's certificate as served: contexts that differ in what else they ask or offer share its staple. */
    private record Served(String secret, String version) {

        static Served of(TlsCertificate certificate) {
            return new Served(certificate.secret(), certificate.version());
        }
    }

    private final ScheduledExecutorService scheduler;
    /** The staple of each certificate served now, empty for one with none to fetch. */
    private final Map<Served, Optional<Staple>> staples = new HashMap<>();
    /** The staple of each context served now (by identity); replaced whole, never changed. */
    private volatile Map<SslContext, Optional<Staple>> byContext = Map.of();
    private HttpClient http;

    /** Stapling whose fetches are scheduled on {@code scheduler}. */
    OcspStapling(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Follows the certificates these contexts serve (each with the Secret version it was built from) from now on,
     * each fetched once however many contexts serve it (hosts of one Secret with other ciphers or client
     * certificates); those no longer among them are no longer fetched.
     */
    synchronized void follow(Map<SslContext, TlsCertificate> served) {
        Map<Served, TlsCertificate> certificates = new HashMap<>();
        served.values().forEach(certificate -> certificates.put(Served.of(certificate), certificate));
        staples.entrySet().removeIf(entry -> {
            boolean gone = !certificates.containsKey(entry.getKey());
            if (gone) {
                entry.getValue().ifPresent(Staple::stop);
            }
            return gone;
        });
        certificates.forEach((certificateServed, certificate) -> staples.computeIfAbsent(certificateServed,
                c -> newStaple(certificate)));
        Map<SslContext, Optional<Staple>> contexts = new IdentityHashMap<>();
        served.forEach((context, certificate) -> contexts.put(context, staples.get(Served.of(certificate))));
        byContext = contexts;
    }

    /** Hands the context's answer, if it has a good one now, to a TLS engine about to handshake. */
    void staple(SslContext context, SSLEngine engine) {
        Optional<Staple> staple = byContext.get(context);
        if (staple != null && staple.isPresent() && engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            byte[] answer = staple.get().current(Instant.now());
            if (answer != null) {
                openSsl.setOcspResponse(answer);
            }
        }
    }

    @Override
    public synchronized void close() {
        staples.values().forEach(staple -> staple.ifPresent(Staple::stop));
        staples.clear();
        byContext = Map.of();
        if (http != null) {
            http.shutdownNow();
        }
    }

    /** The staple of a Secret's certificate, fetched from now on; empty when it has no responder or no issuer. */
    private Optional<Staple> newStaple(TlsCertificate served) {
        List<X509Certificate> chain;
        try {
            chain = PemCertificates.parse(served.certificateChain());
        } catch (CertificateException | IllegalArgumentException e) {
            return Optional.empty();
        }
        X509Certificate certificate = chain.getFirst();
        Optional<URI> responder = OcspMessages.responder(certificate);
        if (responder.isEmpty()) {
            return Optional.empty();
        }
        Optional<X509Certificate> issuer = chain.stream().skip(1).filter(candidate -> issued(certificate, candidate))
                .findFirst();
        if (issuer.isEmpty()) {
            LOG.warnf("OCSP stapling: the certificate of Secret %s names a responder, but its chain (tls.crt) does"
                    + " not hold its issuer, needed to ask: stapling nothing", served.secret());
            return Optional.empty();
        }
        Staple staple = new Staple(served.secret(), certificate, issuer.get(), responder.get());
        staple.fetch();
        return Optional.of(staple);
    }

    private static boolean issued(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    /** When a good answer is asked for again: halfway to the end of its validity, and not within a minute. */
    static Duration refreshAfter(OcspMessages.Answer answer, Instant now) {
        Duration half = Duration.between(now, validUntil(answer)).dividedBy(2);
        return half.compareTo(SOONEST_REFRESH) < 0 ? SOONEST_REFRESH : half;
    }

    private static Instant validUntil(OcspMessages.Answer answer) {
        return answer.nextUpdate().orElse(answer.thisUpdate().plus(WITHOUT_NEXT_UPDATE));
    }

    /** One certificate's answers: the last good one, and the next fetch. */
    private final class Staple {
        private final String secret;
        private final X509Certificate certificate;
        private final X509Certificate issuer;
        private final URI responder;
        private volatile OcspMessages.Answer good;
        private volatile boolean stopped;
        /** The last failure logged, so that each is logged once until it changes. */
        private String lastProblem;

        Staple(String secret, X509Certificate certificate, X509Certificate issuer, URI responder) {
            this.secret = secret;
            this.certificate = certificate;
            this.issuer = issuer;
            this.responder = responder;
        }

        /** The good answer to staple at {@code now}, or null. */
        byte[] current(Instant now) {
            OcspMessages.Answer answer = good;
            return answer == null || now.isAfter(validUntil(answer)) ? null : answer.der();
        }

        void stop() {
            stopped = true;
        }

        void fetch() {
            if (stopped) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(responder).timeout(TIMEOUT)
                    .header("Content-Type", "application/ocsp-request")
                    .header("Accept", "application/ocsp-response")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(OcspMessages.request(certificate, issuer))).build();
            http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete(this::received);
        }

        private synchronized void received(HttpResponse<byte[]> response, Throwable failure) {
            Instant now = Instant.now();
            try {
                if (failure != null) {
                    throw new IllegalArgumentException("cannot be reached: " + failure.getMessage());
                }
                if (response.statusCode() != 200) {
                    throw new IllegalArgumentException("answered HTTP " + response.statusCode());
                }
                OcspMessages.Answer answer = OcspMessages.check(response.body(), certificate, issuer, now);
                if (answer.status() != OcspMessages.Status.GOOD) {
                    good = null;
                    problem("says the certificate is " + answer.status().name().toLowerCase(Locale.ROOT)
                            + ": stapling nothing");
                    next(RETRY);
                    return;
                }
                good = answer;
                if (lastProblem != null) {
                    LOG.infof("OCSP stapling: the responder %s of Secret %s's certificate answers again", responder,
                            secret);
                    lastProblem = null;
                }
                next(refreshAfter(answer, now));
            } catch (IllegalArgumentException e) {
                problem(e.getMessage() + (current(now) == null ? ": stapling nothing"
                        : ": stapling its last answer while it holds"));
                next(RETRY);
            }
        }

        private void problem(String problem) {
            if (!problem.equals(lastProblem)) {
                LOG.warnf("OCSP stapling: the responder %s of Secret %s's certificate %s", responder, secret,
                        problem);
                lastProblem = problem;
            }
        }

        private void next(Duration after) {
            if (stopped) {
                return;
            }
            try {
                scheduler.schedule(this::fetch, after.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // The data plane is closing.
            }
        }
    }
}
