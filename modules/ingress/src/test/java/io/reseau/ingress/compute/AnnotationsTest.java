package io.reseau.ingress.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.reseau.ingress.compute.Annotations.Warning;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.ClientCertificateAuth;
import io.reseau.ingress.model.ExternalAuth;
import io.reseau.ingress.model.FastCgi;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.LoadBalance;
import io.reseau.ingress.model.Mirror;
import io.reseau.ingress.model.ResponseRate;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.RoutePolicy.HttpsRedirect;
import io.reseau.ingress.model.SourceAccess;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.model.SourceRange;
import io.reseau.ingress.model.TlsPolicy;
import io.reseau.ingress.model.UpstreamHash;
import io.reseau.ingress.model.UpstreamHttp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How annotation values become a policy, under both names, and what happens to bad ones. */
class AnnotationsTest {

    private static final RoutePolicy DEFAULTS = RoutePolicy.defaults(HttpsRedirect.WHEN_TLS, false, 1 << 20,
            32 * 1024, 64 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60),
            LoadBalance.ROUND_ROBIN, false, SourceAccess.EVERYONE, Optional.empty(), Tracing.OFF);

    @Test
    void proxyHttpVersionAndConnectionProxyHeaderAreTheBackendsVersionAndConnectionField() {
        RoutePolicy policy = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "1.0",
                "nginx.ingress.kubernetes.io/connection-proxy-header", " keep-alive ,Close"), DEFAULTS).policy()
                .orElseThrow();
        Annotations.Parsed bad = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "2",
                "nginx.ingress.kubernetes.io/connection-proxy-header", "close, bad option"), DEFAULTS);

        assertThat(policy.upstreamHttp()).isEqualTo(new UpstreamHttp(true, Optional.of("keep-alive, Close")));
        assertThat(policy.upstreamHttp().keepsAlive()).isFalse();
        assertThat(new UpstreamHttp(false, Optional.of("keep-alive")).keepsAlive()).isTrue();
        assertThat(bad.policy().orElseThrow().upstreamHttp()).isEqualTo(UpstreamHttp.DEFAULT);
        assertThat(bad.warnings()).extracting(Warning::text).containsExactlyInAnyOrder(
                "proxy-http-version: '2' is not 1.0 or 1.1; using the default",
                "connection-proxy-header: 'bad option' is not a field name; using the default");
    }

    @Test
    void openTelemetryAnnotationsOverrideTheControllersTracing() {
        RoutePolicy traced = RoutePolicy.defaults(HttpsRedirect.WHEN_TLS, false, 1 << 20, 32 * 1024, 64 * 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), LoadBalance.ROUND_ROBIN,
                false, SourceAccess.EVERYONE, Optional.empty(), new Tracing(true, true));

        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/enable-opentelemetry", "true",
                "nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span", "false"), DEFAULTS).policy()
                .orElseThrow().tracing()).isEqualTo(new Tracing(true, false));
        assertThat(Annotations.parse(Map.of("reseau.io/enable-opentelemetry", "false"), traced).policy()
                .orElseThrow().tracing()).isEqualTo(new Tracing(false, true));
        assertThat(Annotations.parse(Map.of(), traced).policy().orElseThrow().tracing())
                .isEqualTo(new Tracing(true, true));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/opentelemetry-operation-name",
                "HTTP $request_method $service_name"), traced).policy().orElseThrow().tracing().operationName())
                .contains("HTTP $request_method $service_name");
        Annotations.Parsed unknown = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/opentelemetry-operation-name", "$location_path"), traced);
        assertThat(unknown.policy().orElseThrow().tracing().operationName()).isEmpty();
        assertThat(unknown.warnings()).extracting(Warning::text).singleElement().asString()
                .startsWith("opentelemetry-operation-name: $location_path is not a variable reseau fills in");
        RoutePolicy named = RoutePolicy.defaults(HttpsRedirect.WHEN_TLS, false, 1 << 20, 32 * 1024, 64 * 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), LoadBalance.ROUND_ROBIN,
                false, SourceAccess.EVERYONE, Optional.empty(),
                new Tracing(true, true, Optional.of("ingress $ingress_name")));
        assertThat(Annotations.parse(Map.of(), named).policy().orElseThrow().tracing().operationName())
                .contains("ingress $ingress_name");
    }

    @Test
    void aSessionCookieDomainThatIsNoDomainIsReportedAndLeftOut() {
        Annotations.Parsed parsed = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/affinity", "cookie",
                "nginx.ingress.kubernetes.io/session-cookie-domain", "foo.com; Secure"), DEFAULTS);

        assertThat(parsed.policy().orElseThrow().affinity().orElseThrow().domain()).isEmpty();
        assertThat(parsed.warnings()).extracting(Warning::text).singleElement().asString()
                .contains("session-cookie-domain", "is not a domain name");
    }

    @Test
    void readsBothNamesAndOursWins() {
        Annotations.Parsed parsed = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-body-size", "8m",
                "reseau.io/proxy-body-size", "512k",
                "nginx.ingress.kubernetes.io/proxy-read-timeout", "30",
                "nginx.ingress.kubernetes.io/backend-protocol", "GRPC",
                "nginx.ingress.kubernetes.io/ssl-redirect", "false"), DEFAULTS);

        RoutePolicy policy = parsed.policy().orElseThrow();
        assertThat(policy.maxBodyBytes()).isEqualTo(512 * 1024);
        assertThat(policy.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backendProtocol()).contains(BackendProtocol.H2C);
        assertThat(policy.httpsRedirect().whenTls()).isFalse();
        assertThat(parsed.warnings()).extracting(Warning::text).isEmpty();
    }

    @Test
    void clientBodyBufferSizeIsWhatABufferedBodyHoldsInMemoryFrom1kTo64m() {
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/client-body-buffer-size", "1m"), DEFAULTS)
                .policy().orElseThrow().bodyMemoryBytes()).isEqualTo(1 << 20);
        assertThat(Annotations.parse(Map.of(), DEFAULTS).policy().orElseThrow().bodyMemoryBytes())
                .isEqualTo(DEFAULTS.bodyMemoryBytes());
        for (String bad : new String[] {"512", "65m", "lots"}) {
            Annotations.Parsed parsed = Annotations.parse(Map.of("reseau.io/client-body-buffer-size", bad), DEFAULTS);
            assertThat(parsed.policy().orElseThrow().bodyMemoryBytes()).isEqualTo(DEFAULTS.bodyMemoryBytes());
            assertThat(parsed.warnings()).extracting(Warning::text)
                    .singleElement().asString().startsWith("client-body-buffer-size: ").contains("'" + bad + "'");
        }
    }

    @Test
    void requestBufferingIsOnOrOffAndOffByDefault() {
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-request-buffering", "on"), DEFAULTS)
                .policy().orElseThrow().requestBuffering()).isTrue();
        assertThat(Annotations.parse(Map.of(), DEFAULTS).policy().orElseThrow().requestBuffering()).isFalse();
        Annotations.Parsed bad = Annotations.parse(Map.of("reseau.io/proxy-request-buffering", "yes"), DEFAULTS);
        assertThat(bad.policy().orElseThrow().requestBuffering()).isFalse();
        assertThat(bad.warnings()).extracting(Warning::text)
                .singleElement().asString().contains("proxy-request-buffering", "'yes'");
    }

    @Test
    void responseBufferingIsOffByDefaultAndSpillsUpToTheMaximumFileSizeOnceOn() {
        assertThat(Annotations.parse(Map.of(), DEFAULTS).policy().orElseThrow().responseBuffering().fileBytes())
                .isZero();
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-buffering", "on"), DEFAULTS)
                .policy().orElseThrow().responseBuffering().fileBytes()).isEqualTo(1L << 30);
        Annotations.Parsed bounded = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-buffering", "on",
                "nginx.ingress.kubernetes.io/proxy-max-temp-file-size", "64m",
                "nginx.ingress.kubernetes.io/proxy-buffers-number", "8"), DEFAULTS);
        assertThat(bounded.policy().orElseThrow().responseBuffering().fileBytes()).isEqualTo(64L << 20);
        assertThat(bounded.warnings()).isEmpty();
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-buffering", "on",
                "nginx.ingress.kubernetes.io/proxy-max-temp-file-size", "0"), DEFAULTS)
                .policy().orElseThrow().responseBuffering().fileBytes()).isZero();

        RoutePolicy controllerOn = DEFAULTS.withResponseBuffering(new RoutePolicy.ResponseBuffering(true, 1L << 20));
        assertThat(Annotations.parse(Map.of("reseau.io/proxy-buffering", "off"), controllerOn).policy().orElseThrow()
                .responseBuffering().fileBytes()).isZero();
        assertThat(Annotations.parse(Map.of(), controllerOn).policy().orElseThrow().responseBuffering().fileBytes())
                .isEqualTo(1L << 20);

        Annotations.Parsed bad = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-buffering", "on",
                "nginx.ingress.kubernetes.io/proxy-max-temp-file-size", "big"), DEFAULTS);
        assertThat(bad.policy().orElseThrow().responseBuffering().fileBytes()).isEqualTo(1L << 30);
        assertThat(bad.warnings()).extracting(Warning::text)
                .singleElement().asString().contains("proxy-max-temp-file-size", "'big'");
    }

    @Test
    void authAlwaysSetCookieTunesTheIngresssOwnAuthUrlAndIsHarmlessWithout() {
        Annotations.Parsed own = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/auth-url",
                "http://auth.example/check", "nginx.ingress.kubernetes.io/auth-always-set-cookie", "true"), DEFAULTS);
        Annotations.Parsed alone = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/auth-always-set-cookie",
                "true"), DEFAULTS);

        assertThat(own.policy().orElseThrow().externalAuth().orElseThrow().alwaysSetCookie()).isTrue();
        assertThat(own.warnings()).isEmpty();
        assertThat(alone.policy()).isPresent();
        assertThat(alone.policy().orElseThrow().externalAuth()).isEmpty();
        assertThat(alone.warnings()).isEmpty();
    }

    @Test
    void affinityModeIsPersistentOnly() {
        Map<String, String> cookie = Map.of("nginx.ingress.kubernetes.io/affinity", "cookie");
        Annotations.Parsed persistent = Annotations.parse(with(cookie, "nginx.ingress.kubernetes.io/affinity-mode",
                "persistent"), DEFAULTS);
        Annotations.Parsed balanced = Annotations.parse(with(cookie, "nginx.ingress.kubernetes.io/affinity-mode",
                "balanced"), DEFAULTS);

        assertThat(persistent.policy().orElseThrow().affinity()).isPresent();
        assertThat(persistent.warnings()).isEmpty();
        assertThat(balanced.policy().orElseThrow().affinity()).isPresent();
        assertThat(balanced.warnings()).extracting(Warning::reason, Warning::text).containsExactly(tuple(
                "AnnotationUnsupported", "affinity-mode: 'balanced' is not supported; each session stays on its"
                        + " endpoint while it is ready ('persistent'); new endpoints take new sessions only"));
    }

    private static Map<String, String> with(Map<String, String> annotations, String key, String value) {
        Map<String, String> more = new HashMap<>(annotations);
        more.put(key, value);
        return more;
    }

    @Test
    void basicAuthIsReadAndAnyOtherAuthenticationRefused() {
        Annotations.Parsed basic = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/auth-type", "basic",
                "nginx.ingress.kubernetes.io/auth-secret", "htpasswd",
                "nginx.ingress.kubernetes.io/auth-realm", "Staff\r\nonly"), DEFAULTS);

        assertThat(basic.warnings()).extracting(Warning::text).isEmpty();
        assertThat(basic.basicAuth()).contains(new Annotations.BasicAuthAnnotations("htpasswd", false, "Staff  only"));
        for (Map<String, String> refused : List.of(
                Map.of("nginx.ingress.kubernetes.io/auth-type", "digest",
                        "nginx.ingress.kubernetes.io/auth-secret", "htpasswd"),
                Map.of("nginx.ingress.kubernetes.io/auth-type", "basic"),
                Map.of("nginx.ingress.kubernetes.io/auth-secret", "htpasswd"),
                Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                        "nginx.ingress.kubernetes.io/auth-secret", "htpasswd",
                        "nginx.ingress.kubernetes.io/auth-secret-type", "auth-ldap"),
                Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                        "nginx.ingress.kubernetes.io/auth-secret", "htpasswd",
                        "nginx.ingress.kubernetes.io/auth-url", "http://auth.example/"),
                Map.of("nginx.ingress.kubernetes.io/proxy-ssl-verify", "on"))) {
            Annotations.Parsed parsed = Annotations.parse(refused, DEFAULTS);
            assertThat(parsed.refusal()).as(refused.toString()).isPresent();
            assertThat(parsed.policy()).isEmpty();
        }
    }

    @Test
    void authKeepaliveTuningAndAuthProxySetHeadersPassQuietlyAndAnUnknownAuthAnnotationRefuses() {
        String auth = "nginx.ingress.kubernetes.io/auth-url";
        Annotations.Parsed keepalive = Annotations.parse(Map.of(auth, "http://auth.example/",
                "nginx.ingress.kubernetes.io/auth-keepalive", "10",
                "nginx.ingress.kubernetes.io/auth-keepalive-timeout", "60"), DEFAULTS);
        assertThat(keepalive.refusal()).isEmpty();
        assertThat(keepalive.warnings()).isEmpty();

        Annotations.Parsed proxySetHeaders = Annotations.parse(Map.of(auth, "http://auth.example/",
                "nginx.ingress.kubernetes.io/auth-proxy-set-headers", "default/auth-headers"), DEFAULTS);
        assertThat(proxySetHeaders.refusal()).isEmpty();
        assertThat(proxySetHeaders.warnings()).isEmpty();

        assertThat(Annotations.parse(Map.of(auth, "http://auth.example/",
                "nginx.ingress.kubernetes.io/auth-something-new", "x"), DEFAULTS).refusal())
                .hasValueSatisfying(reason -> assertThat(reason).contains("restricts access"));
    }

    @Test
    void clientCertificateAuthIsReadAndWhatItCannotHonourRefused() {
        Annotations.Parsed read = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/auth-tls-secret", "default/ca",
                "nginx.ingress.kubernetes.io/auth-tls-verify-client", "optional_no_ca",
                "nginx.ingress.kubernetes.io/auth-tls-verify-depth", "2",
                "nginx.ingress.kubernetes.io/auth-tls-error-page", "https://login.example/cert",
                "nginx.ingress.kubernetes.io/auth-tls-pass-certificate-to-upstream", "true",
                "nginx.ingress.kubernetes.io/auth-tls-match-cn", "CN=(alice|bob)"), DEFAULTS);
        Annotations.Parsed defaults = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/auth-tls-secret", "ca"), DEFAULTS);
        Annotations.Parsed off = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/auth-tls-secret", "ca",
                "nginx.ingress.kubernetes.io/auth-tls-verify-client", "off"), DEFAULTS);

        assertThat(read.warnings()).extracting(Warning::text).isEmpty();
        Annotations.ClientCertificateAnnotations auth = read.clientCertificate().orElseThrow();
        assertThat(auth.secret()).isEqualTo("default/ca");
        assertThat(auth.verify()).isEqualTo(ClientCertificateAuth.Verify.OPTIONAL_NO_CA);
        assertThat(auth.depth()).isEqualTo(2);
        assertThat(auth.errorPage()).contains("https://login.example/cert");
        assertThat(auth.passCertificate()).isTrue();
        assertThat(auth.matchSubject().orElseThrow().pattern()).isEqualTo("CN=(alice|bob)");
        assertThat(defaults.clientCertificate()).map(Annotations.ClientCertificateAnnotations::verify)
                .contains(ClientCertificateAuth.Verify.ON);
        assertThat(defaults.clientCertificate()).map(Annotations.ClientCertificateAnnotations::depth).contains(1);
        assertThat(off.clientCertificate()).isEmpty();
        assertThat(off.refusal()).isEmpty();
        for (Map<String, String> refused : List.of(
                Map.of("nginx.ingress.kubernetes.io/auth-tls-verify-client", "on"),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "ca",
                        "nginx.ingress.kubernetes.io/auth-tls-verify-client", "sometimes"),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "ca",
                        "nginx.ingress.kubernetes.io/auth-tls-verify-depth", "0"),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "ca",
                        "nginx.ingress.kubernetes.io/auth-tls-match-cn", "CN=(unclosed"),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "ca",
                        "nginx.ingress.kubernetes.io/auth-tls-unknown", "x"))) {
            assertThat(Annotations.parse(refused, DEFAULTS).refusal()).as(refused.toString()).isPresent();
        }
    }

    @Test
    void backendCertificatesAreCheckedWhenAskedAndTheSecretsCertificateIsPresentedEitherWay() {
        Annotations.Parsed checked = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-ssl-verify", "on",
                "nginx.ingress.kubernetes.io/proxy-ssl-secret", "default/backend-ca",
                "nginx.ingress.kubernetes.io/proxy-ssl-name", "api.internal",
                "nginx.ingress.kubernetes.io/proxy-ssl-protocols", "TLSv1.3 SSLv3",
                "nginx.ingress.kubernetes.io/proxy-ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:!aNULL",
                "nginx.ingress.kubernetes.io/proxy-ssl-server-name", "off",
                "nginx.ingress.kubernetes.io/proxy-ssl-verify-depth", "2"), DEFAULTS);
        Annotations.Parsed off = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-ssl-verify", "off",
                "nginx.ingress.kubernetes.io/proxy-ssl-secret", "default/backend-ca",
                "nginx.ingress.kubernetes.io/proxy-ssl-server-name", "sometimes"), DEFAULTS);

        assertThat(checked.backendTls()).contains(new Annotations.BackendTlsAnnotations("default/backend-ca", true,
                Optional.of("api.internal"), false, 2, new TlsPolicy(List.of("TLSv1.3"),
                        List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))));
        assertThat(checked.warnings()).extracting(Warning::text).containsExactly(
                "proxy-ssl-protocols: SSLv3 is not offered (TLSv1.2 and TLSv1.3 are)");
        // The name is sent unless proxy-ssl-server-name is off; a chain of one certificate below the authority.
        assertThat(off.backendTls()).contains(new Annotations.BackendTlsAnnotations("default/backend-ca", false,
                Optional.empty(), true, 1, TlsPolicy.DEFAULT));
        assertThat(off.warnings()).extracting(Warning::text)
                .containsExactly("proxy-ssl-server-name: 'sometimes' is not on or off; using the"
                + " default");
        assertThat(off.refusal()).isEmpty();
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-ssl-verify", "off"), DEFAULTS)
                .backendTls()).isEmpty();
        for (String depth : List.of("0", "deep")) {
            assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-ssl-verify", "on",
                    "nginx.ingress.kubernetes.io/proxy-ssl-secret", "default/backend-ca",
                    "nginx.ingress.kubernetes.io/proxy-ssl-verify-depth", depth), DEFAULTS).refusal())
                    .as(depth).hasValueSatisfying(refusal -> assertThat(refusal).contains("proxy-ssl-verify-depth"));
        }
    }

    @Test
    void customHttpErrorsAreErrorStatuses() {
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/custom-http-errors", "404, 503,"), DEFAULTS)
                .customErrors()).containsExactlyInAnyOrder(404, 503);
        Annotations.Parsed bad = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/custom-http-errors", "200"),
                DEFAULTS);
        assertThat(bad.customErrors()).isEmpty();
        assertThat(bad.warnings()).extracting(Warning::text).hasSize(1);
    }

    @Test
    void theControllersProxyNextUpstreamIsEveryIngresssUnlessItsOwnAnnotationsSayOtherwise() {
        NextUpstream controllers = Annotations.globalNextUpstream(Map.of("proxy-next-upstream",
                "error timeout http_502 http_503", "proxy-next-upstream-timeout", "10"));
        RoutePolicy defaults = DEFAULTS.withNextUpstream(controllers);

        assertThat(controllers).isEqualTo(new NextUpstream(true, true, Set.of(502, 503), false, Optional.empty(),
                Optional.of(Duration.ofSeconds(10))));
        assertThat(Annotations.parse(Map.of(), defaults).policy().orElseThrow().nextUpstream()).isEqualTo(controllers);
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-next-upstream-tries", "2"), defaults)
                .policy().orElseThrow().nextUpstream()).isEqualTo(controllers.limitedTo(Optional.of(2),
                        Optional.of(Duration.ofSeconds(10))));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-next-upstream", "error"), defaults)
                .policy().orElseThrow().nextUpstream()).isEqualTo(new NextUpstream(true, false, Set.of(), false,
                        Optional.empty(), Optional.of(Duration.ofSeconds(10))));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-next-upstream-timeout", "0"), defaults)
                .policy().orElseThrow().nextUpstream().within()).isEmpty();
        assertThatThrownBy(() -> Annotations.globalNextUpstream(Map.of("proxy-next-upstream", "error http_418")))
                .hasMessage("proxy-next-upstream: http_418 is not a condition (error, timeout, invalid_header,"
                        + " http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent,"
                        + " off)");
    }

    @Test
    void proxyNextUpstreamReadsNginxConditions() {
        NextUpstream statuses = nextUpstream(Map.of(
                "nginx.ingress.kubernetes.io/proxy-next-upstream", " error http_503  http_404 non_idempotent",
                "nginx.ingress.kubernetes.io/proxy-next-upstream-tries", "2",
                "nginx.ingress.kubernetes.io/proxy-next-upstream-timeout", "5"));
        NextUpstream invalidHeader = nextUpstream(Map.of(
                "nginx.ingress.kubernetes.io/proxy-next-upstream", "timeout invalid_header"));
        Annotations.Parsed unknown = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-next-upstream", "error http_418 http_5xx updating"), DEFAULTS);

        assertThat(statuses).isEqualTo(new NextUpstream(true, false, Set.of(404, 503), true, Optional.of(2),
                Optional.of(Duration.ofSeconds(5))));
        assertThat(invalidHeader).isEqualTo(new NextUpstream(true, true, Set.of(), false, Optional.empty(),
                Optional.empty()));
        assertThat(nextUpstream(Map.of())).isEqualTo(NextUpstream.DEFAULT);
        assertThat(nextUpstream(Map.of("nginx.ingress.kubernetes.io/proxy-next-upstream", "error off")))
                .isEqualTo(NextUpstream.OFF);
        assertThat(nextUpstream(Map.of("nginx.ingress.kubernetes.io/proxy-next-upstream-tries", "0",
                "nginx.ingress.kubernetes.io/proxy-next-upstream-timeout", "0"))).isEqualTo(NextUpstream.DEFAULT
                        .limitedTo(Optional.of(Integer.MAX_VALUE), Optional.empty()));
        assertThat(unknown.policy().orElseThrow().nextUpstream())
                .isEqualTo(new NextUpstream(true, false, Set.of(), false, Optional.empty(), Optional.empty()));
        assertThat(unknown.warnings()).extracting(Warning::text)
                .hasSize(3).allMatch(warning -> warning.startsWith("proxy-next-upstream: "));
    }

    @Test
    void mirrorTargetIsAnHttpUrlWithKnownVariables() {
        Annotations.Parsed mirrored = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/mirror-target", "https://test.foo.com$request_uri",
                "nginx.ingress.kubernetes.io/mirror-host", "test.foo.com",
                "nginx.ingress.kubernetes.io/mirror-request-body", "off"), DEFAULTS);
        List<String> bad = List.of("https://test.foo.com/$uri", "/relative$request_uri", "ftp://foo.com/",
                "http://$host:x/");

        assertThat(mirrored.warnings()).extracting(Warning::text).isEmpty();
        assertThat(mirrored.policy().orElseThrow().mirror()).contains(new Mirror("https://test.foo.com$request_uri",
                Optional.of("test.foo.com"), false));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/mirror-target", "http://$host/m"), DEFAULTS)
                .policy().orElseThrow().mirror()).contains(new Mirror("http://$host/m", Optional.empty(), true));
        for (String target : bad) {
            Annotations.Parsed parsed = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/mirror-target", target),
                    DEFAULTS);
            assertThat(parsed.policy().orElseThrow().mirror()).as(target).isEmpty();
            assertThat(parsed.warnings()).extracting(Warning::text)
                    .as(target).singleElement().asString().startsWith("mirror-target: ");
        }
    }

    private static NextUpstream nextUpstream(Map<String, String> annotations) {
        Annotations.Parsed parsed = Annotations.parse(annotations, DEFAULTS);
        assertThat(parsed.warnings()).extracting(Warning::text).isEmpty();
        return parsed.policy().orElseThrow().nextUpstream();
    }

    @Test
    void redirectAndCookieRewritesNeedPlainValues() {
        Annotations.Parsed nginxDefault = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-redirect-from", "default",
                "nginx.ingress.kubernetes.io/proxy-redirect-to", "https://foo.com/"), DEFAULTS);
        Annotations.Parsed regex = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-cookie-path", "~^/x /y"), DEFAULTS);
        Annotations.Parsed alone = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-redirect-to", "https://foo.com/"), DEFAULTS);

        for (Annotations.Parsed parsed : List.of(nginxDefault, regex, alone)) {
            assertThat(parsed.policy().orElseThrow().headers()).isEmpty();
            assertThat(parsed.warnings()).extracting(Warning::text).hasSize(1);
        }
    }

    @Test
    void externalAuthIsReadAndWhatItCannotHonourRefused() {
        Annotations.Parsed parsed = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/auth-url", "https://$host/oauth2/auth",
                "nginx.ingress.kubernetes.io/auth-signin", "https://$host/oauth2/start?rd=$escaped_request_uri",
                "nginx.ingress.kubernetes.io/auth-response-headers", "X-Auth-Request-User, X-Auth-Request-Email",
                "nginx.ingress.kubernetes.io/auth-cache-key", "$cookie_session"), DEFAULTS);

        assertThat(parsed.policy().orElseThrow().externalAuth()).hasValueSatisfying(auth -> {
            assertThat(auth.url()).isEqualTo("https://$host/oauth2/auth");
            assertThat(auth.method()).isEqualTo("GET");
            assertThat(auth.signin()).contains("https://$host/oauth2/start?rd=$escaped_request_uri");
            assertThat(auth.redirectParam()).isEqualTo("rd");
            assertThat(auth.responseHeaders()).containsExactly("X-Auth-Request-User", "X-Auth-Request-Email");
            // ingress-nginx's default durations when only the key is given.
            assertThat(auth.cache()).contains(new ExternalAuth.Cache("$cookie_session", Map.of(
                    200, Duration.ofMinutes(5), 202, Duration.ofMinutes(5), 401, Duration.ofMinutes(5))));
        });
        assertThat(parsed.warnings()).extracting(Warning::text).isEmpty();
        assertThat(Annotations.cacheDurations("200 202 10m, 401 30s, 403 1h")).isEqualTo(Map.of(
                200, Duration.ofMinutes(10), 202, Duration.ofMinutes(10), 401, Duration.ofSeconds(30),
                403, Duration.ofHours(1)));
        Annotations.Parsed unknownKey = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/auth-url", "https://auth.example/check",
                "nginx.ingress.kubernetes.io/auth-cache-key", "$remote_user$http_authorization"), DEFAULTS);
        assertThat(unknownKey.policy().orElseThrow().externalAuth().orElseThrow().cache()).isEmpty();
        assertThat(unknownKey.warnings()).extracting(Warning::text).hasSize(1);
        for (Map<String, String> refused : List.of(
                Map.of("nginx.ingress.kubernetes.io/auth-url", "https://auth/$cookie_session"),
                Map.of("nginx.ingress.kubernetes.io/auth-signin", "https://login.example/"),
                Map.of("nginx.ingress.kubernetes.io/auth-url", "https://auth/ check"),
                Map.of("nginx.ingress.kubernetes.io/auth-url", "https://auth/",
                        "nginx.ingress.kubernetes.io/auth-snippet", "return 200;"))) {
            assertThat(Annotations.parse(refused, DEFAULTS).refusal()).as(refused.toString()).isPresent();
        }
    }

    @Test
    void upstreamHashByNeedsAVariableReseauKnows() {
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/upstream-hash-by", "$binary_remote_addr"),
                DEFAULTS).policy().orElseThrow().hashBy()).contains(new UpstreamHash("$binary_remote_addr", 0));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/upstream-hash-by", "$request_uri",
                "nginx.ingress.kubernetes.io/upstream-hash-by-subset", "true"), DEFAULTS).policy().orElseThrow()
                .hashBy()).contains(new UpstreamHash("$request_uri", 3));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/upstream-hash-by", "$request_uri",
                "nginx.ingress.kubernetes.io/upstream-hash-by-subset", "true",
                "nginx.ingress.kubernetes.io/upstream-hash-by-subset-size", "2"), DEFAULTS).policy().orElseThrow()
                .hashBy()).contains(new UpstreamHash("$request_uri", 2));
        for (String bad : new String[] {"$request_id", "constant"}) {
            Annotations.Parsed parsed = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/upstream-hash-by", bad),
                    DEFAULTS);
            assertThat(parsed.policy().orElseThrow().hashBy()).isEmpty();
            assertThat(parsed.warnings()).extracting(Warning::text)
                    .singleElement().asString().startsWith("upstream-hash-by: ");
        }
    }

    @Test
    void headerEditsRefuseReservedNamesAndMalformedLines() {
        for (String bad : new String[] {"Host: evil", "X-Forwarded-For: 1.2.3.4", "Bad Name: x", "no colon",
                "X-Ok: fine\nTransfer-Encoding: chunked"}) {
            Annotations.Parsed parsed = Annotations.parse(Map.of("reseau.io/response-headers", bad), DEFAULTS);
            assertThat(parsed.policy().orElseThrow().headers()).as(bad).isEmpty();
            assertThat(parsed.warnings()).extracting(Warning::text)
                    .as(bad).singleElement().asString().startsWith("response-headers: ");
        }
    }

    @Test
    void responseRatesInKilobytes() {
        RoutePolicy limited = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rate", "100",
                "nginx.ingress.kubernetes.io/limit-rate-after", "50"), DEFAULTS).policy().orElseThrow();
        RoutePolicy fromStart = Annotations.parse(Map.of("reseau.io/limit-rate", "1"), DEFAULTS).policy()
                .orElseThrow();
        Annotations.Parsed bad = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rate", "fast"), DEFAULTS);

        assertThat(limited.responseRate()).contains(new ResponseRate(102_400, 51_200));
        assertThat(fromStart.responseRate()).contains(new ResponseRate(1024, 0));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rate", "0",
                "nginx.ingress.kubernetes.io/limit-rate-after", "10"), DEFAULTS).policy().orElseThrow().responseRate())
                .isEmpty();
        assertThat(bad.warnings()).extracting(Warning::text).singleElement().asString().startsWith("limit-rate: ");
        assertThat(bad.policy().orElseThrow().responseRate()).isEmpty();
        assertThat(DEFAULTS.responseRate()).isEmpty();
    }

    @Test
    void theControllersResponseRateAppliesWhereAnIngressDoesNotSetItsOwnEachKeyOnItsOwn() {
        RoutePolicy controllers = DEFAULTS.withResponseRate(Annotations.globalResponseRate(200, 1024));

        assertThat(Annotations.parse(Map.of(), controllers).policy().orElseThrow().responseRate())
                .contains(new ResponseRate(204_800, 1_048_576));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rate", "50"), controllers).policy()
                .orElseThrow().responseRate()).contains(new ResponseRate(51_200, 1_048_576));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rate-after", "0"), controllers)
                .policy().orElseThrow().responseRate()).contains(new ResponseRate(204_800, 0));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rate", "0"), controllers).policy()
                .orElseThrow().responseRate()).isEmpty();
        assertThat(Annotations.globalResponseRate(0, 100)).isEmpty();
        assertThatThrownBy(() -> Annotations.globalResponseRate(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateLimits() {
        RoutePolicy limited = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/limit-rps", "5",
                "nginx.ingress.kubernetes.io/limit-rpm", "0",
                "nginx.ingress.kubernetes.io/limit-connections", "3",
                "nginx.ingress.kubernetes.io/limit-whitelist", "10.0.0.0/8, 192.168.1.1"), DEFAULTS).policy()
                .orElseThrow();

        assertThat(limited.rateLimit()).hasValueSatisfying(limit -> {
            assertThat(limit.perSecond()).isEqualTo(5);
            assertThat(limit.perMinute()).isZero();
            assertThat(limit.connections()).isEqualTo(3);
            assertThat(limit.burstMultiplier()).isEqualTo(5);
            assertThat(limit.exempt()).hasSize(2);
        });
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rps", "0"), DEFAULTS).policy()
                .orElseThrow().rateLimit()).isEmpty();
        Annotations.Parsed bad = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/limit-rps", "-2",
                "nginx.ingress.kubernetes.io/limit-connections", "1"), DEFAULTS);
        assertThat(bad.warnings()).extracting(Warning::text)
                .containsExactly("limit-rps: '-2' is negative; using the default");
        assertThat(bad.policy().orElseThrow().rateLimit()).hasValueSatisfying(limit -> {
            assertThat(limit.perSecond()).isZero();
            assertThat(limit.connections()).isEqualTo(1);
        });
    }

    @Test
    void canaryRules() {
        Annotations.Parsed canary = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/canary", "true",
                "nginx.ingress.kubernetes.io/canary-by-header", "X-Canary",
                "nginx.ingress.kubernetes.io/canary-by-header-value", "beta",
                "nginx.ingress.kubernetes.io/canary-by-header-pattern", "ignored.*",
                "nginx.ingress.kubernetes.io/canary-by-cookie", "use-canary",
                "nginx.ingress.kubernetes.io/canary-weight", "5",
                "nginx.ingress.kubernetes.io/canary-weight-total", "1000"), DEFAULTS);

        assertThat(canary.warnings()).extracting(Warning::text).isEmpty();
        assertThat(canary.canary()).hasValueSatisfying(rule -> {
            assertThat(rule.header()).contains("x-canary");
            assertThat(rule.headerValue()).contains("beta");
            assertThat(rule.headerPattern()).isEmpty();
            assertThat(rule.cookie()).contains("use-canary");
            assertThat(rule.weight()).isEqualTo(5);
            assertThat(rule.weightTotal()).isEqualTo(1000);
        });
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/canary-weight", "5"), DEFAULTS).canary())
                .isEmpty();
    }

    @Test
    void aBadCanaryValueIsReportedAndTheRuleLeftOut() {
        Annotations.Parsed parsed = Annotations.parse(Map.of(
                "reseau.io/canary", "true",
                "reseau.io/canary-by-header", "x-canary",
                "reseau.io/canary-by-header-pattern", "(unclosed",
                "reseau.io/canary-weight", "101"), DEFAULTS);

        assertThat(parsed.canary()).hasValueSatisfying(rule -> {
            assertThat(rule.headerPattern()).isEmpty();
            assertThat(rule.weight()).isZero();
            assertThat(rule.weightTotal()).isEqualTo(100);
        });
        assertThat(parsed.warnings()).extracting(Warning::text)
                .hasSize(2).anyMatch(w -> w.startsWith("canary-by-header-pattern: "))
                .anyMatch(w -> w.startsWith("canary-weight: 101 is not between 0 and 100"));
    }

    @Test
    void fastCgiIsABackendProtocolWithAnIndexFile() {
        RoutePolicy policy = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/backend-protocol", "FCGI",
                "nginx.ingress.kubernetes.io/fastcgi-index", "index.php"), DEFAULTS).policy().orElseThrow();
        assertThat(policy.backendProtocol()).contains(BackendProtocol.FCGI);
        assertThat(policy.fastCgi()).isEqualTo(new FastCgi("index.php", List.of()));

        Annotations.Parsed badIndex = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/backend-protocol", "FCGI",
                "nginx.ingress.kubernetes.io/fastcgi-index", "../secret.php"), DEFAULTS);
        assertThat(badIndex.policy().orElseThrow().fastCgi()).isEqualTo(FastCgi.NONE);
        assertThat(badIndex.warnings()).extracting(Warning::text).singleElement().asString()
                .startsWith("fastcgi-index: '../secret.php' is not a file name");
    }

    @Test
    void aBadValueIsReportedAndItsDefaultUsed() {
        Annotations.Parsed parsed = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/proxy-body-size", "lots",
                "nginx.ingress.kubernetes.io/proxy-connect-timeout", "-1",
                "nginx.ingress.kubernetes.io/backend-protocol", "SPDY",
                "nginx.ingress.kubernetes.io/permanent-redirect", "https://x.example/",
                "nginx.ingress.kubernetes.io/permanent-redirect-code", "200"), DEFAULTS);

        RoutePolicy policy = parsed.policy().orElseThrow();
        assertThat(policy.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(policy.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backendProtocol()).isEmpty();
        assertThat(policy.redirect()).contains(new RoutePolicy.Redirect("https://x.example/", 301));
        assertThat(parsed.warnings()).extracting(Warning::text).hasSize(4);
    }

    @Test
    void proxyBufferSizeRaisesTheLargestResponseHeadAndNeverLowersIt() {
        assertThat(maxResponseHead("128k")).isEqualTo(128 * 1024);
        assertThat(maxResponseHead("16k")).as("below the controller's 32k").isEqualTo(32 * 1024);
        assertThat(maxResponseHead(null)).isEqualTo(32 * 1024);
        for (String bad : List.of("2m", "512", "big")) {
            Annotations.Parsed parsed = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/proxy-buffer-size", bad),
                    DEFAULTS);
            assertThat(parsed.policy().orElseThrow().maxResponseHead()).isEqualTo(32 * 1024);
            assertThat(parsed.warnings()).extracting(Warning::text)
                    .singleElement().asString().startsWith("proxy-buffer-size: ");
        }
    }

    private static int maxResponseHead(String proxyBufferSize) {
        Annotations.Parsed parsed = Annotations.parse(proxyBufferSize == null ? Map.of()
                : Map.of("nginx.ingress.kubernetes.io/proxy-buffer-size", proxyBufferSize), DEFAULTS);
        assertThat(parsed.warnings()).extracting(Warning::text).isEmpty();
        return parsed.policy().orElseThrow().maxResponseHead();
    }

    @Test
    void rewriteTargetImpliesRegexPaths() {
        Annotations.Parsed parsed = Annotations.parse(Map.of("reseau.io/rewrite-target", "/$2"), DEFAULTS);

        assertThat(parsed.useRegex()).isTrue();
        assertThat(parsed.policy().orElseThrow().rewriteTarget()).isEqualTo(Optional.of("/$2"));
    }

    @Test
    void anInvalidSourceRangeRefusesTheIngressRatherThanOpeningIt() {
        Annotations.Parsed parsed = Annotations.parse(Map.of(
                "nginx.ingress.kubernetes.io/whitelist-source-range", "10.0.0.0/8, office.example"), DEFAULTS);

        assertThat(parsed.policy()).isEmpty();
        assertThat(parsed.refusal()).hasValueSatisfying(why -> assertThat(why).contains("office.example"));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/denylist-source-range", "10.0.0.0/33"),
                DEFAULTS).refusal()).hasValueSatisfying(why -> assertThat(why).contains("10.0.0.0/33"));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/satisfy", "either"), DEFAULTS).refusal())
                .hasValueSatisfying(why -> assertThat(why).contains("either"));
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/satisfy", "any"), DEFAULTS).policy()
                .orElseThrow().sources().orAuthenticated()).isTrue();
    }

    @Test
    void theControllersSourceRangesApplyWhereAnIngressGivesNone() throws Exception {
        RoutePolicy controllers = RoutePolicy.defaults(HttpsRedirect.WHEN_TLS, false, 1 << 20, 32 * 1024, 64 * 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), LoadBalance.ROUND_ROBIN,
                false, new SourceAccess(List.of(SourceRange.parse("10.0.0.0/8")),
                        List.of(SourceRange.parse("10.6.6.0/24")), false),
                Optional.empty(), Tracing.OFF);

        SourceAccess unset = Annotations.parse(Map.of(), controllers).policy().orElseThrow().sources();
        SourceAccess own = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/whitelist-source-range",
                "192.0.2.0/24, 10.6.6.0/24"), controllers).policy().orElseThrow().sources();

        assertThat(unset.admits(address("10.1.1.1"))).isTrue();
        assertThat(unset.admits(address("10.6.6.1"))).isFalse();
        assertThat(unset.admits(address("192.0.2.1"))).isFalse();
        // The Ingress's own allowed list replaces the controller's; the controller's denied one stays.
        assertThat(own.admits(address("192.0.2.1"))).isTrue();
        assertThat(own.admits(address("10.1.1.1"))).isFalse();
        assertThat(own.admits(address("10.6.6.1"))).isFalse();
    }

    private static java.net.InetAddress address(String ip) throws java.net.UnknownHostException {
        return java.net.InetAddress.getByName(ip);
    }

    @Test
    void globalAuthIsReadAsTheAuthAnnotationsAndAskedOfIngressesWithoutTheirOwn() {
        Optional<ExternalAuth> global = Annotations.globalAuth(Map.of(
                "global-auth-url", "http://auth.example/check",
                "global-auth-signin", "https://login.example/start",
                "global-auth-response-headers", "X-User, X-Email",
                "global-auth-always-set-cookie", "true"));
        RoutePolicy controllers = RoutePolicy.defaults(HttpsRedirect.WHEN_TLS, false, 1 << 20, 32 * 1024, 64 * 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), LoadBalance.ROUND_ROBIN,
                false, SourceAccess.EVERYONE, global, Tracing.OFF);

        assertThat(global).hasValueSatisfying(auth -> {
            assertThat(auth.url()).isEqualTo("http://auth.example/check");
            assertThat(auth.signin()).contains("https://login.example/start");
            assertThat(auth.responseHeaders()).containsExactly("X-User", "X-Email");
            assertThat(auth.alwaysSetCookie()).isTrue();
        });
        assertThat(Annotations.parse(Map.of(), controllers).policy().orElseThrow().externalAuth()).isEqualTo(global);
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/auth-url", "http://own.example/"),
                controllers).policy().orElseThrow().externalAuth().orElseThrow().url())
                .isEqualTo("http://own.example/");
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/enable-global-auth", "false"), controllers)
                .policy().orElseThrow().externalAuth()).isEmpty();
        Annotations.Parsed basic = Annotations.parse(Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                "nginx.ingress.kubernetes.io/auth-secret", "users"), controllers);
        assertThat(basic.policy().orElseThrow().externalAuth()).isEmpty();
        assertThat(basic.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.reason()).isEqualTo(Warning.UNSUPPORTED);
            assertThat(warning.text()).contains("global-auth-url is not applied");
        });
    }

    @Test
    void aGlobalAuthSettingTheAnnotationWouldRefuseStopsTheStartWithItsName() {
        assertThatThrownBy(() -> Annotations.globalAuth(Map.of("global-auth-url", "http://auth.example/check",
                "global-auth-method", "GET POST")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("global-auth-*: ")
                .hasMessageNotContaining("Ingress");
        // An annotation's bad flag is reported and defaulted; the setting's stops the start.
        assertThatThrownBy(() -> Annotations.globalAuth(Map.of("global-auth-url", "http://auth.example/check",
                "global-auth-always-set-cookie", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth-always-set-cookie");
        assertThat(Annotations.globalAuth(Map.of())).isEmpty();
    }

    @Test
    void otherPrefixesAreNotOurs() {
        Annotations.Parsed parsed = Annotations.parse(Map.of("cert-manager.io/issuer", "letsencrypt-prod",
                "kubernetes.io/ingress.class", "nginx"), DEFAULTS);

        assertThat(parsed.warnings()).extracting(Warning::text).isEmpty();
        assertThat(parsed.refusal()).isEmpty();
    }
}
