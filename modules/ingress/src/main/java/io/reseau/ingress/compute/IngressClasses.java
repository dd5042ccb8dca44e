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
 * ({@code ingressclass.kubernetes.io/is-default-class: "true"}), or any with {@code watch-ingress-without-class}.
 */
public final class IngressClasses {

    /**
     * Which Ingresses are this controller's to serve: its IngressClasses' {@code controller}, the legacy
     * annotation's values it serves besides their names, other controllers' class names it adopts, and whether it
     * serves Ingresses of no class even when none of its IngressClasses is the default (ingress-nginx's
     * {@code --watch-ingress-without-class}).
     */
    public record Selection(String controller, Set<String> legacyNames, Set<String> adoptedNames,
            boolean withoutClass) {

        public Selection {
            legacyNames = Set.copyOf(legacyNames);
            adoptedNames = Set.copyOf(adoptedNames);
        }
    }

    public static final String LEGACY_ANNOTATION = "kubernetes.io/ingress.class";
    public static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    private final Set<String> ours;
    private final Set<String> legacyNames;
    private final Set<String> adoptedNames;
    private final boolean withoutClass;

    public IngressClasses(Collection<IngressClass> classes, Selection selection) {
        String controller = selection.controller();
        this.ours = classes.stream()
                .filter(c -> c.getSpec() != null && controller.equals(c.getSpec().getController()))
                .map(c -> c.getMetadata().getName())
                .collect(Collectors.toUnmodifiableSet());
        this.legacyNames = selection.legacyNames();
        this.adoptedNames = selection.adoptedNames();
        this.withoutClass = selection.withoutClass() || classes.stream()
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
        return withoutClass;
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
