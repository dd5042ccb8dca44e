package io.reseau.informers.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Leader election on a coordination.k8s.io Lease for singleton controllers (reseau-certs, the built-in load
 * balancer). Only the leader runs {@link Leadership} work. On {@link #close()} the leader first stops its work,
 * then releases the Lease, so a standby takes over within one retry period instead of waiting for the Lease to
 * expire. A leader that loses the Lease stops its work and campaigns again.
 */
public final class LeaderElection implements AutoCloseable {

    /** The work only the leader does. Both methods must return quickly. */
    public interface Leadership {
        void start();

        void stop();
    }

    /** As client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
    public record Settings(String namespace, String leaseName, String identity, Duration leaseDuration,
            Duration renewDeadline, Duration retryPeriod) {

        public Settings {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(leaseName, "leaseName");
            Objects.requireNonNull(identity, "identity");
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException(
                        "leader election needs retryPeriod < renewDeadline < leaseDuration, got " + retryPeriod + ", "
                                + renewDeadline + ", " + leaseDuration);
            }
        }

        public static Settings defaults(String namespace, String leaseName, String identity) {
            return new Settings(namespace, leaseName, identity, Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2));
        }
    }

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final Leadership leadership;
    private CompletableFuture<?> campaign;
    private boolean leading;
    private boolean closed;
    private volatile String leader;

    public LeaderElection(KubernetesClient client, Settings settings, Leadership leadership) {
        this.client = client;
        this.settings = settings;
        this.leadership = leadership;
    }

    /** Starts campaigning in the background. */
    public synchronized void start() {
        if (closed || campaign != null) {
            return;
        }
        campaign = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(settings.leaseName())
                        .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                        .withLeaseDuration(settings.leaseDuration())
                        .withRenewDeadline(settings.renewDeadline())
                        .withRetryPeriod(settings.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                                newLeader -> leader = newLeader))
                        .build())
                .build()
                .start();
        campaign.whenComplete((ignored, failure) -> campaignEnded());
    }

    public synchronized boolean isLeader() {
        return leading;
    }

    /** The identity of the current leader as last observed, or null before one is known. */
    public String leader() {
        return leader;
    }

    public String identity() {
        return settings.identity();
    }

    @Override
    public void close() {
        CompletableFuture<?> running;
        synchronized (this) {
            closed = true;
            stoppedLeading();
            running = campaign;
        }
        // Outside our lock: cancelling makes fabric8 release the Lease under its own lock, and it may call back.
        if (running != null) {
            running.cancel(true);
        }
    }

    private synchronized void startedLeading() {
        if (closed || leading) {
            return;
        }
        LOG.infof("%s is now the leader of %s/%s", settings.identity(), settings.namespace(), settings.leaseName());
        leading = true;
        leadership.start();
    }

    private synchronized void stoppedLeading() {
        if (!leading) {
            return;
        }
        LOG.infof("%s stops leading %s/%s", settings.identity(), settings.namespace(), settings.leaseName());
        leading = false;
        leadership.stop();
    }

    /** The elector ends when leadership is lost (or we closed it); a closed election does not campaign again. */
    private synchronized void campaignEnded() {
        stoppedLeading();
        campaign = null;
        if (!closed) {
            LOG.infof("%s lost the lease %s/%s; campaigning again", settings.identity(), settings.namespace(),
                    settings.leaseName());
            start();
        }
    }
}
