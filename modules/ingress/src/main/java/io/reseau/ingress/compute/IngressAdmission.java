package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.reseau.ingress.model.Problem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The validating admission webhook's judgement of an Ingress the API server is about to store: the Ingress is
 * translated with the stored ones as the controller would serve it, and the problems that brings decide.
 * <ul>
 * <li>Refused: what the Ingress itself makes unservable as written (a path or annotation value reseau cannot use,
 * a refused annotation such as a snippet, a resource backend, ssl-passthrough without its host or its root path), and
 * every conflict it is part of: one it loses to an older Ingress, and one it would win, taking a route, certificate,
 * default backend... from an Ingress that has it now (ingress-nginx's webhook refuses such overlaps too).</li>
 * <li>Allowed with warnings: what depends on other objects, which may come later (a Service, Secret or ConfigMap
 * not found or not usable, a canary before its main Ingress), or on the controller's settings, and annotations
 * reseau does not implement; new problems it causes in other objects, conflicts aside.</li>
 * </ul>
 * Pure: the translation of a set of Ingresses, with every other input as it is now, is given.
 */
public final class IngressAdmission {

    /** Why the Ingress is refused (empty: allowed) and what the client is warned of; each {@code Reason: message}. */
    public record Verdict(List<String> refusals, List<String> warnings) {

        /** Allowed without a look: not an Ingress this controller serves. */
        public static final Verdict UNJUDGED = new Verdict(List.of(), List.of());

        public Verdict {
            refusals = List.copyOf(refusals);
            warnings = List.copyOf(warnings);
        }

        public boolean allowed() {
            return refusals.isEmpty();
        }

        /** The same findings, all as warnings: for an Ingress of another controller's class reseau serves on trial. */
        public Verdict warningsOnly() {
            return new Verdict(List.of(), Stream.concat(refusals.stream(), warnings.stream()).toList());
        }
    }

    /** Reasons of problems that the Ingress's own content causes, besides conflicts. */
    private static final Set<String> OWN_FAULTS = Set.of("IngressRefused", "InvalidPath", "BackendUnsupported",
            "PassthroughWithoutHost", "PassthroughWithoutRootPath", Annotations.Warning.INVALID);

    private IngressAdmission() {
    }

    /**
     * Judges {@code candidate}, to be stored beside {@code stored} (which holds its former version on an update).
     *
     * @param now stands for the creation time of a new Ingress that has none yet: it is the newest
     * @param problemsOf the problems the controller would report, serving exactly the Ingresses given
     */
    public static Verdict review(Ingress candidate, Collection<Ingress> stored, Instant now,
            Function<List<Ingress>, List<Problem>> problemsOf) {
        Ingress judged = withCreationTime(candidate, now);
        List<Ingress> others = stored.stream().filter(ingress -> !sameObject(ingress, judged)).toList();
        List<Problem> found = problemsOf.apply(Stream.concat(others.stream(), Stream.of(judged)).toList());
        boolean elsewhere = found.stream().anyMatch(problem -> !sameObject(problem.object(), judged));
        Set<Finding> before = !elsewhere ? Set.of()
                : problemsOf.apply(List.copyOf(stored)).stream().map(Finding::of).collect(Collectors.toSet());
        List<String> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Problem problem : found) {
            if (sameObject(problem.object(), judged)) {
                boolean refusing = OWN_FAULTS.contains(problem.reason()) || isConflict(problem.reason());
                (refusing ? refusals : warnings).add(problem.reason() + ": " + problem.message());
            } else {
                Finding other = Finding.of(problem);
                if (!before.contains(other)) {
                    String text = problem.reason() + " on " + other.kind() + " " + other.key() + ": "
                            + problem.message();
                    (isConflict(problem.reason()) ? refusals : warnings).add(text);
                }
            }
        }
        return new Verdict(refusals, warnings);
    }

    private static boolean isConflict(String reason) {
        return reason.endsWith("Conflict");
    }

    private static Ingress withCreationTime(Ingress ingress, Instant now) {
        if (ingress.getMetadata().getCreationTimestamp() != null) {
            return ingress;
        }
        return new IngressBuilder(ingress).editMetadata()
                .withCreationTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString()).endMetadata().build();
    }

    private static boolean sameObject(HasMetadata one, HasMetadata other) {
        return Objects.equals(one.getKind(), other.getKind())
                && Objects.equals(one.getMetadata().getNamespace(), other.getMetadata().getNamespace())
                && Objects.equals(one.getMetadata().getName(), other.getMetadata().getName());
    }

    /** A problem as it can be found again in another translation: where, why and what. */
    private record Finding(String kind, String key, String reason, String message) {

        static Finding of(Problem problem) {
            HasMetadata object = problem.object();
            return new Finding(object.getKind(), object.getMetadata().getNamespace() + "/"
                    + object.getMetadata().getName(), problem.reason(), problem.message());
        }
    }
}
