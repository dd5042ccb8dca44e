package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.Problem;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ingress-nginx's proxy-set-headers and add-headers ConfigMaps, entry by entry. */
class GlobalHeadersTest {

    private static Optional<ConfigMap> configMap(String name, Map<String, String> data) {
        return Optional.of(new ConfigMapBuilder().withNewMetadata().withNamespace("ingress").withName(name)
                .endMetadata().withData(data).build());
    }

    @Test
    void eachEntryIsAFieldSetAndABadOneIsReportedAndLeftOut() {
        GlobalHeaders.Result result = GlobalHeaders.translate(
                configMap("request", Map.of("X-Cluster", "blue", "X Bad", "1", "Content-Length", "0")),
                configMap("response", Map.of("X-Frame-Options", "DENY", "X-Note", "a\r\nX-Injected: 1")), false);

        assertThat(result.edits()).hasValueSatisfying(edits -> {
            assertThat(edits.request()).containsExactly(new HeaderEdits.Field("X-Cluster", "blue"));
            assertThat(edits.response()).containsExactly(new HeaderEdits.Field("X-Frame-Options", "DENY"));
        });
        assertThat(result.problems()).extracting(Problem::reason).containsOnly("HeaderInvalid");
        assertThat(result.problems()).extracting(Problem::message).satisfiesExactlyInAnyOrder(
                message -> assertThat(message).startsWith("proxy-set-headers: Content-Length is set by reseau"),
                message -> assertThat(message).startsWith("proxy-set-headers: 'X Bad' is not a field name"),
                message -> assertThat(message).startsWith("add-headers: ").contains("control characters"));
    }

    @Test
    void valuesMayHoldTheVariablesReseauFillsInAndOthersAreReported() {
        GlobalHeaders.Result result = GlobalHeaders.translate(
                configMap("request", Map.of("X-Request-Start", "t=${msec}", "X-User", "$remote_user")),
                Optional.empty(), false);

        assertThat(result.edits()).hasValueSatisfying(edits -> assertThat(edits.request())
                .containsExactly(new HeaderEdits.Field("X-Request-Start", "t=${msec}", true)));
        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                .startsWith("proxy-set-headers: '$remote_user' in the value of X-User is not a variable reseau"
                        + " fills in"));
    }

    @Test
    void withoutTheConfigMapsNothingIsSet() {
        GlobalHeaders.Result result = GlobalHeaders.translate(Optional.empty(), configMap("response", Map.of()),
                false);

        assertThat(result.edits()).isEmpty();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void originalUriIsTheTargetAsSentUnlessAnEntryOfThatNameSaysOtherwise() {
        HeaderEdits.Field original = new HeaderEdits.Field("X-Original-URI", "$request_uri", true);

        assertThat(GlobalHeaders.translate(Optional.empty(), Optional.empty(), true).edits())
                .hasValueSatisfying(edits -> assertThat(edits.request()).containsExactly(original));
        // Set in order, the entry last: it replaces the field.
        assertThat(GlobalHeaders.translate(configMap("request", Map.of("X-Original-URI", "$uri")), Optional.empty(),
                true).edits()).hasValueSatisfying(edits -> assertThat(edits.request()).containsExactly(original,
                new HeaderEdits.Field("X-Original-URI", "$uri", true)));
    }
}
