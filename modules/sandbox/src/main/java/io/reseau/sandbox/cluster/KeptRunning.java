package io.reseau.sandbox.cluster;

import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.state.StateFile;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A bundle process kept running as a kubelet keeps a container with restartPolicy Always (a node agent of a
 * DaemonSet, a component pod's container): when it ends by itself it is started again after
 * {@link RestartBackoff}'s wait. Each run is in the state file while it runs, so {@code down} stops whichever
 * is current, even after a crash.
 */
public final class KeptRunning {

    /** Starts one run of the process. */
    @FunctionalInterface
    public interface Launch {
        BundleProcess start() throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(KeptRunning.class);

    private final Launch launch;
    private final StateFile state;
    private final String namespace;
    private final int healthPort;
    private final RestartBackoff backoff = new RestartBackoff();
    private final Thread watcher;
    private volatile BundleProcess current;
    private volatile boolean stopping;

    private KeptRunning(Launch launch, StateFile state, String namespace, int healthPort) throws IOException {
        this.launch = launch;
        this.state = state;
        this.namespace = namespace;
        this.healthPort = healthPort;
        this.current = run();
        this.watcher = Thread.ofVirtual().name("kept-running " + current).start(this::restartWhenItEnds);
    }

    /**
     * Starts the first run, and the watcher that starts the next ones.
     *
     * @param namespace  the network namespace's name, for the state file
     * @param healthPort where its health endpoint listens in that namespace, for {@code status} (0: none)
     */
    public static KeptRunning start(Launch launch, StateFile state, String namespace, int healthPort)
            throws IOException {
        return new KeptRunning(launch, state, namespace, healthPort);
    }

    private BundleProcess run() throws IOException {
        BundleProcess process = launch.start();
        state.update(s -> s.withProcess(new SandboxState.RecordedProcess(process.pid(), process.toString(), namespace,
                healthPort)));
        return process;
    }

    private void restartWhenItEnds() {
        while (!stopping) {
            BundleProcess ended = current;
            long started = System.nanoTime();
            try {
                int exit = ended.waitForEnd();
                if (stopping) {
                    return;
                }
                state.update(s -> s.withoutProcess(ended.pid()));
                Duration wait = backoff.after(Duration.ofNanos(System.nanoTime() - started));
                LOG.warnf("%s ended by itself (exit %d); starting it again in %d s (its log: %s)", ended, exit,
                        wait.toSeconds(), ended.log());
                Thread.sleep(wait);
                if (stopping) {
                    return;
                }
                current = run();
            } catch (InterruptedException stopped) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.errorf("%s cannot be started again: %s", ended, e.getMessage());
                return;
            }
        }
    }

    /** Ready: the current run is (see {@link BundleProcess#ready()}). */
    public boolean ready() {
        return current.ready();
    }

    /** Waits until the current run reports ready; fails with the end of its log if it dies or takes too long. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        current.awaitReady(timeout);
    }

    /** Stops the current run (SIGTERM, then SIGKILL after {@code grace}) and starts no other. */
    public void stop(Duration grace) throws InterruptedException {
        stopping = true;
        watcher.interrupt();
        watcher.join();
        BundleProcess last = current;
        last.stop(grace);
        state.update(s -> s.withoutProcess(last.pid()));
    }
}
