package io.reseau.ingress.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Location and Set-Cookie rewritten as nginx's proxy_redirect, proxy_cookie_domain and proxy_cookie_path do. */
class HeaderEditsTest {

    private static final HeaderEdits EDITS = new HeaderEdits(List.of(), List.of(),
            Optional.of(new HeaderEdits.Rewrite("http://app.internal:8080/", "https://foo.com/app/")),
            Optional.of(new HeaderEdits.Rewrite("app.internal", "foo.com")),
            Optional.of(new HeaderEdits.Rewrite("/", "/app/")));

    @Test
    void aLocationStartingWithFromStartsWithToInstead() {
        assertThat(EDITS.location("http://app.internal:8080/login?next=/")).isEqualTo("https://foo.com/app/login?next=/");
        assertThat(EDITS.location("https://elsewhere.org/")).isEqualTo("https://elsewhere.org/");
    }

    @Test
    void aCookiesDomainEqualToFromAndItsPathStartingWithFromAreRewritten() {
        assertThat(EDITS.setCookie("sid=abc; Path=/; Domain=App.Internal; HttpOnly"))
                .isEqualTo("sid=abc; Path=/app/; Domain=foo.com; HttpOnly");
        assertThat(EDITS.setCookie("sid=abc; path=/x; domain=other.org"))
                .isEqualTo("sid=abc; path=/app/x; domain=other.org");
        assertThat(EDITS.setCookie("theme=dark")).isEqualTo("theme=dark");
        assertThat(new HeaderEdits(List.of(), List.of()).rewritesResponses()).isFalse();
    }
}
