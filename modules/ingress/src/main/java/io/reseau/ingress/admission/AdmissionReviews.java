package io.reseau.ingress.admission;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.reseau.ingress.compute.IngressAdmission;
import java.util.Optional;
import java.util.Set;

/**
 * {@code admission.k8s.io/v1} AdmissionReviews in and out, pure: the Ingress a review asks about, and the review's
 * answer from the judgement. Only an Ingress's creation or update is judged; anything else the API server sends
 * (another kind or operation, from a webhook configuration wider than the chart's) is allowed as it is.
 */
final class AdmissionReviews {

    private static final Set<String> JUDGED_OPERATIONS = Set.of("CREATE", "UPDATE");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** The review in {@code json}; a body that is not an AdmissionReview with a request is an error. */
    AdmissionReview read(String json) {
        AdmissionReview review;
        try {
            review = serialization.unmarshal(json, AdmissionReview.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an AdmissionReview: " + e.getMessage(), e);
        }
        if (review == null || review.getRequest() == null || review.getRequest().getUid() == null) {
            throw new IllegalArgumentException("an AdmissionReview without a request and its uid");
        }
        return review;
    }

    String write(AdmissionReview review) {
        return serialization.asJson(review);
    }

    /**
     * The Ingress the review asks about, created or updated; empty if it asks about anything else; an object that
     * does not read as an Ingress is an error.
     */
    Optional<Ingress> judged(AdmissionReview review) {
        AdmissionRequest request = review.getRequest();
        if (!isIngress(request.getKind()) || !JUDGED_OPERATIONS.contains(request.getOperation())
                || request.getObject() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(serialization.convertValue(request.getObject(), Ingress.class));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the object reviewed is not an Ingress: " + e.getMessage(), e);
        }
    }

    /** The review's answer: the verdict on its Ingress ({@code UNJUDGED} for a review of anything else). */
    AdmissionReview answer(AdmissionReview review, IngressAdmission.Verdict verdict) {
        AdmissionResponseBuilder response = new AdmissionResponseBuilder().withUid(review.getRequest().getUid())
                .withAllowed(verdict.allowed()).withWarnings(verdict.warnings().isEmpty() ? null : verdict.warnings());
        if (!verdict.allowed()) {
            response.withStatus(new StatusBuilder().withCode(400).withReason("BadRequest")
                    .withMessage(String.join("\n", verdict.refusals())).build());
        }
        return new AdmissionReviewBuilder().withApiVersion(review.getApiVersion()).withResponse(response.build())
                .build();
    }

    private static boolean isIngress(GroupVersionKind kind) {
        return kind != null && "networking.k8s.io".equals(kind.getGroup()) && "Ingress".equals(kind.getKind());
    }
}
