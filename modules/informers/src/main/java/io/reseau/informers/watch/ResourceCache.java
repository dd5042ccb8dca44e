package io.reseau.informers.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of what one informer has seen. The objects are shared with the informer: read them, never
 * modify them (copy with their builders to derive changed versions).
 */
public final class ResourceCache<T extends HasMetadata> {

    private final String name;
    private final SharedIndexInformer<T> informer;

    ResourceCache(String name, SharedIndexInformer<T> informer) {
        this.name = name;
        this.informer = informer;
    }

    /** The watch this cache comes from, as {@link Watch#describe()} names it. */
    public String name() {
        return name;
    }

    /** A namespaced object by namespace and name. */
    public Optional<T> get(String namespace, String objectName) {
        return Optional.ofNullable(informer.getIndexer().getByKey(Cache.namespaceKeyFunc(namespace, objectName)));
    }

    /** A cluster-scoped object (Node, IngressClass, …) by name. */
    public Optional<T> get(String objectName) {
        return Optional.ofNullable(informer.getIndexer().getByKey(objectName));
    }

    public List<T> list() {
        return informer.getIndexer().list();
    }

    public List<T> list(String namespace) {
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    /** Objects for which the index function of {@link Watch#withIndex} returned {@code key}. */
    public List<T> byIndex(String index, String key) {
        return informer.getIndexer().byIndex(index, key);
    }

    /** Whether the first full list has arrived; before that the cache may be incomplete. */
    public boolean synced() {
        return informer.hasSynced();
    }

    /** Whether a watch is open right now (false while the API server is unreachable). */
    public boolean watching() {
        return informer.isWatching();
    }
}
