package io.reseau.ingress.model;

/**
 * A canary Ingress attached to the route it shadows: {@code route} is the canary's (its Ingress and backend, the
 * shadowed route's path and policy), and {@code rule} says which requests take it.
 */
public record Canary(CanaryRule rule, Route route) {
}
