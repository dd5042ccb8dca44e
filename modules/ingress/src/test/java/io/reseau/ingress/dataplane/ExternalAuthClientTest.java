package io.reseau.ingress.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.model.ExternalAuth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of auth-url: variables, the sign-in URL (ingress-nginx's rule), the verdict of an answer. */
class ExternalAuthClientTest {

    private static final RequestUrl ORIGIN = new RequestUrl("https", "Foo.com:8443", "/private/a b?x=1&y=2");

    private static ExternalAuth auth(String signin) {
        return new ExternalAuth("http://auth.svc/check?host=$host", "GET", Optional.ofNullable(signin), "rd",
                List.of("X-Auth-Request-User"), Optional.empty(), Optional.empty(), false, List.of());
    }

    @Test
    void variables() {
        assertThat(ORIGIN.expand("$scheme://$host/x?u=$escaped_request_uri&h=$http_host&r=$request_uri"))
                .isEqualTo("https://foo.com/x?u=%2Fprivate%2Fa%20b%3Fx%3D1%26y%3D2&h=Foo.com:8443"
                        + "&r=/private/a b?x=1&y=2");
    }

    @Test
    void theSigninUrlGetsTheOriginalUrlUnlessItHasTheParameter() {
        String original = "https://Foo.com:8443%2Fprivate%2Fa%20b%3Fx%3D1%26y%3D2";

        assertThat(ExternalAuthClient.signinUrl(auth("https://login.example/start"), ORIGIN))
                .isEqualTo("https://login.example/start?rd=" + original);
        assertThat(ExternalAuthClient.signinUrl(auth("https://$host/oauth2/start?prompt=x"), ORIGIN))
                .isEqualTo("https://foo.com/oauth2/start?prompt=x&rd=" + original);
        assertThat(ExternalAuthClient.signinUrl(auth("https://$host/oauth2/start?rd=$escaped_request_uri"), ORIGIN))
                .isEqualTo("https://foo.com/oauth2/start?rd=%2Fprivate%2Fa%20b%3Fx%3D1%26y%3D2");
    }

    @Test
    void verdicts() {
        assertThat(ExternalAuthClient.verdict(auth(null), ORIGIN, 202,
                Map.of("x-auth-request-user", List.of("alice"), "x-other", List.of("no"), "set-cookie",
                        List.of("_oauth2_proxy=refreshed; Path=/; HttpOnly"))))
                .isEqualTo(new ExternalAuthClient.Verdict.Pass(Map.of("X-Auth-Request-User", List.of("alice")),
                        List.of("_oauth2_proxy=refreshed; Path=/; HttpOnly")));
        // A field the service does not send still replaces the client's: with nothing.
        assertThat(ExternalAuthClient.verdict(auth(null), ORIGIN, 200, Map.of()))
                .isEqualTo(new ExternalAuthClient.Verdict.Pass(Map.of("X-Auth-Request-User", List.of()), List.of()));
        assertThat(ExternalAuthClient.verdict(auth(null), ORIGIN, 401, Map.of("www-authenticate", List.of("Bearer"))))
                .isEqualTo(new ExternalAuthClient.Verdict.Refuse(401, Optional.empty(), Optional.of("Bearer")));
        assertThat(ExternalAuthClient.verdict(auth("https://login.example/"), ORIGIN, 401, Map.of()))
                .isEqualTo(new ExternalAuthClient.Verdict.Refuse(302,
                        Optional.of("https://login.example/?rd=https://Foo.com:8443%2Fprivate%2Fa%20b%3Fx%3D1%26y%3D2"),
                        Optional.empty()));
        assertThat(ExternalAuthClient.verdict(auth("https://login.example/"), ORIGIN, 403, Map.of()))
                .isEqualTo(new ExternalAuthClient.Verdict.Refuse(403, Optional.empty(), Optional.empty()));
        for (int status : new int[] {302, 404, 500, 503}) {
            assertThat(ExternalAuthClient.verdict(auth(null), ORIGIN, status, Map.of()))
                    .isEqualTo(new ExternalAuthClient.Verdict.Refuse(500, Optional.empty(), Optional.empty()));
        }
    }
}
