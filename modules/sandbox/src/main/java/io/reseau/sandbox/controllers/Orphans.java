package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;

/**
 * The garbage collector's rule for controlled objects: one whose controller ({@code ownerReferences} with
 * {@code controller: true}) of the given kind no longer exists is deleted with it. Pure.
 */
public final class Orphans {

    private Orphans() {
    }

    public static <T extends HasMetadata> List<T> of(List<T> objects, String ownerKind, Set<String> existingOwnerUids) {
        return objects.stream()
                .filter(object -> object.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> Boolean.TRUE.equals(owner.getController())
                                && ownerKind.equals(owner.getKind())
                                && !existingOwnerUids.contains(owner.getUid())))
                .toList();
    }
}
