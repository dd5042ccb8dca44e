package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the ReplicaSet controller does for one ReplicaSet, given the Pods it owns: how many Pods to create from
 * its template, or which to delete (unscheduled first, then not-ready, then the newest, as kube-controller-manager
 * prefers). Pure.
 */
public record ReplicaSetPlan(int create, List<String> delete) {

    public static ReplicaSetPlan of(ReplicaSet replicaSet, List<Pod> pods) {
        int wanted = Optional.ofNullable(replicaSet.getSpec().getReplicas()).orElse(1);
        List<Pod> owned = pods.stream()
                .filter(pod -> ownedBy(pod, replicaSet) && pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
        if (owned.size() <= wanted) {
            return new ReplicaSetPlan(wanted - owned.size(), List.of());
        }
        List<String> victims = owned.stream()
                .sorted(Comparator.comparing((Pod pod) -> pod.getSpec().getNodeName() != null)
                        .thenComparing(PodConditions::ready)
                        .thenComparing(Comparator.comparing((Pod pod) -> pod.getMetadata().getCreationTimestamp(),
                                Comparator.nullsLast(Comparator.<String>naturalOrder())).reversed()))
                .limit(owned.size() - wanted)
                .map(pod -> pod.getMetadata().getName())
                .toList();
        return new ReplicaSetPlan(0, victims);
    }

    /** How many of the ReplicaSet's Pods are Ready (and not being deleted). */
    public static int readyPods(ReplicaSet replicaSet, List<Pod> pods) {
        return (int) pods.stream().filter(pod -> ownedBy(pod, replicaSet) && PodConditions.ready(pod)
                && pod.getMetadata().getDeletionTimestamp() == null).count();
    }

    public static boolean ownedBy(Pod pod, ReplicaSet replicaSet) {
        return pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> owner.getUid() != null && owner.getUid().equals(replicaSet.getMetadata().getUid()));
    }

    /** A new Pod from the ReplicaSet's template, named {@code <replicaset>-<suffix>}. */
    public static Pod newPod(ReplicaSet replicaSet, String suffix) {
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(replicaSet.getMetadata().getName()).withUid(replicaSet.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        return new PodBuilder()
                .withNewMetadata()
                    .withName(replicaSet.getMetadata().getName() + "-" + suffix)
                    .withNamespace(replicaSet.getMetadata().getNamespace())
                    .withLabels(replicaSet.getSpec().getTemplate().getMetadata().getLabels())
                    .withAnnotations(replicaSet.getSpec().getTemplate().getMetadata().getAnnotations())
                    .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(replicaSet.getSpec().getTemplate().getSpec())
                .build();
    }
}
