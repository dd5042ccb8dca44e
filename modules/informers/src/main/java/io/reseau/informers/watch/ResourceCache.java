package io.reseau.informers.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A read-only view of what one watch has seen: one informer, or one per namespace of a watch in several. The
 * objects are shared with the informers: read them, never modify them (copy with their builders to derive changed
 * versions).
 */
public final class ResourceCache<T extends HasMetadata> {

    private final String name;
    private final List<SharedIndexInformer<T>> informers;

    ResourceCache(String name, List<SharedIndexInformer<T>> informers) {
        this.name = name;
        this.informers = List.copyOf(informers);
    }

    /** The watch this cache comes from, as {@link Watch#describe()} names it. */
    public String name() {
        return name;
    }

    /** A namespaced object by namespace and name. */
    public Optional<T> get(String namespace, String objectName) {
        return byKey(Cache.namespaceKeyFunc(namespace, objectName));
    }

    /** A cluster-scoped object (Node, IngressClass, …) by name. */
    public Optional<T> get(String objectName) {
        return byKey(objectName);
    }

    public List<T> list() {
        return all(Indexer::list);
    }

    public List<T> list(String namespace) {
        return all(indexer -> indexer.byIndex(Cache.NAMESPACE_INDEX, namespace));
    }

    /** Objects for which the index function of {@link Watch#withIndex} returned {@code key}. */
    public List<T> byIndex(String index, String key) {
        return all(indexer -> indexer.byIndex(index, key));
    }

    /** Whether the first full list has arrived; before that the cache may be incomplete. */
    public boolean synced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Whether a watch is open right now (false while the API server is unreachable). */
    public boolean watching() {
        return informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    private Optional<T> byKey(String key) {
        for (SharedIndexInformer<T> informer : informers) {
            T found = informer.getIndexer().getByKey(key);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** What each informer's store gives, together; a watch of one informer (the usual case) copies nothing. */
    private List<T> all(Function<Indexer<T>, List<T>> read) {
        if (informers.size() == 1) {
            return read.apply(informers.getFirst().getIndexer());
        }
        List<T> all = new ArrayList<>();
        informers.forEach(informer -> all.addAll(read.apply(informer.getIndexer())));
        return all;
    }
}
