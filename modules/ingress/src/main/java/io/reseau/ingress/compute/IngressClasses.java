package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Ingresses this controller serves. In order: the legacy {@code kubernetes.io/ingress.class} annotation (the
 * seed's Ingresses use it; its value must be one of ours or one of the configured legacy names, such as
 * {@code nginx} for users arriving from ingress-nginx); else {@code spec.ingressClassName}, naming an IngressClass
 * whose controller is ours, or one of the configured adopted names (another controller's class, such as
 * {@code nginx} while ingress-nginx still serves it: reseau serves its Ingresses too, for a trial side by side,
 * leaving their status to their controller); else, with neither, an IngressClass of ours marked default
 * ({@code ingressclass.kubernetes.io/is-default-class: "true"}).
 */
public final class IngressClasses {

    public static final String LEGACY_ANNOTATION = "kubernetes.io/ingress.class";
    public static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    private final Set<String> ours;
    private final Set<String> legacyNames;
    private final Set<String> adoptedNames;
    private final boolean defaultIsOurs;

    public IngressClasses(Collection<IngressClass> classes, String controller, Set<String> legacyNames,
            Set<String> adoptedNames) {
        this.ours = classes.stream()
                .filter(c -> c.getSpec() != null && controller.equals(c.getSpec().getController()))
                .map(c -> c.getMetadata().getName())
                .collect(Collectors.toUnmodifiableSet());
        this.legacyNames = Set.copyOf(legacyNames);
        this.adoptedNames = Set.copyOf(adoptedNames);
        this.defaultIsOurs = classes.stream()
                .filter(c -> c.getSpec() != null && controller.equals(c.getSpec().getController()))
                .anyMatch(c -> c.getMetadata().getAnnotations() != null
                        && "true".equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS_ANNOTATION)));
    }

    public boolean serves(Ingress ingress) {
        String legacy = legacyClass(ingress);
        if (legacy != null) {
            return ours.contains(legacy) || legacyNames.contains(legacy);
        }
        String className = className(ingress);
        if (className != null) {
            return ours.contains(className) || adoptedNames.contains(className);
        }
        return defaultIsOurs;
    }

    /** Whether reseau serves the Ingress only because its class is an adopted name, not one of ours. */
    public boolean adopted(Ingress ingress) {
        String className = className(ingress);
        return legacyClass(ingress) == null && className != null && !ours.contains(className)
                && adoptedNames.contains(className);
    }

    /** The legacy annotation's class, or null. */
    private static String legacyClass(Ingress ingress) {
        return ingress.getMetadata().getAnnotations() == null ? null
                : ingress.getMetadata().getAnnotations().get(LEGACY_ANNOTATION);
    }

    private static String className(Ingress ingress) {
        return ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
    }
}
