package io.reseau.ingress.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reseau.ingress.compute.IngressAdmission;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The validating admission webhook's HTTPS endpoint ({@code POST /validate/ingresses}): the API server sends each
 * Ingress it is about to store as an AdmissionReview, and gets back the controller's judgement
 * ({@link IngressAdmission}). Until the controller's caches are synced it answers 503, which the API server
 * treats as the webhook failing (its {@code failurePolicy} decides).
 */
public final class AdmissionServer implements AutoCloseable {

    public static final String PATH = "/validate/ingresses";

    private static final Logger LOG = Logger.getLogger(AdmissionServer.class);

    /** An AdmissionReview of an Ingress is a few KiB; etcd stores objects of at most 1.5 MiB. */
    private static final int MAX_BODY_BYTES = 3 << 20;

    /**
     * Where the webhook listens, how often its certificate is read again for a renewed one, and for how long the
     * first read is tried again at start (the webhook configuration of the same release may be applied a moment
     * after the pod starts).
     */
    public record Settings(String host, int port, Duration reloadPeriod, Duration startPatience) {

        /** As kubelet updates a mounted Secret within about a minute. */
        public static final Duration RELOAD_PERIOD = Duration.ofMinutes(1);

        public static final Duration START_PATIENCE = Duration.ofSeconds(30);

        /**
         * ingress-nginx's {@code --validating-webhook} address: {@code :8443} (on {@code everyAddress}), or
         * {@code host:port}.
         */
        public static Settings of(String address, String everyAddress) {
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (colon < 0 || port < 0 || port > 65_535) {
                throw new IllegalArgumentException("validating-webhook must be [host]:port, not '" + address + "'");
            }
            String host = colon == 0 ? everyAddress : address.substring(0, colon).replaceAll("^\\[|]$", "");
            return new Settings(host, port, RELOAD_PERIOD, START_PATIENCE);
        }
    }

    /** The judgement of an Ingress; empty while the controller cannot judge yet (caches not synced). */
    public interface Reviewer {
        Optional<IngressAdmission.Verdict> review(Ingress ingress);
    }

    private final Vertx vertx;
    private final CertificateSource source;
    private final Reviewer reviewer;
    private final AdmissionReviews reviews = new AdmissionReviews();
    private final Counter allowed;
    private final Counter refused;
    private final HttpServer server;
    /**
     * Judges one review at a time: each translates every Ingress, so reviews sent together (an apply of many
     * Ingresses) queue rather than hold as many routing tables in the heap at once.
     */
    private final WorkerExecutor judge;
    /** The certificate and key served; replaced on the event loop of a reload. */
    private volatile ServedCertificate served;
    /** The reload timer; none (-1) until listening. */
    private long reloads = -1;

