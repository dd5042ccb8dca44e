package io.reseau.ingress.compute;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.created;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admission webhook's judgement, with the translation of {@link IngressTranslationTest} (its Services exist). */
class IngressAdmissionTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    /** The stored Ingress that owns a.com/ (created long ago). */
    private static final Ingress OWNER = ingress("default", "owner", "a.com", path("Prefix", "/", "a", 80));

    private static IngressAdmission.Verdict review(Ingress candidate, List<Ingress> stored) {
        return IngressAdmission.review(candidate, stored, NOW,
                ingresses -> IngressTranslationTest.translate(ingresses).problems());
    }

    /** An Ingress as it comes to a webhook on creation when the API server has not stamped it. */
    private static Ingress unstamped(Ingress ingress) {
        return new IngressBuilder(ingress).editMetadata().withCreationTimestamp(null).endMetadata().build();
    }

    @Test
    void anAdoptedClasssIngressIsWarnedOfWhatWouldRefuseItNeverRefused() {
        IngressAdmission.Verdict refused = new IngressAdmission.Verdict(List.of("IngressRefused: a snippet"),
                List.of("AnnotationUnsupported: x"));

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.warningsOnly().allowed()).isTrue();
        assertThat(refused.warningsOnly().warnings()).containsExactly("IngressRefused: a snippet",
                "AnnotationUnsupported: x");
    }

    @Test
    void anIngressTheControllerServesAsWrittenIsAllowedWithoutWarnings() {
        IngressAdmission.Verdict verdict = review(ingress("default", "new", "b.com", path("Prefix", "/", "b", 80),
                path("Exact", "/status", "c", 80)), List.of(OWNER));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.refusals()).isEmpty();
        assertThat(verdict.warnings()).isEmpty();
    }

    @Test
    void whatTheIngressItselfMakesUnservableIsRefusedWithTheReason() {
        assertThat(review(ingress("default", "bad", "b.com", path("Prefix", "relative", "b", 80)), List.of())
                .refusals()).containsExactly("InvalidPath: path 'relative' must start with /");
        assertThat(review(annotated(ingress("default", "snippet", "b.com", path("Prefix", "/", "b", 80)),
                Map.of("nginx.ingress.kubernetes.io/configuration-snippet", "return 200;")), List.of()).refusals())
                .singleElement().asString().startsWith("IngressRefused: nginx.ingress.kubernetes.io/"
                        + "configuration-snippet: configuration snippets are never accepted");
        assertThat(review(annotated(ingress("default", "size", "b.com", path("Prefix", "/", "b", 80)),
                Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "lots")), List.of()).refusals())
                .singleElement().asString().startsWith("AnnotationInvalid: proxy-body-size: ");
    }

    @Test
    void whatDependsOnOtherObjectsOrIsNotImplementedIsAllowedWithWarnings() {
        IngressAdmission.Verdict verdict = review(annotated(ingress("default", "early", "b.com",
                path("Prefix", "/", "not-yet", 80)), Map.of("nginx.ingress.kubernetes.io/http2-push-preload", "true")),
                List.of());

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).containsExactlyInAnyOrder(
                "AnnotationUnsupported: nginx.ingress.kubernetes.io/http2-push-preload is not supported; ignored",
                "ServiceNotFound: Service default/not-yet does not exist; its requests are answered 503");
    }

    @Test
    void aNewIngressRoutingAPathAnotherAlreadyRoutesIsRefused() {
        IngressAdmission.Verdict verdict = review(unstamped(ingress("team-b", "late", "a.com",
                path("Prefix", "/", "b", 80))), List.of(OWNER));

        assertThat(verdict.refusals()).singleElement().asString().startsWith(
                "RouteConflict: host 'a.com' path / (Prefix) is already routed by the older Ingress default/owner");
    }

    @Test
    void anUpdateTakingARouteFromANewerIngressIsRefusedNamingIt() {
        Ingress newer = created(ingress("default", "newer", "a.com", path("Prefix", "/api", "b", 80)),
                "2026-06-01T00:00:00Z");
        Ingress widened = ingress("default", "owner", "a.com", path("Prefix", "/", "a", 80),
                path("Prefix", "/api", "c", 80));

        IngressAdmission.Verdict verdict = review(widened, List.of(OWNER, newer));

        assertThat(verdict.refusals()).singleElement().asString().startsWith(
                "RouteConflict on Ingress default/newer: host 'a.com' path /api (Prefix) is already routed by the"
                        + " older Ingress default/owner");
    }

    @Test
    void anUpdateIsJudgedInPlaceOfItsFormerVersionAndAConflictAlreadyThereIsNotItsDoing() {
        Ingress loser = created(ingress("default", "loser", "a.com", path("Prefix", "/", "b", 80)),
                "2026-06-01T00:00:00Z");
        Ingress ownerRetargeted = ingress("default", "owner", "a.com", path("Prefix", "/", "c", 80));

        IngressAdmission.Verdict verdict = review(ownerRetargeted, List.of(OWNER, loser));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).isEmpty();
    }

    @Test
    void aCanaryBesideItsMainIngressIsAllowedAndOneWithoutItWarned() {
        Ingress canary = annotated(ingress("default", "canary", "a.com", path("Prefix", "/", "b", 80)),
                Map.of("nginx.ingress.kubernetes.io/canary", "true",
                        "nginx.ingress.kubernetes.io/canary-weight", "10"));

        assertThat(review(unstamped(canary), List.of(OWNER)).warnings()).isEmpty();
        assertThat(review(unstamped(canary), List.of()).warnings()).singleElement().asString()
                .startsWith("CanaryWithoutMain: ");
    }

    @Test
    void anIngressOfAnotherClassIsNotJudged() {
        Ingress theirs = new IngressBuilder(ingress("default", "theirs", "a.com", path("Prefix", "bad", "x", 80)))
                .editSpec().withIngressClassName("other").endSpec().build();

        IngressAdmission.Verdict verdict = review(theirs, List.of(OWNER));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).isEmpty();
    }
}
