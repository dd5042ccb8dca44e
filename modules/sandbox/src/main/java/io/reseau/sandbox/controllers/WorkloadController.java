package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.watch.ResourceCache;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Deployments into ReplicaSets, ReplicaSets into Pods, and the garbage collector for both: what
 * kube-controller-manager's deployment, replicaset and garbage-collector controllers do.
 */
final class WorkloadController {

    private static final Logger LOG = Logger.getLogger(WorkloadController.class);
    private static final String SUFFIX_LETTERS = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final ResourceCache<Deployment> deployments;
    private final ResourceCache<ReplicaSet> replicaSets;
    private final ResourceCache<Pod> pods;

    WorkloadController(KubernetesClient client, ResourceCache<Deployment> deployments,
            ResourceCache<ReplicaSet> replicaSets, ResourceCache<Pod> pods) {
        this.client = client;
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
    }

    void sync() {
        for (Deployment deployment : deployments.list()) {
            String namespace = deployment.getMetadata().getNamespace();
            List<ReplicaSet> inNamespace = replicaSets.list(namespace);
            List<Pod> podsInNamespace = pods.list(namespace);
            Map<String, Integer> ready = inNamespace.stream().collect(Collectors.toMap(
                    rs -> rs.getMetadata().getName(), rs -> ReplicaSetPlan.readyPods(rs, podsInNamespace)));
            List<ReplicaSet> changes;
            try {
                changes = DeploymentPlan.of(deployment, inNamespace, ready);
            } catch (IllegalArgumentException e) {
                LOG.warnf("%s", e.getMessage());
                continue;
            }
            for (ReplicaSet change : changes) {
                if (replicaSets.get(namespace, change.getMetadata().getName()).isEmpty()) {
                    client.apps().replicaSets().inNamespace(namespace).resource(change).create();
                } else {
                    client.apps().replicaSets().inNamespace(namespace).withName(change.getMetadata().getName())
                            .edit(current -> {
                                current.getSpec().setReplicas(change.getSpec().getReplicas());
                                return current;
                            });
                }
            }
        }
        for (ReplicaSet replicaSet : replicaSets.list()) {
            String namespace = replicaSet.getMetadata().getNamespace();
            ReplicaSetPlan plan = ReplicaSetPlan.of(replicaSet, pods.list(namespace));
            for (int i = 0; i < plan.create(); i++) {
                client.pods().inNamespace(namespace).resource(ReplicaSetPlan.newPod(replicaSet, suffix())).create();
            }
            plan.delete().forEach(name -> client.pods().inNamespace(namespace).withName(name).delete());
        }
        collectGarbage();
    }

    private void collectGarbage() {
        Orphans.of(replicaSets.list(), "Deployment", uids(deployments.list().stream().map(d -> (HasMetadata) d)))
                .forEach(rs -> client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                        .withName(rs.getMetadata().getName()).delete());
        Orphans.of(pods.list(), "ReplicaSet", uids(replicaSets.list().stream().map(rs -> (HasMetadata) rs)))
                .forEach(pod -> client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete());
    }

    private static Set<String> uids(Stream<HasMetadata> owners) {
        return owners.map(owner -> owner.getMetadata().getUid()).collect(Collectors.toSet());
    }

    /** Five characters, as the controller manager's generated names end. */
    private static String suffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(SUFFIX_LETTERS.charAt(RANDOM.nextInt(SUFFIX_LETTERS.length())));
        }
        return suffix.toString();
    }
}
