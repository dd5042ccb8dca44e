package io.reseau.informers.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The informers of one component. Declare every {@link Watch} first, then {@link #start()}: the returned future
 * completes once every cache holds a full list. Watches are re-established by fabric8 after the API server goes
 * away, and a {@code 410 Gone} makes the informer relist, emitting the adds, updates and deletes it missed.
 */
public final class Informers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Informers.class);

    private final KubernetesClient client;
    private final MeterRegistry meters;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<String, ResourceCache<?>> caches = new LinkedHashMap<>();
    private final Map<ResourceCache<?>, List<SharedIndexInformer<?>>> informersOf = new IdentityHashMap<>();
    /** Watches opened while running ({@link #watchNow}), until {@link #stop}ped; not part of the sync state. */
    private final Map<ResourceCache<?>, List<SharedIndexInformer<?>>> lateInformers = new IdentityHashMap<>();
    private boolean started;

    public Informers(KubernetesClient client, MeterRegistry meters) {
        this.client = Objects.requireNonNull(client);
        this.meters = Objects.requireNonNull(meters);
    }

    /** Declares a watch; {@code handler} hears of every change once the informers run. */
    public synchronized <T extends HasMetadata> ResourceCache<T> watch(Watch<T> watch, ChangeHandler<? super T> handler) {
        if (started) {
            throw new IllegalStateException("declare every watch before start(): " + watch.describe());
        }
        String name = watch.describe();
        if (caches.containsKey(name)) {
            throw new IllegalArgumentException("already watching " + name + "; share its cache instead");
        }
        List<SharedIndexInformer<T>> scoped = informers(watch, handler);
        ResourceCache<T> cache = new ResourceCache<>(name, scoped);
        informers.addAll(scoped);
        caches.put(name, cache);
        informersOf.put(cache, List.<SharedIndexInformer<?>>copyOf(scoped));
        Gauge.builder("reseau.informer.synced", cache, c -> c.synced() ? 1 : 0)
                .description("1 once the informer holds a full list of its resource")
                .tag("resource", name)
                .register(meters);
        return cache;
    }

    /**
     * A watch opened while the informers run, for objects a controller learns it needs from others (a ConfigMap an
     * Ingress names, say): started at once, and its future completes with the cache once that holds a full list.
     * It stays out of {@link #syncState()} (readiness), runs until {@link #stop}ped or the informers close, and may
     * be opened again after it stopped.
     */
    public synchronized <T extends HasMetadata> CompletableFuture<ResourceCache<T>> watchNow(Watch<T> watch,
            ChangeHandler<? super T> handler) {
        if (!started) {
            throw new IllegalStateException("watchNow() is for running informers; declare " + watch.describe()
                    + " with watch()");
        }
        List<SharedIndexInformer<T>> scoped = informers(watch, handler);
        ResourceCache<T> cache = new ResourceCache<>(watch.describe(), scoped);
        lateInformers.put(cache, List.<SharedIndexInformer<?>>copyOf(scoped));
        return CompletableFuture.allOf(scoped.stream().map(informer -> informer.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).thenApply(synced -> cache);
    }

    /** Stops a watch {@link #watchNow} opened; its cache stays as it was. */
    public synchronized void stop(ResourceCache<?> cache) {
        List<SharedIndexInformer<?>> scoped = lateInformers.remove(cache);
        if (scoped == null) {
            throw new IllegalArgumentException(cache.name() + " is not a watch opened by watchNow()");
        }
        scoped.forEach(SharedIndexInformer::stop);
    }

    /** Another handler for a declared watch, for a second controller that follows the same objects. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> void listen(ResourceCache<T> cache, ChangeHandler<? super T> handler) {
        List<SharedIndexInformer<?>> scoped = informersOf.get(cache);
        if (scoped == null) {
            throw new IllegalArgumentException(cache.name() + " is not a watch of these informers");
        }
        scoped.forEach(informer -> ((SharedIndexInformer<T>) informer).addEventHandler(new Forwarder<>(handler)));
    }

    /** Starts every informer; the future completes when all of them have synced. */
    public synchronized CompletableFuture<Void> start() {
        started = true;
        return CompletableFuture.allOf(informers.stream()
                .map(informer -> informer.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    public synchronized boolean allSynced() {
        return started && caches.values().stream().allMatch(ResourceCache::synced);
    }

    /** Each watch by name, and whether it has synced. */
    public synchronized Map<String, Boolean> syncState() {
        Map<String, Boolean> state = new LinkedHashMap<>();
        caches.forEach((name, cache) -> state.put(name, started && cache.synced()));
        return state;
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::stop);
        lateInformers.values().forEach(scoped -> scoped.forEach(SharedIndexInformer::stop));
        lateInformers.clear();
    }

    /** The informers of a watch: one, or one per namespace of a watch in several. */
    private <T extends HasMetadata> List<SharedIndexInformer<T>> informers(Watch<T> watch,
            ChangeHandler<? super T> handler) {
        return watch.namespaces().isEmpty() ? List.of(informer(watch, null, handler))
                : watch.namespaces().stream().map(namespace -> informer(watch, namespace, handler)).toList();
    }

    /** The informer of a watch in one namespace (null: in every namespace), telling {@code handler}. */
    private <T extends HasMetadata> SharedIndexInformer<T> informer(Watch<T> watch, String namespace,
            ChangeHandler<? super T> handler) {
        SharedIndexInformer<T> informer = scoped(watch, namespace).runnableInformer(0);
        if (!watch.indexes().isEmpty()) {
            informer.addIndexers(watch.indexes());
        }
        informer.addEventHandler(new Forwarder<>(handler));
        // Keep retrying whatever happens, also before the first list: a component started before its API server
        // is reachable must come up by itself once it is, staying not-ready meanwhile.
        String name = watch.describe();
        informer.exceptionHandler((isStarted, failure) -> {
            LOG.warnf("watch of %s failed, retrying: %s", name, failure.getMessage());
            return true;
        });
        return informer;
    }

    private <T extends HasMetadata> FilterWatchListDeletable<T, ?, Resource<T>> scoped(Watch<T> watch,
            String namespace) {
        MixedOperation<T, ?, Resource<T>> all = client.resources(watch.type());
        FilterWatchListDeletable<T, ?, Resource<T>> scoped =
                namespace == null ? all.inAnyNamespace() : all.inNamespace(namespace);
        if (watch.labelSelector() != null) {
            scoped = scoped.withLabelSelector(watch.labelSelector());
        }
        for (Map.Entry<String, String> field : watch.fields().entrySet()) {
            scoped = scoped.withField(field.getKey(), field.getValue());
        }
        return scoped;
    }

    /** Turns fabric8's three callbacks into one, dropping updates that change nothing (same resourceVersion). */
    private record Forwarder<T extends HasMetadata>(ChangeHandler<? super T> handler) implements ResourceEventHandler<T> {

        @Override
        public void onAdd(T obj) {
            handler.changed(null, obj);
        }

        @Override
        public void onUpdate(T before, T after) {
            String was = before.getMetadata().getResourceVersion();
            if (was == null || !was.equals(after.getMetadata().getResourceVersion())) {
                handler.changed(before, after);
            }
        }

        @Override
        public void onDelete(T obj, boolean finalStateUnknown) {
            handler.changed(obj, null);
        }
    }
}
