package io.reseau.informers.watch;

/**
 * Told that an object changed: {@code before} is null when it was added, {@code after} is null when it was
 * deleted. Handlers should only enqueue work (a key, a sync request); reconcilers read the caches, never the
 * event, so that a lost or repeated event cannot leave the component wrong.
 */
@FunctionalInterface
public interface ChangeHandler<T> {

    void changed(T before, T after);

    /** Convenience for handlers that only care that something changed. */
    static <T> ChangeHandler<T> of(Runnable action) {
        return (before, after) -> action.run();
    }
}
