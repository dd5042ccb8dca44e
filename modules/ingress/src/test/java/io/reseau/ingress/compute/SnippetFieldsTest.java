package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snippets that only set fields, written as reseau's annotations; every other snippet gets no suggestion. */
class SnippetFieldsTest {

    @Test
    void responseAndRequestFieldsBecomeReseausAnnotations() {
        assertThat(SnippetFields.replacement("""
                more_set_headers "X-Frame-Options: DENY" 'X-Content-Type-Options: nosniff';
                # the client's address, for the app
                proxy_set_header X-Client-IP $remote_addr;
                add_header Content-Security-Policy "default-src 'self'" always;
                """)).contains("reseau.io/request-headers: \"X-Client-IP: $remote_addr\" and"
                + " reseau.io/response-headers: \"X-Frame-Options: DENY\\nX-Content-Type-Options: nosniff"
                + "\\nContent-Security-Policy: default-src 'self'\"");
        assertThat(SnippetFields.replacement("more_set_input_headers \"X-Tenant: blue\";"))
                .contains("reseau.io/request-headers: \"X-Tenant: blue\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "return 200;",
        "more_set_headers -s 404 \"X-Missing: yes\";",
        "more_set_headers \"X-Cleared:\";",
        "if ($host = a) { add_header X-A b; }",
        "add_header X-A;",
        "more_set_headers \"X-A: b\"",
        "proxy_set_header Host $host;",
        "add_header X-Var $no_such_variable;",
        ""
    })
    void anythingElseGetsNoSuggestion(String snippet) {
        assertThat(SnippetFields.replacement(snippet)).isEmpty();
    }

    @Test
    void theRefusalOfAConfigurationSnippetSaysWhatToWriteInstead() {
        Annotations.Parsed parsed = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/configuration-snippet",
                "more_set_headers \"X-Frame-Options: DENY\";"), IngressTranslationTest.SETTINGS.defaults());

        assertThat(parsed.refusal()).contains("nginx.ingress.kubernetes.io/configuration-snippet: configuration"
                + " snippets are never accepted; this one only sets fields: write reseau.io/response-headers:"
                + " \"X-Frame-Options: DENY\" instead");
    }
}
