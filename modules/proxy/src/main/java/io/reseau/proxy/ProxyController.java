package io.reseau.proxy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.nft.Family;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.queue.SyncTrigger;
import io.reseau.informers.report.EventRecorder;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.informers.watch.Watch;
import io.reseau.proxy.apply.RulesetWriter;
import io.reseau.proxy.compute.ServiceTranslation;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * reseau-proxy's control loop: <b>watch</b> Services and EndpointSlices; <b>compute</b> and <b>apply</b> the
 * ruleset from the caches ({@link ProxySync}: pure computation, one atomic transaction per family);
 * <b>report</b> bad input as Events and the state as metrics. Syncs are coalesced by a {@link SyncTrigger} (at
 * most one per {@code minSyncPeriod}, at least one per {@code syncPeriod}). Change events only name the Services
 * to look at again (as kube-proxy's change trackers); what a sync programs is read from the caches. The first
 * sync, one per {@code syncPeriod} and any sync after a failed one read every object.
 */
public final class ProxyController implements AutoCloseable {

    /** Everything the proxy is configured with. */
    public record Settings(String nodeName, Map<Family, String> clusterCidrs, Optional<String> proxyName,
            int nodePortMin, int nodePortMax, Duration minSyncPeriod, Duration syncPeriod, Duration verifyPeriod,
            NetworkNamespace namespace) {
    }

    private static final String BY_SERVICE = "service";

    private final ControllerRuntime runtime;
    private final ResourceCache<Service> services;
    private final ResourceCache<EndpointSlice> slices;
    private final Set<String> changedServices = ConcurrentHashMap.newKeySet();
    private final Duration syncPeriod;
    private final SyncTrigger trigger;
    private final ProxySync proxySync;
    private final EventRecorder events;
    private final AtomicInteger servicePorts = new AtomicInteger();
    private final AtomicInteger problems = new AtomicInteger();
    private final Map<RulesetWriter.Outcome, Counter> writes = new EnumMap<>(RulesetWriter.Outcome.class);
    private boolean fullSyncWanted = true;
    private Instant lastFullSync = Instant.MIN;

    public ProxyController(ControllerRuntime runtime, Settings settings, ResourceCache<Service> services) {
        this.runtime = runtime;
        this.services = services;
        this.slices = runtime.informers().watch(Watch.of(EndpointSlice.class).withIndex(BY_SERVICE, ProxyController::serviceOf),
                (before, after) -> changed(before, after, ProxyController::serviceOf));
        runtime.informers().listen(services, (before, after) -> changed(before, after, ProxyController::keyOf));
        this.syncPeriod = settings.syncPeriod();
        this.trigger = runtime.syncTrigger("proxy", this::sync, settings.minSyncPeriod(), settings.syncPeriod());
        this.proxySync = new ProxySync(settings);
        this.events = new EventRecorder(runtime.client(), "reseau-proxy", settings.nodeName());
        registerMetrics(runtime.meters());
    }

    /** Declares the Service watch this controller shares with others in the component. */
    public static ResourceCache<Service> watchServices(ControllerRuntime runtime) {
        return runtime.informers().watch(Watch.of(Service.class), (before, after) -> { });
    }

    /** Starts syncing once the caches are full; the future completes then. */
    public CompletableFuture<Void> start() {
        return runtime.informers().start().thenRun(() -> {
            trigger.start();
            trigger.request();
        });
    }

    /** Successful syncs so far (readiness wants at least one). */
    public long completedSyncs() {
        return trigger.completedSyncs();
    }

    @Override
    public void close() {
        proxySync.close();
        events.close();
    }

    private <T extends HasMetadata> void changed(T before, T after, Function<T, List<String>> service) {
        for (T object : Arrays.asList(before, after)) {
            if (object != null) {
                changedServices.addAll(service.apply(object));
            }
        }
        trigger.request();
    }

    private void sync() {
        Set<String> changed = new HashSet<>();
        for (Iterator<String> keys = changedServices.iterator(); keys.hasNext(); keys.remove()) {
            changed.add(keys.next());
        }
        Instant now = Instant.now();
        boolean full = fullSyncWanted || Duration.between(lastFullSync, now).compareTo(syncPeriod) >= 0;
        fullSyncWanted = true;
        ProxySync.Result result = full ? proxySync.sync(services.list(), slices.list())
                : proxySync.sync(changed, new ServiceTranslation.Lookup(this::cachedService, key -> slices.byIndex(BY_SERVICE, key)));
        fullSyncWanted = false;
        if (full) {
            lastFullSync = now;
        }
        result.writes().values().forEach(outcome -> writes.get(outcome).increment());
        result.problems().forEach(problem -> events.warning(problem.object(), problem.reason(), problem.message()));
        result.healthCheckProblems().forEach(problem -> events.warning(service(problem.port().name().namespace(),
                problem.port().name().service()), "HealthCheckPortUnavailable", problem.message()));
        servicePorts.set(result.ports());
        problems.set(result.standingProblems());
    }

    /** The Service an EndpointSlice belongs to, as {@code namespace/name}. */
    private static List<String> serviceOf(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(ServiceTranslation.SERVICE_NAME_LABEL);
        return service == null ? List.of() : List.of(slice.getMetadata().getNamespace() + "/" + service);
    }

    private Optional<Service> cachedService(String key) {
        int slash = key.indexOf('/');
        return services.get(key.substring(0, slash), key.substring(slash + 1));
    }

    private static List<String> keyOf(Service service) {
        return List.of(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName());
    }

    private Service service(String namespace, String name) {
        return services.get(namespace, name).orElseGet(() -> new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
    }

    private void registerMetrics(MeterRegistry meters) {
        Gauge.builder("reseau.proxy.service.ports", servicePorts, AtomicInteger::get)
                .description("Service ports programmed").register(meters);
        Gauge.builder("reseau.proxy.problems", problems, AtomicInteger::get)
                .description("objects or fields left out because they are invalid (see their Events)").register(meters);
        for (RulesetWriter.Outcome outcome : RulesetWriter.Outcome.values()) {
            writes.put(outcome, Counter.builder("reseau.proxy.table.writes")
                    .description("table writes to the kernel, by how they went (replaced whole, updated, unchanged)")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(meters));
        }
    }
}
