package io.reseau.proxy.model;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Something in the user's input the proxy cannot program: reported on the object, and left out. */
public record Problem(HasMetadata object, String reason, String message) {
}
