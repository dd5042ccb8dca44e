package io.reseau.ingress;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.micrometer.core.instrument.Gauge;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.queue.SyncTrigger;
import io.reseau.informers.report.EventRecorder;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.informers.watch.Watch;
import io.reseau.ingress.apply.IngressStatusWriter;
import io.reseau.ingress.apply.StatusAddresses;
import io.reseau.ingress.compute.GlobalHeaders;
import io.reseau.ingress.compute.IngressAdmission;
import io.reseau.ingress.compute.IngressClasses;
import io.reseau.ingress.compute.IngressTranslation;
import io.reseau.ingress.compute.StreamServices;
import io.reseau.ingress.dataplane.DataPlane;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.Problem;
import io.reseau.ingress.report.CertificateExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * reseau-ingress's control loop: <b>watch</b> Ingresses, IngressClasses, Services, EndpointSlices, TLS and Opaque
 * Secrets, the tcp-services, udp-services, proxy-set-headers and add-headers ConfigMaps if configured, and the
 * ConfigMaps Ingresses name ({@link NamedConfigMaps}); <b>compute</b> the whole routing table
 * from a snapshot of the caches ({@link IngressTranslation}, pure) and the TCP and UDP services
 * ({@link StreamServices}, pure);
 * <b>apply</b> them in the {@link DataPlane}, the table in one swap; <b>report</b> problems as Events on the
 * objects at fault, Ingress status from the controller's own Service, and gauges. Changes are coalesced by a
 * {@link SyncTrigger}; a sync that throws keeps the last table serving and is retried. The admission webhook asks it
 * to {@link #review} an Ingress against the same caches.
 */
public final class IngressController implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IngressController.class);

    /**
     * What the controller needs besides the data plane.
     *
     * @param watchNamespace the one namespace whose Ingresses are served ({@code watch-namespace}); empty: all
     */
    public record Settings(IngressTranslation.Settings translation, StreamServices.Settings streams,
            GlobalFields headers, Optional<StatusAddresses> status, Duration minSyncPeriod, Duration syncPeriod,
            String instance, Optional<String> watchNamespace) {

        /** Where Ingresses are watched: the one namespace, or every one (empty). */
        Set<String> ingressNamespaces() {
            return watchNamespace.map(Set::of).orElse(Set.of());
        }

        /**
         * Where Services, EndpointSlices and Secrets are watched: every namespace (empty), or the watched one and
         * those of the objects these settings name (the default backend, the default certificate, the controller's
         * own Service), which usually live in the controller's namespace.
         */
        Set<String> objectNamespaces() {
            if (watchNamespace.isEmpty()) {
                return Set.of();
            }
            Stream<ObjectKey> named = Stream.of(translation.defaultBackendService(), translation.defaultCertificate(),
                    status.flatMap(addresses -> addresses instanceof StatusAddresses.OfService own
                            ? Optional.of(own.service()) : Optional.empty())).flatMap(Optional::stream);
            return Stream.concat(watchNamespace.stream(), named.map(ObjectKey::namespace)).collect(Collectors.toSet());
        }
    }

    /**
     * The fields set on every request and response: the ConfigMaps of those set on every request
     * ({@code proxy-set-headers}) and response ({@code add-headers}), and whether requests get X-Original-URI
     * ({@code proxy-add-original-uri-header}).
     */
    public record GlobalFields(Optional<ObjectKey> request, Optional<ObjectKey> response, boolean originalUri) {
    }

    private final ControllerRuntime runtime;
    private final Settings settings;
    private final DataPlane dataPlane;
    private final ResourceCache<Ingress> ingresses;
    private final ResourceCache<IngressClass> classes;
    private final ResourceCache<Service> services;
    private final ResourceCache<EndpointSlice> slices;
    private final ResourceCache<Secret> tlsSecrets;
    private final ResourceCache<Secret> opaqueSecrets;
    /** The tcp-services, udp-services, proxy-set-headers and add-headers ConfigMaps; empty when not configured. */
    private final Optional<WatchedConfigMap> tcpServices;
    private final Optional<WatchedConfigMap> udpServices;
    private final Optional<WatchedConfigMap> requestHeaders;
    private final Optional<WatchedConfigMap> responseHeaders;
    /** The ConfigMaps Ingresses name ({@code custom-headers}, {@code auth-proxy-set-headers}), watched by name. */
    private final NamedConfigMaps namedConfigMaps;
    private final SyncTrigger trigger;
    private final EventRecorder events;
    private final IngressStatusWriter status;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger problems = new AtomicInteger();
    private final CertificateExpiry certificateExpiry;
    /** Whether the configured default-backend-service was missing at the last sync (logged when that changes). */
    private boolean defaultBackendMissing;
    /** The same for default-ssl-certificate's Secret. */
    private boolean defaultCertificateMissing;

    public IngressController(ControllerRuntime runtime, Settings settings, DataPlane dataPlane) {
        this.runtime = runtime;
        this.settings = settings;
        this.dataPlane = dataPlane;
        ChangeHandler<Object> changed = ChangeHandler.of(this::changed);
        Set<String> objectNamespaces = settings.objectNamespaces();
        this.ingresses = runtime.informers().watch(Watch.of(Ingress.class).inNamespaces(settings.ingressNamespaces()),
                changed);
        this.classes = runtime.informers().watch(Watch.of(IngressClass.class), changed);
        this.services = runtime.informers().watch(Watch.of(Service.class).inNamespaces(objectNamespaces), changed);
        this.slices = runtime.informers().watch(Watch.of(EndpointSlice.class).inNamespaces(objectNamespaces),
                changed);
        // TLS Secrets (certificates) and Opaque ones (basic authentication's users) only: the API server filters on
        // type, so service account tokens, Helm releases and other Secrets never reach this process.
        this.tlsSecrets = runtime.informers().watch(Watch.of(Secret.class).inNamespaces(objectNamespaces)
                .withField("type", IngressTranslation.TLS_SECRET_TYPE), changed);
        this.opaqueSecrets = runtime.informers().watch(Watch.of(Secret.class).inNamespaces(objectNamespaces)
                .withField("type", IngressTranslation.OPAQUE_SECRET_TYPE), changed);
        this.tcpServices = settings.streams().tcpConfigMap().map(map -> watch(map, changed));
        this.udpServices = settings.streams().udpConfigMap().map(map -> watch(map, changed));
        this.requestHeaders = settings.headers().request().map(map -> watch(map, changed));
        this.responseHeaders = settings.headers().response().map(map -> watch(map, changed));
        this.namedConfigMaps = new NamedConfigMaps(runtime.informers(), changed);
        this.trigger = runtime.syncTrigger("ingress", this::sync, settings.minSyncPeriod(), settings.syncPeriod());
        this.events = new EventRecorder(runtime.client(), "reseau-ingress", settings.instance());
        this.status = new IngressStatusWriter(runtime.client());
        Gauge.builder("reseau.ingress.served", served, AtomicInteger::get)
                .description("Ingresses served").register(runtime.meters());
        Gauge.builder("reseau.ingress.problems", problems, AtomicInteger::get)
                .description("problems found in the input (see their Events)").register(runtime.meters());
        this.certificateExpiry = new CertificateExpiry(runtime.meters());
    }

    /** Starts syncing once the caches are full; the future completes then. */
    public CompletableFuture<Void> start() {
        return runtime.informers().start().thenRun(() -> {
            trigger.start();
            trigger.request();
        });
    }

    /** Successful syncs so far: ready once the first table is served. */
    public long completedSyncs() {
        return trigger.completedSyncs();
    }

    private void changed() {
        trigger.request();
    }

    private void sync() {
        GlobalHeaders.Result headers = globalHeaders();
        List<Ingress> all = ingresses.list();
        Set<ObjectKey> named = IngressTranslation.namedConfigMaps(all, settings.translation());
        IngressTranslation.Result result = translate(all, named, headers);
        namedConfigMaps.keepOnly(named);
        int found = result.problems().size();
        for (DataPlane.CertificateProblem invalid : dataPlane.apply(result.table())) {
            ObjectKey secret = ObjectKey.parse("a certificate's secret", invalid.certificate().secret());
            tlsSecrets.get(secret.namespace(), secret.name())
                    .or(() -> opaqueSecrets.get(secret.namespace(), secret.name()))
                    .ifPresent(s -> events.warning(s, "TlsCertificateInvalid", "cannot load the certificate and key: "
                            + invalid.message() + "; " + invalid.consequence()));
            found++;
        }
        certificateExpiry.update(result.table());
        Optional<ConfigMap> tcpMap = current(tcpServices);
        Optional<ConfigMap> udpMap = current(udpServices);
        List<Problem> streamProblems = Stream.concat(
                serve(tcpMap, StreamServices.tcp(tcpMap, services.list(), slices.list(), settings.streams()),
                        dataPlane::applyTcp, "TcpServiceUnbound").stream(),
                serve(udpMap, StreamServices.udp(udpMap, services.list(), slices.list(), settings.streams()),
                        dataPlane::applyUdp, "UdpServiceUnbound").stream()).toList();
        found += streamProblems.size();
        found += headers.problems().size();
        for (Problem problem : Stream.of(result.problems(), streamProblems, headers.problems())
                .flatMap(List::stream).toList()) {
            events.warning(problem.object(), problem.reason(), problem.message());
        }
        defaultBackendMissing = logChange(defaultBackendMissing, "default-backend-service",
                settings.translation().defaultBackendService(), result.table().defaultBackend().isEmpty(),
                "is not a Service with a port: requests no rule matches get 404, and error pages are not made");
        defaultCertificateMissing = logChange(defaultCertificateMissing, "default-ssl-certificate",
                settings.translation().defaultCertificate(), result.table().defaultCertificate().isEmpty(),
                "is not a TLS Secret with a certificate and key: the certificate generated at start is served");
        served.set(result.served().size());
        problems.set(found);
        if (settings.status().isPresent()) {
            List<IngressLoadBalancerIngress> addresses = switch (settings.status().get()) {
                case StatusAddresses.OfService own -> IngressStatusWriter.addresses(services.get(
                        own.service().namespace(), own.service().name()));
                case StatusAddresses.Given given -> given.addresses();
            };
            int failed = status.write(result.statusOwned(), addresses);
            if (failed > 0) {
                // The table is already served; failing the sync only makes the trigger retry the status.
                throw new IllegalStateException(failed + " Ingress status writes failed");
            }
        }
    }

    /** The fields set on every request and response, from the proxy-set-headers and add-headers ConfigMaps. */
    private GlobalHeaders.Result globalHeaders() {
        return GlobalHeaders.translate(current(requestHeaders), current(responseHeaders),
                settings.headers().originalUri());
    }

    /**
     * The routing table of these Ingresses, with every other object as cached now; {@code named}: the ConfigMaps
     * they name ({@link IngressTranslation#namedConfigMaps}), read (and watched from now on if they were not).
     */
    private IngressTranslation.Result translate(Collection<Ingress> served, Set<ObjectKey> named,
            GlobalHeaders.Result headers) {
        return IngressTranslation.translate(served, classes.list(), services.list(), slices.list(),
                Stream.concat(tlsSecrets.list().stream(), opaqueSecrets.list().stream()).toList(),
                namedConfigMaps.read(named),
                settings.translation().withHeaders(headers.edits()));
    }

    /**
     * The admission webhook's judgement of an Ingress about to be stored, against the objects cached now; empty
     * until the first table is served (the caches may not hold everything yet). An Ingress of a namespace not
     * watched is allowed unjudged, as one of another class is; one of an adopted class is warned, never refused.
     */
    public Optional<IngressAdmission.Verdict> review(Ingress candidate) {
        if (completedSyncs() == 0) {
            return Optional.empty();
        }
        Set<String> watched = settings.ingressNamespaces();
        if (!watched.isEmpty() && !watched.contains(candidate.getMetadata().getNamespace())) {
            return Optional.of(IngressAdmission.Verdict.UNJUDGED);
        }
        GlobalHeaders.Result headers = globalHeaders();
        IngressAdmission.Verdict verdict = IngressAdmission.review(candidate, ingresses.list(), Instant.now(),
                these -> translate(these, IngressTranslation.namedConfigMaps(these, settings.translation()), headers)
                        .problems());
        // Another controller's Ingress served on trial (adopted-class-names): that controller decides; reseau warns.
        IngressClasses served = new IngressClasses(classes.list(), settings.translation().classes());
        return Optional.of(served.adopted(candidate) ? verdict.warningsOnly() : verdict);
    }

    /**
     * Logs when the object a setting names goes missing from the table ({@code absent}) or is found again, once per
     * change; answers whether it is missing now.
     */
    private static boolean logChange(boolean wasMissing, String setting, Optional<ObjectKey> key, boolean absent,
            String consequence) {
        boolean missing = key.isPresent() && absent;
        if (missing && !wasMissing) {
            LOG.warnf("%s %s %s", setting, key.get(), consequence);
        } else if (!missing && wasMissing) {
            LOG.infof("%s %s found", setting, key.get());
        }
        return missing;
    }

    /**
     * Listens for a ConfigMap's TCP or UDP services; answers the problems of its entries and of the ports that could
     * not be listened on.
     */
    private static <S> List<Problem> serve(Optional<ConfigMap> map, StreamServices.Result<S> services,
            Function<List<S>, List<DataPlane.UnboundPort>> listen, String unboundReason) {
        List<Problem> problems = new ArrayList<>(services.problems());
        for (DataPlane.UnboundPort unbound : listen.apply(services.services())) {
            problems.add(new Problem(map.orElseThrow(), unboundReason, "port " + unbound.port() + ": cannot listen: "
                    + unbound.message() + "; not served"));
        }
        return problems;
    }

    /** One ConfigMap, watched by name. */
    private record WatchedConfigMap(ObjectKey key, ResourceCache<ConfigMap> cache) {

        Optional<ConfigMap> current() {
            return cache.get(key.namespace(), key.name());
        }
    }

    private WatchedConfigMap watch(ObjectKey map, ChangeHandler<Object> changed) {
        return new WatchedConfigMap(map, runtime.informers().watch(Watch.of(ConfigMap.class)
                .inNamespace(map.namespace()).withField("metadata.name", map.name()), changed));
    }

    private static Optional<ConfigMap> current(Optional<WatchedConfigMap> map) {
        return map.flatMap(WatchedConfigMap::current);
    }

    @Override
    public void close() {
        events.close();
    }
}
