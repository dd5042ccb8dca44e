package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Comparing two copies of one object by resourceVersion. The sandbox's API server counts versions up; a version
 * that is not a number (opaque, as kube-apiserver's may be) counts as not older, so nothing waits on it.
 */
final class ResourceVersions {

    private ResourceVersions() {
    }

    /** Whether {@code copy} is an older version of the object than {@code than}. */
    static boolean older(HasMetadata copy, HasMetadata than) {
        String version = copy.getMetadata().getResourceVersion();
        String other = than.getMetadata().getResourceVersion();
        return counted(version) && counted(other) && Long.parseLong(version) < Long.parseLong(other);
    }

    private static boolean counted(String version) {
        return version != null && version.matches("[0-9]{1,18}");
    }
}
