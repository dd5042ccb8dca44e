package io.reseau.informers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.reseau.informers.leader.LeaderElection;
import io.reseau.informers.metrics.ControllerMetrics;
import io.reseau.informers.queue.Backoff;
import io.reseau.informers.queue.LoopHealth;
import io.reseau.informers.queue.ReconcileLoop;
import io.reseau.informers.queue.Reconciler;
import io.reseau.informers.queue.SyncTrigger;
import io.reseau.informers.queue.WorkQueue;
import io.reseau.informers.watch.Informers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Everything one component needs to run its controllers: the informers, reconcile loops and sync triggers,
 * leader election. What is made here is known to the health checks and reports metrics; {@link #close()} stops
 * it all, leader work first.
 */
public final class ControllerRuntime implements AutoCloseable {

    /** How loops retry and when liveness calls them stuck. */
    public record Settings(Backoff reconcileBackoff, Backoff syncBackoff, Duration reconcileStuckAfter,
            Duration syncStuckAfter) {

        public static Settings defaults() {
            return new Settings(
                    new Backoff(Duration.ofMillis(200), Duration.ofMinutes(5)),
                    new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(2));
        }
    }

    private static final Logger LOG = Logger.getLogger(ControllerRuntime.class);

    private final KubernetesClient client;
    private final MeterRegistry meters;
    private final Settings settings;
    private final Informers informers;
    private final List<LoopHealth> loops = new ArrayList<>();
    private final List<AutoCloseable> stopFirst = new ArrayList<>();
    private final List<AutoCloseable> stopThen = new ArrayList<>();

    public ControllerRuntime(KubernetesClient client, MeterRegistry meters, Settings settings) {
        this.client = client;
        this.meters = meters;
        this.settings = settings;
        this.informers = new Informers(client, meters);
    }

    public KubernetesClient client() {
        return client;
    }

    public MeterRegistry meters() {
        return meters;
    }

    public Informers informers() {
        return informers;
    }

    /** A per-key reconcile loop; call {@link ReconcileLoop#start()} once the informers have synced. */
    public synchronized <K> ReconcileLoop<K> reconcileLoop(String name, Reconciler<K> reconciler, int workers) {
        WorkQueue<K> queue = new WorkQueue<>(settings.reconcileBackoff());
        ControllerMetrics.registerQueueDepth(meters, name, queue::depth);
        ReconcileLoop<K> loop = new ReconcileLoop<>(name, queue, reconciler, workers,
                new ControllerMetrics(meters, name), settings.reconcileStuckAfter());
        loops.add(loop);
        stopThen.add(loop);
        return loop;
    }

    /** A whole-state sync for node agents; call {@link SyncTrigger#start()} once the informers have synced. */
    public synchronized SyncTrigger syncTrigger(String name, SyncTrigger.Sync sync, Duration minInterval,
            Duration maxInterval) {
        SyncTrigger trigger = new SyncTrigger(name, sync, minInterval, maxInterval, settings.syncBackoff(),
                new ControllerMetrics(meters, name), settings.syncStuckAfter());
        loops.add(trigger);
        stopThen.add(trigger);
        return trigger;
    }

    /** Leader election for a singleton controller; call {@link LeaderElection#start()}. */
    public synchronized LeaderElection leaderElection(LeaderElection.Settings election,
            LeaderElection.Leadership leadership) {
        LeaderElection elected = new LeaderElection(client, election, leadership);
        stopFirst.add(elected);
        return elected;
    }

    /** Ready once every informer holds a full list. */
    public boolean ready() {
        return informers.allSynced();
    }

    /** Each stuck loop by name, with why. Empty when every loop makes progress. */
    public synchronized Map<String, String> stuckLoops(Instant now) {
        Map<String, String> stuck = new LinkedHashMap<>();
        for (LoopHealth loop : loops) {
            loop.stuck(now).ifPresent(why -> stuck.put(loop.name(), why));
        }
        return stuck;
    }

    public synchronized List<String> loopNames() {
        return loops.stream().map(LoopHealth::name).toList();
    }

    @Override
    public synchronized void close() {
        stopFirst.forEach(ControllerRuntime::closeQuietly);
        stopThen.forEach(ControllerRuntime::closeQuietly);
        informers.close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf(e, "stopping %s failed", closeable);
        }
    }
}
