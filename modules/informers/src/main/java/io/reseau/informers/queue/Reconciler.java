package io.reseau.informers.queue;

/**
 * Brings one key to its desired state, reading the caches (never the event that triggered it). Throwing means
 * "not done": the key is retried with backoff and the last good state stays in place.
 */
@FunctionalInterface
public interface Reconciler<K> {

    ReconcileResult reconcile(K key) throws Exception;
}
