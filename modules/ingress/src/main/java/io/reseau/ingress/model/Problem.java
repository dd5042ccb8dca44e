package io.reseau.ingress.model;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Something in the user's input the controller cannot serve as written: reported on the object as an Event. */
public record Problem(HasMetadata object, String reason, String message) {
}
