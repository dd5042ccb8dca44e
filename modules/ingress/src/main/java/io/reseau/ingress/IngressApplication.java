package io.reseau.ingress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import io.reseau.ingress.admission.AdmissionServer;
import io.reseau.ingress.dataplane.DataPlane;
import io.reseau.ingress.dataplane.RequestObserver;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.report.AccessLog;
import io.reseau.ingress.report.AccessLogFormat;
import io.reseau.ingress.report.RequestMetrics;
import io.reseau.ingress.report.StreamLogFormat;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Starts the data plane and the controller with the application, and stops them with it. */
@ApplicationScoped
public class IngressApplication {

    private static final Logger LOG = Logger.getLogger(IngressApplication.class);

    private volatile DataPlane dataPlane;
    private volatile IngressController controller;
    private volatile AdmissionServer webhook;
    private volatile NativeHeapTrim nativeHeapTrim;

    void start(@Observes StartupEvent started, ControllerRuntime runtime, IngressConfig config, MeterRegistry meters,
            PrometheusMeterRegistry prometheus, Vertx vertx) throws InterruptedException {
        RequestMetrics metrics = new RequestMetrics(prometheus);
        Optional<AccessLogFormat> format = config.accessLogFormat();
        format.ifPresent(f -> warnUnsupported("log-format-upstream", f.unsupported()));
        Optional<StreamLogFormat> streamFormat = config.streamLogFormat();
        streamFormat.ifPresent(f -> warnUnsupported("log-format-stream", f.unsupported()));
        AccessLog accessLog = new AccessLog(format, streamFormat, config.skipAccessLogUrls().orElse(List.of()),
                config.accessLogForDefaultBackend());
        RequestObserver observer = config.accessLog() && !config.disableAccessLog()
                ? RequestObserver.both(metrics, accessLog) : metrics;
        dataPlane = new DataPlane(config.dataPlane(LOG::warn), observer);
        dataPlane.start();
        Gauge.builder("reseau.ingress.client.connections", dataPlane, DataPlane::openConnections)
                .description("client connections open").register(meters);
        LOG.infof("reseau-ingress: HTTP on %s:%d, HTTPS on %s:%d", config.listenAddress(), dataPlane.httpPort(),
                config.listenAddress(), dataPlane.httpsPort());
        String instance = Optional.ofNullable(System.getenv("POD_NAME")).orElse("reseau-ingress");
        Locality locality = NodeLocality.read(runtime.client(), config.enableTopologyAwareRouting(),
                config.nodeName());
        controller = new IngressController(runtime, new IngressController.Settings(config.translation().at(locality),
                config.streamServices(Set.of(dataPlane.httpPort(), dataPlane.httpsPort())).at(locality),
                config.globalFields(), config.statusAddresses(), config.minSyncPeriod(), config.syncPeriod(), instance,
                config.watchNamespace().filter(namespace -> !namespace.isBlank())), dataPlane);
        Optional<AdmissionServer.Settings> admission = config.admission();
        if (admission.isPresent()) {
            webhook = AdmissionServer.start(vertx, admission.get(), config.admissionCertificate(runtime.client()),
                    controller::review, meters);
            LOG.infof("reseau-ingress: validating admission webhook on %s:%d%s", admission.get().host(),
                    webhook.port(), AdmissionServer.PATH);
        }
        controller.start().thenRun(() -> LOG.info("reseau-ingress: caches synced, serving Ingresses"));
        nativeHeapTrim = NativeHeapTrim.start();
    }

    private static void warnUnsupported(String setting, List<String> unsupported) {
        if (!unsupported.isEmpty()) {
            LOG.warnf("%s: %s not measured by reseau, written as nginx writes a variable not found (-, or nothing"
                    + " with log-format-escape-json or -none)", setting, String.join(", ", unsupported));
        }
    }

    /**
     * Stops the controller (the last routing table keeps serving), goes on serving for {@code shutdown-grace-period},
     * then drains the client connections for up to {@code worker-shutdown-timeout} before closing what is left.
     */
    void stop(@Observes ShutdownEvent stopping, IngressConfig config) throws InterruptedException {
        if (nativeHeapTrim != null) {
            nativeHeapTrim.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (dataPlane != null) {
            Thread.sleep(config.shutdownGracePeriod().toMillis());
            LOG.infof("reseau-ingress: draining client connections (up to %s)", config.workerShutdownTimeout());
            int left = dataPlane.drain(config.workerShutdownTimeout());
            if (left > 0) {
                LOG.warnf("reseau-ingress: %d client connections still open after %s are cut", left,
                        config.workerShutdownTimeout());
            }
            dataPlane.close();
        }
    }

    /** The routing table served now; empty before the data plane starts. */
    RoutingTable servedTable() {
        DataPlane current = dataPlane;
        return current == null ? RoutingTable.EMPTY : current.servedTable();
    }

    /** Successful syncs so far (a method, not a field: callers hold a CDI client proxy of this bean). */
    long completedSyncs() {
        IngressController current = controller;
        return current == null ? 0 : current.completedSyncs();
    }

    /** Ready once a routing table built from synced caches is served. */
    @Readiness
    @ApplicationScoped
    static class RoutesServed implements HealthCheck {

        private final IngressApplication application;

        RoutesServed(IngressApplication application) {
            this.application = application;
        }

        @Override
        public HealthCheckResponse call() {
            long syncs = application.completedSyncs();
            return HealthCheckResponse.named("routes").status(syncs > 0).withData("syncs", syncs).build();
        }
    }
}
