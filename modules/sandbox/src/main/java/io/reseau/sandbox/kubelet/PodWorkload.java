package io.reseau.sandbox.kubelet;

/** What runs in a pod once its network is wired: the built-in workload, or a reseau component. */
interface PodWorkload extends AutoCloseable {

    /** Whether the pod is Ready: its readiness probe passes (a pod without one: while it runs). */
    boolean ready();

    /** Stops it; the pod's network is torn down afterwards. */
    @Override
    void close() throws Exception;

    /** A workload that serves as soon as it is started, and has nothing to stop but itself. */
    static PodWorkload servingAtOnce(AutoCloseable server) {
        return new PodWorkload() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }
}
