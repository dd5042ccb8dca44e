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
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Deployment controller does for one Deployment: the ReplicaSet of its current template (named
 * {@code <deployment>-<template hash>}, its Pods labelled {@code pod-template-hash}) at the Deployment's
 * replicas, and every older ReplicaSet it owns scaled to zero. A template change replaces the Pods at once
 * (no rolling surge). Pure: returns the ReplicaSets to create or update.
 */
public final class DeploymentPlan {

    static final String HASH_LABEL = "pod-template-hash";

    private DeploymentPlan() {
    }

    public static List<ReplicaSet> of(Deployment deployment, List<ReplicaSet> replicaSets) {
        int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        String hash = templateHash(deployment.getSpec().getTemplate());
        String current = deployment.getMetadata().getName() + "-" + hash;
        List<ReplicaSet> changes = new ArrayList<>();
        Optional<ReplicaSet> existing = replicaSets.stream()
                .filter(rs -> rs.getMetadata().getName().equals(current)).findFirst();
        if (existing.isEmpty()) {
            changes.add(newReplicaSet(deployment, current, hash, replicas));
        } else if (!Objects.equals(existing.get().getSpec().getReplicas(), replicas)) {
            changes.add(scaled(existing.get(), replicas));
        }
        replicaSets.stream()
                .filter(rs -> ownedBy(rs, deployment) && !rs.getMetadata().getName().equals(current))
                .filter(rs -> !Objects.equals(rs.getSpec().getReplicas(), 0))
                .forEach(rs -> changes.add(scaled(rs, 0)));
        return changes;
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
