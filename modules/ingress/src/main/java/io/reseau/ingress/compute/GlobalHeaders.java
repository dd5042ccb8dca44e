package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ingress-nginx's {@code proxy-set-headers} and {@code add-headers} ConfigMaps, translated: each key a field name,
 * each value what it is set to, on every request to a backend and on every response to a client; and its
 * {@code proxy-add-original-uri-header}, X-Original-URI set to the request's target as the client sent it (before
 * any rewrite), which a {@code proxy-set-headers} entry of that name replaces. An Ingress's own
 * {@code reseau.io/request-headers} and {@code reseau.io/response-headers} take precedence field by field. Pure: a
 * field that is not a token, a value with control characters, or a field reseau sets itself is reported (on the
 * ConfigMap) and left out, the others are set.
 */
public final class GlobalHeaders {

    /** The fields to set, if any, and what had to be reported. */
    public record Result(Optional<HeaderEdits> edits, List<Problem> problems) {
    }

    private GlobalHeaders() {
    }

    private static final HeaderEdits.Field ORIGINAL_URI = AnnotationValues.field("X-Original-URI", "$request_uri");

    public static Result translate(Optional<ConfigMap> requestFields, Optional<ConfigMap> responseFields,
            boolean originalUri) {
        List<Problem> problems = new ArrayList<>();
        List<HeaderEdits.Field> request = new ArrayList<>();
        if (originalUri) {
            request.add(ORIGINAL_URI);
        }
        request.addAll(fields(requestFields, "proxy-set-headers", problems));
        List<HeaderEdits.Field> response = fields(responseFields, "add-headers", problems);
        return new Result(request.isEmpty() && response.isEmpty() ? Optional.empty()
                : Optional.of(new HeaderEdits(request, response)), List.copyOf(problems));
    }

    private static List<HeaderEdits.Field> fields(Optional<ConfigMap> configMap, String setting,
            List<Problem> problems) {
        return configMap.map(map -> ConfigMapEntries.read(map,
                (name, value) -> AnnotationValues.field(name.strip(), value.strip()), "HeaderInvalid",
                (name, why) -> setting + ": " + why + "; not set", problems)).orElse(List.of());
    }
}
