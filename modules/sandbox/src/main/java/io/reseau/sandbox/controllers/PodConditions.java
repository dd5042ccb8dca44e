package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Pod;

/** Reading a Pod's status conditions. */
public final class PodConditions {

    private PodConditions() {
    }

    public static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }
}
