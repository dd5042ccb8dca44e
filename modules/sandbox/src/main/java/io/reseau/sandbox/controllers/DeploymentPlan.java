package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Deployment controller does for one Deployment: the ReplicaSet of its current template (named
 * {@code <deployment>-<template hash>}, its Pods labelled {@code pod-template-hash}) brought to the Deployment's
 * replicas, and every older ReplicaSet it owns brought to zero. With the {@code Recreate} strategy, at once; with
 * {@code RollingUpdate} (the default), one step per sync within {@link RolloutLimits}: the new ReplicaSet grows
 * while all ReplicaSets together stay within replicas + maxSurge, and old ones shrink (their not-ready Pods first)
 * while the ready Pods stay at least replicas - maxUnavailable. Pure: returns the ReplicaSets to create or update.
 */
public final class DeploymentPlan {

    static final String HASH_LABEL = "pod-template-hash";

    private DeploymentPlan() {
    }

    /** @param ready how many of each ReplicaSet's Pods are Ready, by ReplicaSet name */
    public static List<ReplicaSet> of(Deployment deployment, List<ReplicaSet> replicaSets, Map<String, Integer> ready) {
        int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        String hash = templateHash(deployment.getSpec().getTemplate());
        String current = deployment.getMetadata().getName() + "-" + hash;
        Optional<ReplicaSet> existing = replicaSets.stream()
                .filter(rs -> rs.getMetadata().getName().equals(current)).findFirst();
        List<ReplicaSet> old = replicaSets.stream()
                .filter(rs -> ownedBy(rs, deployment) && !rs.getMetadata().getName().equals(current))
                .filter(rs -> replicasOf(rs) > 0)
                .sorted(Comparator.comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.<String>naturalOrder())))
                .toList();
        boolean recreate = deployment.getSpec().getStrategy() != null
                && "Recreate".equals(deployment.getSpec().getStrategy().getType());
        int newReplicas = existing.map(DeploymentPlan::replicasOf).orElse(0);
        Map<ReplicaSet, Integer> oldTargets = new LinkedHashMap<>();
        int newTarget;
        if (recreate || old.isEmpty()) {
            newTarget = replicas;
            old.forEach(rs -> oldTargets.put(rs, 0));
        } else {
            RolloutLimits limits = RolloutLimits.of(deployment, replicas);
            int total = newReplicas + old.stream().mapToInt(DeploymentPlan::replicasOf).sum();
            newTarget = newReplicas >= replicas ? replicas
                    : Math.min(replicas, newReplicas + Math.max(0, replicas + limits.maxSurge() - total));
            int available = replicaSets.stream().filter(rs -> ownedBy(rs, deployment))
                    .mapToInt(rs -> ready.getOrDefault(rs.getMetadata().getName(), 0)).sum();
            int mayGo = Math.max(0, available - (replicas - limits.maxUnavailable()));
            for (ReplicaSet rs : old) {
                int notReady = Math.max(0, replicasOf(rs) - ready.getOrDefault(rs.getMetadata().getName(), 0));
                int cut = Math.min(replicasOf(rs), notReady + mayGo);
                mayGo -= Math.max(0, cut - notReady);
                if (cut > 0) {
                    oldTargets.put(rs, replicasOf(rs) - cut);
                }
            }
        }
        List<ReplicaSet> changes = new ArrayList<>();
        if (existing.isEmpty()) {
            changes.add(newReplicaSet(deployment, current, hash, newTarget));
        } else if (newReplicas != newTarget || existing.get().getSpec().getReplicas() == null) {
            changes.add(scaled(existing.get(), newTarget));
        }
        oldTargets.forEach((rs, target) -> changes.add(scaled(rs, target)));
        return changes;
    }

    private static int replicasOf(ReplicaSet replicaSet) {
        return Optional.ofNullable(replicaSet.getSpec().getReplicas()).orElse(1);
    }

    static boolean ownedBy(ReplicaSet replicaSet, Deployment deployment) {
        return replicaSet.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> Objects.equals(owner.getUid(), deployment.getMetadata().getUid()));
    }

    /** A short stable hash of the Pod template, as the controller manager labels ReplicaSets with. */
    static String templateHash(PodTemplateSpec template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static ReplicaSet scaled(ReplicaSet replicaSet, int replicas) {
        return new ReplicaSetBuilder(replicaSet).editSpec().withReplicas(replicas).endSpec().build();
    }

    private static ReplicaSet newReplicaSet(Deployment deployment, String name, String hash, int replicas) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(deployment.getSpec().getTemplate())
                .editOrNewMetadata().addToLabels(HASH_LABEL, hash).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(deployment.getSpec().getSelector())
                .addToMatchLabels(HASH_LABEL, hash).build();
        return new ReplicaSetBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(deployment.getMetadata().getNamespace())
                    .withLabels(template.getMetadata().getLabels())
                    .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                            .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withSelector(selector)
                    .withTemplate(template)
                .endSpec()
                .build();
    }
}
