package io.reseau.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.watch.ResourceCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The kubelets of every sandbox node, as one loop: each Pod bound to a node gets a pod sandbox, then
 * status.podIP and Running, and Ready whenever its workload says so (it is asked on every sync, as a readiness
 * probe); a Pod that is gone or being deleted is torn down (CNI DEL, namespace removed).
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Kubelet.class);

    private final KubernetesClient client;
    private final ResourceCache<Pod> pods;
    private final Map<String, String> nodeAddresses;
    private final PodSandboxes sandboxes;
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    /** The Ready condition last written for each running pod, by uid. */
    private final Map<String, Boolean> reportedReady = new ConcurrentHashMap<>();

    /** @param nodeAddresses each node's InternalIP, by node name */
    public Kubelet(KubernetesClient client, ResourceCache<Pod> pods, Map<String, String> nodeAddresses,
            PodSandboxes sandboxes) {
        this.client = client;
        this.pods = pods;
        this.nodeAddresses = nodeAddresses;
        this.sandboxes = sandboxes;
    }

    public synchronized void sync() throws Exception {
        Map<String, Pod> wanted = pods.list().stream()
                .filter(pod -> nodeAddresses.containsKey(pod.getSpec().getNodeName()))
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(pod -> pod.getMetadata().getUid(), pod -> pod));
        List<Exception> failures = new ArrayList<>();
        for (RunningPod pod : List.copyOf(running.values())) {
            if (!wanted.containsKey(pod.uid())) {
                try {
                    sandboxes.stop(pod);
                    running.remove(pod.uid());
                    reportedReady.remove(pod.uid());
                    LOG.infof("stopped pod %s on %s", pod.key(), pod.node());
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        for (Pod pod : wanted.values()) {
            String uid = pod.getMetadata().getUid();
            if (running.containsKey(uid)) {
                probe(pod, running.get(uid), failures);
                continue;
            }
            if (!sandboxes.networkReady(pod.getSpec().getNodeName())) {
                continue;
            }
            try {
                RunningPod started = sandboxes.start(pod);
                running.put(uid, started);
                boolean ready = started.workload().ready();
                reportRunning(pod, started, ready);
                reportedReady.put(uid, ready);
                LOG.infof("started pod %s on %s at %s", started.key(), started.node(), started.network().podIp());
            } catch (Exception e) {
                LOG.warnf("cannot start pod %s/%s: %s", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        e.getMessage());
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    /** Tears every pod down (CNI DEL while the node agents still run). */
    @Override
    public synchronized void close() {
        for (RunningPod pod : List.copyOf(running.values())) {
            try {
                sandboxes.stop(pod);
            } catch (Exception e) {
                LOG.warnf("cannot tear pod %s down cleanly: %s ('reseau-sandbox down' removes its namespace)",
                        pod.key(), e.getMessage());
            }
            running.remove(pod.uid());
            reportedReady.remove(pod.uid());
        }
    }

    /** Writes the Ready condition again when the workload's readiness changed since it was last written. */
    private void probe(Pod pod, RunningPod started, List<Exception> failures) {
        boolean ready = started.workload().ready();
        if (Boolean.valueOf(ready).equals(reportedReady.get(started.uid()))) {
            return;
        }
        try {
            reportRunning(pod, started, ready);
            reportedReady.put(started.uid(), ready);
            LOG.infof("pod %s is %s", started.key(), ready ? "ready" : "not ready");
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private void reportRunning(Pod pod, RunningPod started, boolean ready) {
        String now = Instant.now().toString();
        String hostIp = nodeAddresses.get(started.node());
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .editStatus(current -> new PodBuilder(current).editOrNewStatus()
                        .withPhase("Running")
                        .withPodIP(started.network().podIp())
                        .withPodIPs(new PodIP(started.network().podIp()))
                        .withHostIP(hostIp)
                        .withStartTime(now)
                        .withConditions(
                                condition("PodScheduled", true, now), condition("Initialized", true, now),
                                condition("ContainersReady", ready, now), condition("Ready", ready, now))
                        .endStatus().build());
    }

    private static PodCondition condition(String type, boolean status, String now) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withLastTransitionTime(now).build();
    }
}