    private AdmissionServer(Vertx vertx, Settings settings, CertificateSource source, ServedCertificate served,
            Reviewer reviewer, MeterRegistry meters) {
        this.vertx = vertx;
        this.source = source;
        this.served = served;
        this.reviewer = reviewer;
        this.allowed = reviews(meters, "allowed");
        this.refused = reviews(meters, "refused");
        this.judge = vertx.createSharedWorkerExecutor("reseau-ingress-admission", 1);
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host())
                .setPort(settings.port()).setSsl(true).setKeyCertOptions(pem(served)));
        server.requestHandler(this::handle);
    }

    private static Counter reviews(MeterRegistry meters, String verdict) {
        return Counter.builder("reseau.ingress.admission.reviews").tag("verdict", verdict)
                .description("Ingresses the admission webhook judged").register(meters);
    }

    private static PemKeyCertOptions pem(ServedCertificate certificate) {
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(certificate.certificatePem()))
                .setKeyValue(Buffer.buffer(certificate.keyPem()));
    }

    /**
     * Listens, or fails with the reason (a certificate or key that cannot be read, a port in use): a webhook the
     * API server is told of but cannot reach would stop every Ingress change.
     */
    public static AdmissionServer start(Vertx vertx, Settings settings, CertificateSource source, Reviewer reviewer,
            MeterRegistry meters) throws InterruptedException {
        AdmissionServer admission;
        try {
            admission = new AdmissionServer(vertx, settings, source, firstRead(source, settings.startPatience()),
                    reviewer, meters);
        } catch (IOException e) {
            throw cannotListen(settings, source, e);
        }
        try {
            admission.server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            admission.close();
            throw cannotListen(settings, source, e instanceof ExecutionException ? e.getCause() : e);
        }
        admission.reloads = vertx.setPeriodic(settings.reloadPeriod().toMillis(), tick -> admission.reload());
        return admission;
    }

    private static IllegalStateException cannotListen(Settings settings, CertificateSource source, Throwable why) {
        return new IllegalStateException("validating-webhook: cannot listen on " + settings.host() + ":"
                + settings.port() + " with the certificate of " + source + ": " + why, why);
    }

    /** The source's certificate, tried again every second until it can be read or {@code patience} is over. */
    private static ServedCertificate firstRead(CertificateSource source, Duration patience)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                return source.read();
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                LOG.infof("validating-webhook: %s; trying again", e.getMessage());
                Thread.sleep(1_000);
            }
        }
    }

    /** Serves the source's certificate and key if they changed; keeps the last pair if they cannot be used. */
    private void reload() {
        vertx.executeBlocking(source::read, false).compose(read -> read.equals(served)
                ? Future.succeededFuture(false)
                : server.updateSSLOptions(new SSLOptions().setKeyCertOptions(pem(read))).map(updated -> {
                    served = read;
                    return updated;
                })).onComplete(done -> {
                    if (done.failed()) {
                        LOG.warnf("validating-webhook: cannot use the certificate of %s (%s); serving the last one",
                                source, done.cause());
                    } else if (done.result()) {
                        LOG.infof("validating-webhook: serving the renewed certificate of %s", source);
                    }
                });
    }

    /** The port listened on (the one asked for, or the one given for 0). */
    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (!PATH.equals(request.path())) {
            request.response().setStatusCode(404).end("not found: the webhook is at " + PATH + "\n");
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().setStatusCode(405).putHeader("Allow", "POST").end("POST an AdmissionReview\n");
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                request.response().setStatusCode(413).end("an AdmissionReview of at most " + MAX_BODY_BYTES
                        + " bytes\n");
                request.connection().close();
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!request.response().ended()) {
                judge.executeBlocking(() -> answer(body.toString()), true).onComplete(done -> {
                    if (done.failed()) {
                        LOG.error("validating-webhook: a review failed", done.cause());
                    }
                    Answer answer = done.succeeded() ? done.result() : new Answer(500, done.cause() + "\n");
                    request.response().setStatusCode(answer.status())
                            .putHeader("Content-Type", answer.status() == 200 ? "application/json" : "text/plain")
                            .end(answer.body());
                });
            }
        });
    }

    /** An HTTP answer: 200 with the AdmissionReview, or an error and its text. */
    private record Answer(int status, String body) {
    }

    private Answer answer(String json) {
        AdmissionReview review;
        Optional<Ingress> ingress;
        try {
            review = reviews.read(json);
            ingress = reviews.judged(review);
        } catch (IllegalArgumentException e) {
            LOG.warnf("validating-webhook: %s", e.getMessage());
            return new Answer(400, e.getMessage() + "\n");
        }
        Optional<IngressAdmission.Verdict> verdict = ingress.isEmpty() ? Optional.of(IngressAdmission.Verdict.UNJUDGED)
                : reviewer.review(ingress.get());
        if (verdict.isEmpty()) {
            return new Answer(503, "reseau-ingress has not read the cluster's objects yet; try again\n");
        }
        if (ingress.isPresent()) {
            (verdict.get().allowed() ? allowed : refused).increment();
        }
        return new Answer(200, reviews.write(reviews.answer(review, verdict.get())));
    }

    @Override
    public void close() {
        vertx.cancelTimer(reloads);
        server.close().toCompletionStage().toCompletableFuture().join();
        judge.close();
    }
}
