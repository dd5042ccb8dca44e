package io.reseau.ingress.compute;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.created;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.opaqueSecret;
import static io.reseau.ingress.testing.Objects.ourClass;
import static io.reseau.ingress.testing.Objects.path;
import static io.reseau.ingress.testing.Objects.service;
import static io.reseau.ingress.testing.Objects.slice;
import static io.reseau.ingress.testing.Objects.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.BasicAuth;
import io.reseau.ingress.model.ClientCertificateAuth;
import io.reseau.ingress.model.FastCgi;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.Problem;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.LoadBalance;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.SourceAccess;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.model.ExternalAuth;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import io.reseau.ingress.testing.Objects.Path;
import io.reseau.ingress.testing.TestCertificates.Issued;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngressTranslationTest {

    static final IngressTranslation.Settings SETTINGS = new IngressTranslation.Settings(
            new IngressClasses.Selection("reseau.io/ingress", Set.of("nginx"), Set.of(), false),
            RoutePolicy.defaults(RoutePolicy.HttpsRedirect.WHEN_TLS, false, 1 << 20, 32 * 1024, 64 * 1024,
                    Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), LoadBalance.ROUND_ROBIN,
                    false, SourceAccess.EVERYONE, Optional.empty(), Tracing.OFF),
            Optional.empty(), Set.of(), Optional.empty(), Set.of(), true, List.of(), Locality.UNKNOWN);

    /** Every service named here exists, on port 80, with one endpoint whose last octet tells them apart. */
    static final List<String> SERVICES = List.of("service1", "service2", "service3", "a", "b", "c", "def");

    static IngressTranslation.Result translate(List<Ingress> ingresses) {
        return translate(ingresses, List.of());
    }

    static IngressTranslation.Result translate(List<Ingress> ingresses, List<Secret> secrets) {
        return translate(ingresses, secrets, List.of(), SETTINGS);
    }

    static IngressTranslation.Result translate(List<Ingress> ingresses, List<Secret> secrets,
            List<ConfigMap> configMaps, IngressTranslation.Settings settings) {
        List<Service> services = SERVICES.stream().map(name -> service("default", name, 80)).toList();
        List<EndpointSlice> slices = SERVICES.stream()
                .map(name -> slice("default", name, name + "-x", 8080, "10.42.0." + (SERVICES.indexOf(name) + 1)))
                .toList();
        return IngressTranslation.translate(ingresses, List.of(ourClass(false)), services, slices, secrets,
                configMaps, settings);
    }

    /** The service a request reaches, or "404". */
    static String serviceFor(RoutingTable table, String host, String path) {
        return table.virtualHost(host).flatMap(vh -> vh.route(path)).map(r -> r.backend().service()).orElse("404");
    }

    /** The table of the Kubernetes Ingress documentation, "Examples" under "Path types". */
    static Stream<Arguments> pathTypeExamples() {
        return Stream.of(
                Arguments.of("Prefix", List.of("/"), "/anything/at/all", "/"),
                Arguments.of("Exact", List.of("/foo"), "/foo", "/foo"),
                Arguments.of("Exact", List.of("/foo"), "/bar", null),
                Arguments.of("Exact", List.of("/foo"), "/foo/", null),
                Arguments.of("Exact", List.of("/foo/"), "/foo", null),
                Arguments.of("Prefix", List.of("/foo"), "/foo", "/foo"),
                Arguments.of("Prefix", List.of("/foo"), "/foo/", "/foo"),
                Arguments.of("Prefix", List.of("/foo/"), "/foo", "/foo/"),
                Arguments.of("Prefix", List.of("/foo/"), "/foo/", "/foo/"),
                Arguments.of("Prefix", List.of("/aaa/bb"), "/aaa/bbb", null),
                Arguments.of("Prefix", List.of("/aaa/bbb"), "/aaa/bbb", "/aaa/bbb"),
                Arguments.of("Prefix", List.of("/aaa/bbb/"), "/aaa/bbb", "/aaa/bbb/"),
                Arguments.of("Prefix", List.of("/aaa/bbb"), "/aaa/bbb/", "/aaa/bbb"),
                Arguments.of("Prefix", List.of("/aaa/bbb"), "/aaa/bbbxyz", null),
                Arguments.of("Prefix", List.of("/aaa/bbb"), "/aaa/bbb/ccc", "/aaa/bbb"),
                Arguments.of("Prefix", List.of("/", "/aaa"), "/aaa/ccc", "/aaa"),
                Arguments.of("Prefix", List.of("/", "/aaa", "/aaa/bbb"), "/aaa/bbb", "/aaa/bbb"),
                Arguments.of("Prefix", List.of("/", "/aaa", "/aaa/bbb"), "/ccc", "/"),
                Arguments.of("Prefix", List.of("/aaa"), "/ccc", null));
    }

    @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
    @MethodSource("pathTypeExamples")
    void pathTypesMatchAsTheKubernetesDocumentationSays(String type, List<String> paths, String request,
            String expected) {
        Path[] declared = paths.stream().map(p -> path(type, p, SERVICES.get(paths.indexOf(p)), 80))
                .toArray(Path[]::new);
        RoutingTable table = translate(List.of(ingress("default", "paths", "foo.com", declared))).table();

        Optional<Route> route = table.virtualHost("foo.com").flatMap(vh -> vh.route(request));

        assertThat(route.map(r -> r.match().path()).orElse(null)).isEqualTo(expected);
    }

    @Test
    void exactWinsOverPrefixOfTheSamePath() {
        RoutingTable table = translate(List.of(ingress("default", "mixed", "foo.com",
                path("Prefix", "/foo", "a", 80), path("Exact", "/foo", "b", 80)))).table();

        assertThat(serviceFor(table, "foo.com", "/foo")).isEqualTo("b");
        assertThat(serviceFor(table, "foo.com", "/foo/x")).isEqualTo("a");
    }

    /** The documentation's "Hostname wildcards" table. */
    static Stream<Arguments> hostExamples() {
        return Stream.of(
                Arguments.of("*.foo.com", "bar.foo.com", "a"),
                Arguments.of("*.foo.com", "baz.bar.foo.com", "404"),
                Arguments.of("*.foo.com", "foo.com", "404"),
                Arguments.of("foo.bar.com", "foo.bar.com", "a"),
                Arguments.of("foo.bar.com", "FOO.Bar.com:8443", "a"),
                Arguments.of("foo.bar.com", "other.bar.com", "404"));
    }

    @ParameterizedTest(name = "{0} with Host {1} -> {2}")
    @MethodSource("hostExamples")
    void hostsMatchExactlyOrOneWildcardLabel(String host, String request, String expected) {
        RoutingTable table = translate(List.of(ingress("default", "hosts", host, path("Prefix", "/", "a", 80))))
                .table();

        assertThat(serviceFor(table, request, "/")).isEqualTo(expected);
    }

    @Test
    void exactHostWinsOverWildcardAndNoHostMatchesEveryOtherHost() {
        RoutingTable table = translate(List.of(
                ingress("default", "wild", "*.foo.com", path("Prefix", "/", "a", 80)),
                ingress("default", "exact", "bar.foo.com", path("Prefix", "/", "b", 80)),
                ingress("default", "any", null, path("Prefix", "/", "c", 80)))).table();

        assertThat(serviceFor(table, "bar.foo.com", "/")).isEqualTo("b");
        assertThat(serviceFor(table, "baz.foo.com", "/")).isEqualTo("a");
        assertThat(serviceFor(table, "elsewhere.org", "/")).isEqualTo("c");
    }

    @Test
    void theSeedsWildcardHostIngressWorksVerbatim() throws Exception {
        String seed = Files.readString(java.nio.file.Path.of("../../examples/seed/ingress-wildcard-host.yaml"));
        Ingress fromSeed = Serialization.unmarshal(seed, Ingress.class);
        // Its namespace comes from kubectl; no class: the default IngressClass serves it.
        Ingress placed = new IngressBuilder(fromSeed).editMetadata().withNamespace("default").endMetadata().build();
        List<Service> services = SERVICES.stream().map(name -> service("default", name, 80)).toList();
        IngressTranslation.Result result = IngressTranslation.translate(List.of(placed), List.of(ourClass(true)),
                services, List.of(slice("default", "service1", "s1", 8080, "10.42.0.1")), List.of(), List.of(),
                SETTINGS);

        assertThat(result.served()).hasSize(1);
        assertThat(serviceFor(result.table(), "domain1.bar.com", "/bar/x")).isEqualTo("service1");
        assertThat(serviceFor(result.table(), "domain1.bar.com", "/foo")).isEqualTo("service2");
        assertThat(serviceFor(result.table(), "domain1.bar.com", "/baz")).isEqualTo("404");
        assertThat(serviceFor(result.table(), "domain2.foo.com", "/anything")).isEqualTo("service3");
        assertThat(result.table().virtualHost("domain1.bar.com").flatMap(vh -> vh.route("/bar")).orElseThrow()
                .backend().endpoints()).containsExactly(new InetSocketAddress("10.42.0.1", 8080));
    }

    @Test
    void theControllersGlobalAuthLeavesOutNoAuthLocationsWhereAnIngresssOwnAuthStays() {
        ExternalAuth global = Annotations.globalAuth(Map.of("global-auth-url", "http://auth.example/check"))
                .orElseThrow();
        IngressTranslation.Settings guarded = new IngressTranslation.Settings(SETTINGS.classes(),
                SETTINGS.defaults().withExternalAuth(global), Optional.empty(), Set.of(), Optional.empty(), Set.of(),
                true, List.of("/.well-known/acme-challenge"), Locality.UNKNOWN);
        String challenge = "/.well-known/acme-challenge/token";
        Ingress site = ingress("default", "site", "foo.com", path("Prefix", "/", "a", 80),
                path("Exact", challenge, "a", 80));
        Ingress own = annotated(ingress("default", "own", "bar.com", path("Prefix", "/", "a", 80),
                path("Exact", challenge, "a", 80)), Map.of("nginx.ingress.kubernetes.io/auth-url", "http://own/"));

        RoutingTable table = translate(List.of(site, own), List.of(), List.of(), guarded).table();

        assertThat(auth(table, "foo.com", "/app")).contains("http://auth.example/check");
        assertThat(auth(table, "foo.com", challenge)).isEmpty();
        assertThat(auth(table, "bar.com", challenge)).contains("http://own/");
    }

    /** The URL of the authentication service a request to this host and path asks, if any. */
    private static Optional<String> auth(RoutingTable table, String host, String path) {
        return table.virtualHost(host).flatMap(vh -> vh.route(path)).orElseThrow().policy().externalAuth()
                .map(ExternalAuth::url);
    }

    @Test
    void theControllersResponseRewritesApplyWhereAnIngressSaysNothingAndStayBesideItsFields() {
        HeaderEdits.Rewrite internal = new HeaderEdits.Rewrite("http://internal/", "https://foo.com/");
        IngressTranslation.Settings rewriting = new IngressTranslation.Settings(SETTINGS.classes(),
                SETTINGS.defaults().withHeaders(Annotations.globalResponseRewrites(Map.of(
                        "proxy-redirect-from", "http://internal/", "proxy-redirect-to", "https://foo.com/",
                        "proxy-cookie-path", "/app /"))), Optional.empty(), Set.of(), Optional.empty(), Set.of(), true,
                List.of(), Locality.UNKNOWN)
                .withHeaders(Optional.of(new HeaderEdits(List.of(new HeaderEdits.Field("X-Cluster", "blue")),
                        List.of())));
        Ingress plain = ingress("default", "plain", "foo.com", path("Prefix", "/", "a", 80));
        Ingress off = annotated(ingress("default", "off", "bar.com", path("Prefix", "/", "a", 80)), Map.of(
                "nginx.ingress.kubernetes.io/proxy-redirect-from", "off",
                "nginx.ingress.kubernetes.io/proxy-cookie-path", "off"));
        Ingress own = annotated(ingress("default", "own", "baz.com", path("Prefix", "/", "a", 80)), Map.of(
                "nginx.ingress.kubernetes.io/proxy-cookie-path", "/baz /"));

        RoutingTable table = translate(List.of(plain, off, own), List.of(), List.of(), rewriting).table();

        HeaderEdits plainEdits = edits(table, "foo.com");
        assertThat(plainEdits.location()).contains(internal);
        assertThat(plainEdits.cookiePath()).contains(new HeaderEdits.Rewrite("/app", "/"));
        assertThat(plainEdits.request()).extracting(HeaderEdits.Field::name).containsExactly("X-Cluster");
        assertThat(edits(table, "bar.com").rewritesResponses()).isFalse();
        assertThat(edits(table, "baz.com").location()).contains(internal);
        assertThat(edits(table, "baz.com").cookiePath()).contains(new HeaderEdits.Rewrite("/baz", "/"));
        assertThatThrownBy(() -> Annotations.globalResponseRewrites(Map.of("proxy-redirect-from", "http://a/")))
                .hasMessageContaining("proxy-redirect-from and proxy-redirect-to go together");
    }

    private static HeaderEdits edits(RoutingTable table, String host) {
        return table.virtualHost(host).flatMap(vh -> vh.route("/")).orElseThrow().policy().headers().orElseThrow();
    }

    static Stream<Arguments> classes() {
        Ingress plain = ingress("default", "x", "foo.com", path("Prefix", "/", "a", 80));
        Ingress noClass = new IngressBuilder(plain).editSpec().withIngressClassName(null).endSpec().build();
        return Stream.of(
                Arguments.of("spec.ingressClassName of ours", plain, false, true),
                Arguments.of("spec.ingressClassName of another", new IngressBuilder(plain).editSpec()
                        .withIngressClassName("traefik").endSpec().build(), true, false),
                Arguments.of("no class, ours not default", noClass, false, false),
                Arguments.of("no class, ours default", noClass, true, true),
                Arguments.of("legacy annotation nginx", annotated(noClass,
                        Map.of("kubernetes.io/ingress.class", "nginx")), false, true),
                Arguments.of("legacy annotation reseau", annotated(noClass,
                        Map.of("kubernetes.io/ingress.class", "reseau")), false, true),
                Arguments.of("legacy annotation traefik", annotated(plain,
                        Map.of("kubernetes.io/ingress.class", "traefik")), true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classes")
    void servesOnlyIngressesOfItsClass(String description, Ingress ingress, boolean ourClassIsDefault,
            boolean served) {
        IngressTranslation.Result result = IngressTranslation.translate(List.of(ingress),
                List.of(ourClass(ourClassIsDefault)), List.of(service("default", "a", 80)), List.of(), List.of(),
                List.of(), SETTINGS);

        assertThat(result.served()).hasSize(served ? 1 : 0);
        assertThat(serviceFor(result.table(), "foo.com", "/")).isEqualTo(served ? "a" : "404");
    }

    @Test
    void anAdoptedClassIsServedBesideItsControllerWhichKeepsTheStatus() {
        // ingress-nginx still serves class nginx; reseau tries the same Ingresses through its own address.
        IngressClass nginx = new IngressClassBuilder().withNewMetadata().withName("nginx").endMetadata()
                .withNewSpec().withController("k8s.io/ingress-nginx").endSpec().build();
        Ingress theirs = new IngressBuilder(ingress("default", "theirs", "foo.com", path("Prefix", "/", "a", 80)))
                .editSpec().withIngressClassName("nginx").endSpec().build();
        Ingress ours = ingress("default", "ours", "bar.com", path("Prefix", "/", "b", 80));
        IngressTranslation.Settings adopting = new IngressTranslation.Settings(new IngressClasses.Selection(
                SETTINGS.classes().controller(), SETTINGS.classes().legacyNames(), Set.of("nginx"), false),
                SETTINGS.defaults(), Optional.empty(), Set.of(), Optional.empty(), Set.of(), true, List.of(),
                Locality.UNKNOWN);
        List<Service> services = List.of(service("default", "a", 80), service("default", "b", 80));

        IngressTranslation.Result without = IngressTranslation.translate(List.of(theirs, ours),
                List.of(ourClass(false), nginx), services, List.of(), List.of(), List.of(), SETTINGS);
        IngressTranslation.Result adopted = IngressTranslation.translate(List.of(theirs, ours),
                List.of(ourClass(false), nginx), services, List.of(), List.of(), List.of(), adopting);

        assertThat(serviceFor(without.table(), "foo.com", "/")).isEqualTo("404");
        assertThat(serviceFor(adopted.table(), "foo.com", "/")).isEqualTo("a");
        assertThat(serviceFor(adopted.table(), "bar.com", "/")).isEqualTo("b");
        assertThat(adopted.served()).extracting(i -> i.getMetadata().getName()).containsExactlyInAnyOrder("theirs",
                "ours");
        assertThat(adopted.statusOwned()).extracting(i -> i.getMetadata().getName()).containsExactly("ours");
    }

    @Test
    void theOlderIngressKeepsAContestedPathAndTheNewerIsToldWhy() {
        Ingress older = created(ingress("default", "older", "foo.com", path("Prefix", "/api", "a", 80)),
                "2026-01-01T00:00:00Z");
        Ingress newer = created(ingress("default", "newer", "foo.com", path("Prefix", "/api", "b", 80),
                path("Prefix", "/web", "c", 80)), "2026-02-01T00:00:00Z");

        // Given in both orders: the outcome depends on age only.
        for (List<Ingress> order : List.of(List.of(older, newer), List.of(newer, older))) {
            IngressTranslation.Result result = translate(order);
            assertThat(serviceFor(result.table(), "foo.com", "/api")).isEqualTo("a");
            assertThat(serviceFor(result.table(), "foo.com", "/web")).isEqualTo("c");
            assertThat(result.problems()).extracting(Problem::reason).containsExactly("RouteConflict");
            assertThat(result.problems().getFirst().object().getMetadata().getName()).isEqualTo("newer");
        }
    }

    @Test
    void aCanaryIngressShadowsTheRouteOfAnotherWhateverTheirAges() {
        Ingress main = created(annotated(ingress("default", "main", "foo.com", path("Prefix", "/api", "a", 80),
                path("Prefix", "/web", "c", 80)), Map.of("nginx.ingress.kubernetes.io/proxy-read-timeout", "7")),
                "2026-02-01T00:00:00Z");
        // Older than the main Ingress: without the canary annotation it would take /api.
        Ingress canary = created(annotated(ingress("default", "main-canary", "foo.com",
                path("Prefix", "/api", "b", 80)), Map.of("nginx.ingress.kubernetes.io/canary", "true",
                "nginx.ingress.kubernetes.io/canary-weight", "20",
                "nginx.ingress.kubernetes.io/proxy-read-timeout", "99")), "2026-01-01T00:00:00Z");

        IngressTranslation.Result result = translate(List.of(canary, main));
        Route api = result.table().virtualHost("foo.com").flatMap(vh -> vh.route("/api")).orElseThrow();

        assertThat(result.problems()).isEmpty();
        assertThat(result.served()).extracting(i -> i.getMetadata().getName()).containsExactly("main", "main-canary");
        assertThat(api.backend().service()).isEqualTo("a");
        assertThat(api.canary()).hasValueSatisfying(c -> {
            assertThat(c.rule().weight()).isEqualTo(20);
            assertThat(c.route().ingress()).isEqualTo("default/main-canary");
            assertThat(c.route().backend().service()).isEqualTo("b");
            // The canary's own annotations are not used: it keeps the policy of the route it shadows.
            assertThat(c.route().policy()).isEqualTo(api.policy());
            assertThat(c.route().policy().readTimeout()).isEqualTo(Duration.ofSeconds(7));
        });
        assertThat(result.table().virtualHost("foo.com").flatMap(vh -> vh.route("/web")).orElseThrow().canary())
                .isEmpty();
    }

    @Test
    void aCanaryWithoutAMainRouteOrASecondCanaryIsReportedAndNotUsed() {
        Ingress main = ingress("default", "main", "foo.com", path("Prefix", "/api", "a", 80));
        Map<String, String> canaryAnnotation = Map.of("reseau.io/canary", "true");
        Ingress first = created(annotated(ingress("default", "first", "foo.com", path("Prefix", "/api", "b", 80),
                path("Prefix", "/nowhere", "b", 80)), canaryAnnotation), "2026-01-01T00:00:00Z");
        Ingress second = created(annotated(ingress("default", "second", "foo.com", path("Prefix", "/api", "c", 80)),
                canaryAnnotation), "2026-01-02T00:00:00Z");

        IngressTranslation.Result result = translate(List.of(second, main, first));

        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + " " + p.reason())
                .containsExactlyInAnyOrder("first CanaryWithoutMain", "second CanaryConflict");
        assertThat(result.table().virtualHost("foo.com").flatMap(vh -> vh.route("/api")).orElseThrow().canary())
                .hasValueSatisfying(c -> assertThat(c.route().backend().service()).isEqualTo("b"));
        assertThat(serviceFor(result.table(), "foo.com", "/nowhere")).isEqualTo("404");
    }

    /** {@link #SETTINGS} with the controller's add-headers and the fields custom-headers may set. */
    private static final IngressTranslation.Settings CUSTOM_HEADERS = new IngressTranslation.Settings(
            SETTINGS.classes(), SETTINGS.defaults(), Optional.empty(), Set.of(),
            Optional.empty(), Set.of("x-frame-options", "x-content-type-options", "cache-control"), true, List.of(),
            Locality.UNKNOWN)
            .withHeaders(Optional.of(new HeaderEdits(List.of(), List.of(new HeaderEdits.Field("X-Frame-Options",
                    "DENY"), new HeaderEdits.Field("Cache-Control", "no-store")))));

    private static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withData(data).build();
    }

    private static List<HeaderEdits.Field> responseFields(RoutingTable table, String host) {
        return table.virtualHost(host).flatMap(vh -> vh.route("/")).orElseThrow().policy().headers()
                .map(HeaderEdits::response).orElse(List.of());
    }

    @Test
    void customHeadersSetTheAllowedFieldsOfAConfigMapOverTheControllersAndUnderTheIngressOwn() {
        ConfigMap security = configMap("default", "security", Map.of("X-Frame-Options", "SAMEORIGIN",
                "X-Content-Type-Options", "nosniff", "X-Powered-By", "reseau"));
        Ingress site = annotated(ingress("default", "site", "site.com", path("Prefix", "/", "a", 80)), Map.of(
                "nginx.ingress.kubernetes.io/custom-headers", "default/security",
                "reseau.io/response-headers", "Cache-Control: private"));
        Ingress named = annotated(ingress("default", "named", "named.com", path("Prefix", "/", "b", 80)),
                Map.of("reseau.io/custom-headers", "security"));
        Ingress plain = ingress("default", "plain", "plain.com", path("Prefix", "/", "c", 80));

        IngressTranslation.Result result = translate(List.of(site, named, plain), List.of(), List.of(security),
                CUSTOM_HEADERS);

        assertThat(responseFields(result.table(), "site.com")).containsExactlyInAnyOrder(
                new HeaderEdits.Field("X-Frame-Options", "SAMEORIGIN"),
                new HeaderEdits.Field("X-Content-Type-Options", "nosniff"),
                new HeaderEdits.Field("Cache-Control", "private"));
        assertThat(responseFields(result.table(), "named.com")).containsExactlyInAnyOrder(
                new HeaderEdits.Field("X-Frame-Options", "SAMEORIGIN"),
                new HeaderEdits.Field("X-Content-Type-Options", "nosniff"),
                new HeaderEdits.Field("Cache-Control", "no-store"));
        assertThat(responseFields(result.table(), "plain.com")).containsExactlyInAnyOrder(
                new HeaderEdits.Field("X-Frame-Options", "DENY"), new HeaderEdits.Field("Cache-Control", "no-store"));
        // The field not allowed is reported on the ConfigMap, once for each Ingress naming it.
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + " " + p.reason() + ": "
                + p.message()).containsOnly("security HeaderInvalid: custom-headers: X-Powered-By is not in"
                        + " global-allowed-response-headers; not set");
    }

    @Test
    void customHeadersMissingInAnotherNamespaceOrNotAllowedAtAllAreReportedAndTheIngressServed() {
        List<Ingress> ingresses = List.of(
                annotated(ingress("default", "missing", "a.com", path("Prefix", "/", "a", 80)),
                        Map.of("nginx.ingress.kubernetes.io/custom-headers", "default/gone")),
                annotated(ingress("default", "elsewhere", "b.com", path("Prefix", "/", "b", 80)),
                        Map.of("nginx.ingress.kubernetes.io/custom-headers", "other/security")));
        List<ConfigMap> configMaps = List.of(configMap("other", "security", Map.of("X-Frame-Options", "SAMEORIGIN")));

        IngressTranslation.Result result = translate(ingresses, List.of(), configMaps, CUSTOM_HEADERS);
        IngressTranslation.Result unset = translate(ingresses, List.of(), configMaps, SETTINGS);

        assertThat(result.served()).hasSize(2);
        for (String host : List.of("a.com", "b.com")) {
            assertThat(responseFields(result.table(), host)).containsExactlyInAnyOrder(
                    new HeaderEdits.Field("X-Frame-Options", "DENY"),
                    new HeaderEdits.Field("Cache-Control", "no-store"));
            assertThat(responseFields(unset.table(), host)).isEmpty();
        }
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + " " + p.reason())
                .containsExactlyInAnyOrder("missing CustomHeadersNotFound", "elsewhere CustomHeadersInvalid");
        assertThat(unset.served()).hasSize(2);
        assertThat(unset.problems()).extracting(p -> p.reason() + ": " + p.message()).containsOnly(
                "AnnotationUnsupported: custom-headers needs the controller's global-allowed-response-headers, which"
                        + " names the fields it may set; ignored");
    }

    private static List<HeaderEdits.Field> questionFields(RoutingTable table, String host) {
        return table.virtualHost(host).flatMap(vh -> vh.route("/")).orElseThrow().policy().externalAuth()
                .orElseThrow().questionFields();
    }

    @Test
    void authProxySetHeadersSetsTheFieldsOfAConfigMapOnTheQuestionAndReportsWhatItCannot() {
        ConfigMap fields = configMap("default", "auth-fields", Map.of("X-Tenant", "blue",
                "X-Client-Path", "$uri", "X-Original-URL", "http://elsewhere/", "Host", "auth.local",
                "X-User", "$remote_user"));
        String auth = "nginx.ingress.kubernetes.io/auth-url";
        String proxySetHeaders = "nginx.ingress.kubernetes.io/auth-proxy-set-headers";
        List<Ingress> ingresses = List.of(
                annotated(ingress("default", "named", "a.com", path("Prefix", "/", "a", 80)),
                        Map.of(auth, "http://auth.local/check", proxySetHeaders, "default/auth-fields")),
                annotated(ingress("default", "missing", "b.com", path("Prefix", "/", "b", 80)),
                        Map.of(auth, "http://auth.local/check", proxySetHeaders, "gone")),
                annotated(ingress("default", "elsewhere", "c.com", path("Prefix", "/", "c", 80)),
                        Map.of(auth, "http://auth.local/check", proxySetHeaders, "other/auth-fields")),
                annotated(ingress("default", "no-auth", "d.com", path("Prefix", "/", "d", 80)),
                        Map.of(proxySetHeaders, "auth-fields")));

        IngressTranslation.Result result = translate(ingresses, List.of(), List.of(fields), SETTINGS);

        assertThat(result.served()).extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrder("named", "missing", "elsewhere");
        assertThat(questionFields(result.table(), "a.com")).containsExactly(
                new HeaderEdits.Field("X-Client-Path", "$uri"), new HeaderEdits.Field("X-Tenant", "blue"));
        assertThat(questionFields(result.table(), "b.com")).isEmpty();
        assertThat(questionFields(result.table(), "c.com")).isEmpty();
        // Without auth-url, as its other companions, it refuses the Ingress rather than serve it unprotected.
        assertThat(result.table().virtualHost("d.com")).isEmpty();
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + " " + p.reason() + ": "
                + p.message()).containsExactlyInAnyOrder(
                        "auth-fields HeaderInvalid: auth-proxy-set-headers: Host is set by reseau or frames the"
                                + " message; not set",
                        "auth-fields HeaderInvalid: auth-proxy-set-headers: X-Original-URL is set by reseau on every"
                                + " question; not set",
                        "auth-fields HeaderInvalid: auth-proxy-set-headers: '$remote_user' in the value of X-User is"
                                + " not a variable reseau fills in (" + NginxVariables.FIELD_DESCRIPTION
                                + "); not set",
                        "missing AuthProxySetHeadersNotFound: auth-proxy-set-headers default/gone does not exist; its"
                                + " entries not used",
                        "elsewhere AuthProxySetHeadersInvalid: auth-proxy-set-headers other/auth-fields is in another"
                                + " namespace, which reseau does not allow; ignored",
                        "no-auth IngressRefused: auth-signin and the other auth-* annotations need auth-url: the"
                                + " Ingress is not served");
    }

    @Test
    void fastCgiParamsConfigMapSendsItsEntriesAsParametersAndReportsWhatItCannot() {
        ConfigMap params = configMap("default", "php", Map.of("SCRIPT_FILENAME", "/srv/www$fastcgi_script_name",
                "APP_ENV", "staging", "DOCUMENT_ROOT", "$document_root", "not-a-name", "x"));
        String configMap = "nginx.ingress.kubernetes.io/fastcgi-params-configmap";
        Map<String, String> fastCgi = Map.of("nginx.ingress.kubernetes.io/backend-protocol", "FCGI",
                "nginx.ingress.kubernetes.io/fastcgi-index", "index.php");
        List<Ingress> ingresses = List.of(
                annotated(ingress("default", "named", "a.com", path("Prefix", "/", "a", 80)),
                        with(fastCgi, configMap, "php")),
                annotated(ingress("default", "missing", "b.com", path("Prefix", "/", "b", 80)),
                        with(fastCgi, configMap, "gone")));

        IngressTranslation.Result result = translate(ingresses, List.of(), List.of(params), SETTINGS);

        RoutePolicy policy = result.table().virtualHost("a.com").orElseThrow().routes().getFirst().policy();
        assertThat(policy.backendProtocol()).contains(BackendProtocol.FCGI);
        assertThat(policy.fastCgi()).isEqualTo(new FastCgi("index.php", List.of(
                new HeaderEdits.Field("APP_ENV", "staging"),
                new HeaderEdits.Field("SCRIPT_FILENAME", "/srv/www$fastcgi_script_name"))));
        assertThat(result.table().virtualHost("b.com").orElseThrow().routes().getFirst().policy().fastCgi())
                .isEqualTo(new FastCgi("index.php", List.of()));
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + " " + p.reason() + ": "
                + p.message()).containsExactlyInAnyOrder(
                        "php FastCgiParamInvalid: fastcgi-params-configmap: '$document_root' in the value of"
                                + " DOCUMENT_ROOT is not a variable reseau fills in ("
                                + NginxVariables.FAST_CGI_DESCRIPTION + "); not sent",
                        "php FastCgiParamInvalid: fastcgi-params-configmap: 'not-a-name' is not a parameter name"
                                + " (letters, digits, _); not sent",
                        "missing FastCgiParamsNotFound: fastcgi-params-configmap default/gone does not exist; its"
                                + " entries not used");
        assertThat(IngressTranslation.namedConfigMaps(ingresses, SETTINGS)).containsExactly(
                new ObjectKey("default", "gone"), new ObjectKey("default", "php"));
    }

    private static Map<String, String> with(Map<String, String> annotations, String name, String value) {
        Map<String, String> more = new HashMap<>(annotations);
        more.put(name, value);
        return more;
    }

    @Test
    void theConfigMapsToWatchAreThoseIngressesNameInTheirOwnNamespace() {
        List<Ingress> ingresses = List.of(
                annotated(ingress("default", "a", "a.com", path("Prefix", "/", "a", 80)), Map.of(
                        "nginx.ingress.kubernetes.io/auth-proxy-set-headers", "auth-fields",
                        "nginx.ingress.kubernetes.io/custom-headers", "default/security")),
                annotated(ingress("team", "b", "b.com", path("Prefix", "/", "b", 80)), Map.of(
                        "reseau.io/auth-proxy-set-headers", "auth-fields",
                        "nginx.ingress.kubernetes.io/custom-headers", "default/security")),
                ingress("team", "c", "c.com", path("Prefix", "/", "c", 80)));

        assertThat(IngressTranslation.namedConfigMaps(ingresses, CUSTOM_HEADERS)).containsExactly(
                new ObjectKey("default", "auth-fields"), new ObjectKey("default", "security"),
                new ObjectKey("team", "auth-fields"));
        // custom-headers is not read without global-allowed-response-headers: its ConfigMap is not watched.
        assertThat(IngressTranslation.namedConfigMaps(ingresses, SETTINGS)).containsExactly(
                new ObjectKey("default", "auth-fields"), new ObjectKey("team", "auth-fields"));
    }

    @Test
    void basicAuthReadsItsUsersFromAnHtpasswdFileOrAMap() {
        Map<String, String> fileAuth = Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                "nginx.ingress.kubernetes.io/auth-secret", "htpasswd",
                "nginx.ingress.kubernetes.io/auth-realm", "Staff only");
        Map<String, String> mapAuth = Map.of("reseau.io/auth-type", "basic",
                "reseau.io/auth-secret", "default/users", "reseau.io/auth-secret-type", "auth-map");
        Secret htpasswd = opaqueSecret("default", "htpasswd", Map.of("auth", """
                # made with htpasswd
                alice:$apr1$8R.6b2mK$Qyv57xlDiDpizP.fSwacc1

                bob:$2y$05$54igfnmvgHpHn6.14VrMBe0rk/MdPiFLGv6Tehj1HQy.pFb.2RhWG
                carol:$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA
                no colon here
                """));
        Secret users = opaqueSecret("default", "users", Map.of("dave", "{SHA}YWXIkDPDfrJ6I4yV+0kqTJdT5SE="));

        IngressTranslation.Result result = translate(List.of(
                annotated(ingress("default", "file", "file.com", path("Prefix", "/", "a", 80)), fileAuth),
                annotated(ingress("default", "map", "map.com", path("Prefix", "/", "b", 80)), mapAuth)),
                List.of(htpasswd, users));

        BasicAuth file = result.table().virtualHost("file.com").flatMap(vh -> vh.route("/")).orElseThrow().policy()
                .basicAuth().orElseThrow();
        assertThat(file.realm()).isEqualTo("Staff only");
        assertThat(file.users()).containsOnlyKeys("alice", "bob");
        assertThat(result.table().virtualHost("map.com").flatMap(vh -> vh.route("/")).orElseThrow().policy()
                .basicAuth().orElseThrow().users()).containsOnlyKeys("dave");
        assertThat(result.problems()).extracting(p -> p.reason() + ": " + p.message()).containsExactlyInAnyOrder(
                "AuthSecretInvalid: auth-secret default/htpasswd the password hash of user 'carol' is in no format"
                        + " nginx accepts (bcrypt, $apr1$, $1$, $5$, $6$, {SHA}, {PLAIN}, crypt)",
                "AuthSecretInvalid: auth-secret default/htpasswd line 6 of 'auth' is not user:hash");
    }

    @Test
    void basicAuthWithoutItsSecretLetsNobodyInAndIsReported() {
        Map<String, String> missing = Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                "nginx.ingress.kubernetes.io/auth-secret", "missing");
        Map<String, String> elsewhere = Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                "nginx.ingress.kubernetes.io/auth-secret", "other/htpasswd");

        IngressTranslation.Result result = translate(List.of(
                annotated(ingress("default", "missing", "a.com", path("Prefix", "/", "a", 80)), missing),
                annotated(ingress("default", "elsewhere", "b.com", path("Prefix", "/", "b", 80)), elsewhere)),
                List.of(opaqueSecret("other", "htpasswd", Map.of("auth", "alice:{PLAIN}x"))));

        // Served, so that the paths answer 401 instead of falling to another Ingress's route.
        assertThat(result.served()).hasSize(2);
        for (String host : List.of("a.com", "b.com")) {
            assertThat(result.table().virtualHost(host).flatMap(vh -> vh.route("/")).orElseThrow().policy()
                    .basicAuth().orElseThrow().users()).isEmpty();
        }
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactlyInAnyOrder("missing:AuthSecretNotFound", "elsewhere:AuthSecretInvalid");
    }

    @Test
    void serverAliasesServeTheirHostUnlessAnIngressNamesThem() {
        Ingress main = created(annotated(ingress("default", "main", "foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/server-alias", "www.foo.com, bar.com,*.foo.org")),
                "2026-01-01T00:00:00Z");
        main = new IngressBuilder(main).editSpec().addNewTl().withHosts("foo.com").withSecretName("foo-tls")
                .endTl().endSpec().build();
        Ingress bar = created(ingress("default", "bar", "bar.com", path("Prefix", "/", "b", 80)),
                "2026-02-01T00:00:00Z");

        IngressTranslation.Result result = translate(List.of(main, bar),
                List.of(tlsSecret("default", "foo-tls", "chain", "key")));

        assertThat(serviceFor(result.table(), "www.foo.com", "/x")).isEqualTo("a");
        assertThat(serviceFor(result.table(), "api.foo.org", "/x")).isEqualTo("a");
        assertThat(serviceFor(result.table(), "bar.com", "/x")).isEqualTo("b");
        assertThat(result.table().virtualHost("www.foo.com").orElseThrow().tls()).isTrue();
        assertThat(result.table().certificate("www.foo.com")).map(TlsCertificate::secret).contains("default/foo-tls");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactly("main:ServerAliasConflict");
    }

    @Test
    void theDefaultSslCertificateServesOtherNamesAndTlsSectionsWithoutASecret() {
        Ingress own = new IngressBuilder(ingress("default", "own", "foo.com", path("Prefix", "/", "a", 80)))
                .editSpec().addNewTl().withHosts("foo.com").withSecretName("foo-tls").endTl().endSpec().build();
        Ingress secretless = new IngressBuilder(ingress("default", "secretless", "bar.com",
                path("Prefix", "/", "b", 80))).editSpec().addNewTl().withHosts("bar.com").endTl().endSpec().build();
        IngressTranslation.Settings withDefault = new IngressTranslation.Settings(SETTINGS.classes(),
                SETTINGS.defaults(), Optional.empty(), Set.of(),
                Optional.of(new ObjectKey("certs", "wildcard")), Set.of(), true, List.of(), Locality.UNKNOWN);
        List<Service> services = List.of(service("default", "a", 80), service("default", "b", 80));

        RoutingTable table = IngressTranslation.translate(List.of(own, secretless), List.of(ourClass(false)),
                services, List.of(), List.of(tlsSecret("default", "foo-tls", "chain", "key"),
                        tlsSecret("certs", "wildcard", "wildcard chain", "wildcard key")), List.of(), withDefault)
                .table();
        IngressTranslation.Result broken = IngressTranslation.translate(List.of(own), List.of(ourClass(false)),
                services, List.of(), List.of(tlsSecret("default", "foo-tls", "chain", "key"),
                        tlsSecret("certs", "wildcard", "", "")), List.of(), withDefault);

        assertThat(table.certificate("foo.com")).map(TlsCertificate::secret).contains("default/foo-tls");
        assertThat(table.certificate("bar.com")).map(TlsCertificate::secret).contains("certs/wildcard");
        assertThat(table.certificate("unknown.org")).map(TlsCertificate::secret).contains("certs/wildcard");
        assertThat(table.certificate(null)).map(TlsCertificate::secret).contains("certs/wildcard");
        assertThat(table.virtualHost("bar.com").orElseThrow().tls()).as("redirected to HTTPS").isTrue();
        assertThat(broken.table().certificate("unknown.org")).isEmpty();
        assertThat(broken.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.object().getMetadata().getName()).isEqualTo("wildcard");
            assertThat(problem.reason()).isEqualTo("TlsSecretInvalid");
        });
    }

    @Test
    void fromToWwwRedirectAddsTheCounterpartUnlessAnIngressHasIt() {
        Map<String, String> redirect = Map.of("nginx.ingress.kubernetes.io/from-to-www-redirect", "true");
        Ingress apex = annotated(ingress("default", "apex", "foo.com", path("Prefix", "/", "a", 80)), redirect);
        Ingress www = annotated(ingress("default", "www", "www.bar.com", path("Prefix", "/", "b", 80)), redirect);
        Ingress taken = annotated(ingress("default", "taken", "baz.com", path("Prefix", "/", "c", 80)), redirect);
        Ingress wwwBaz = ingress("default", "www-baz", "www.baz.com", path("Prefix", "/", "a", 80));

        IngressTranslation.Result result = translate(List.of(apex, www, taken, wwwBaz));

        assertThat(result.table().virtualHost("www.foo.com").orElseThrow().redirectTo()).contains("foo.com");
        assertThat(result.table().virtualHost("bar.com").orElseThrow().redirectTo()).contains("www.bar.com");
        assertThat(result.table().virtualHost("foo.com").orElseThrow().redirectTo()).isEmpty();
        assertThat(serviceFor(result.table(), "www.baz.com", "/")).isEqualTo("a");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactly("taken:WwwRedirectConflict");
    }

    @Test
    void sslPassthroughTakesTheBackendOfTheRootPathOfEachHost() {
        Map<String, String> passthrough = Map.of("nginx.ingress.kubernetes.io/ssl-passthrough", "true");
        Ingress argo = created(annotated(ingress("default", "argo", "argo.foo.com", path("Prefix", "/api", "a", 80),
                path("ImplementationSpecific", "/", "b", 80)), passthrough), "2026-01-01T00:00:00Z");
        Ingress later = created(annotated(ingress("default", "later", "argo.foo.com", path("Prefix", "/", "c", 80)),
                passthrough), "2026-02-01T00:00:00Z");
        Ingress noRoot = annotated(ingress("default", "no-root", "x.foo.com", path("Prefix", "/x", "a", 80)),
                passthrough);
        Ingress noHost = annotated(ingress("default", "no-host", null, path("Prefix", "/", "a", 80)), passthrough);
        Ingress plain = ingress("default", "plain", "plain.foo.com", path("Prefix", "/", "c", 80));
        Ingress missing = annotated(ingress("default", "missing", "gone.foo.com", path("Prefix", "/", "nothing", 80)),
                passthrough);

        IngressTranslation.Result result = translate(List.of(argo, later, noRoot, noHost, plain, missing));

        RoutingTable table = result.table();
        assertThat(table.passthrough("ARGO.foo.com")).map(route -> route.backend().service()).contains("b");
        assertThat(table.passthrough("argo.foo.com")).map(Route::ingress).contains("default/argo");
        assertThat(table.passthrough("x.foo.com")).isEmpty();
        assertThat(table.passthrough("plain.foo.com")).isEmpty();
        assertThat(table.passthrough("unknown.org")).isEmpty();
        // Plain HTTP to the host still takes its routes.
        assertThat(serviceFor(table, "argo.foo.com", "/api/v1")).isEqualTo("a");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactlyInAnyOrder("later:PassthroughConflict", "later:RouteConflict",
                        "no-root:PassthroughWithoutRootPath", "no-host:PassthroughWithoutHost",
                        "missing:ServiceNotFound");
        // A Service that cannot be resolved is reported once, not again for the passthrough.
        assertThat(table.passthrough("gone.foo.com")).map(route -> route.backend().endpoints()).contains(List.of());
    }

    @Test
    void clientCertificateAuthHoldsForTheHostsOfItsIngressAndAMissingAuthorityTrustsNobody() {
        Issued authority = Issued.authority("clients-ca");
        Ingress mtls = created(annotated(ingress("default", "mtls", "api.foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "clients-ca")), "2026-01-01T00:00:00Z");
        Ingress other = created(annotated(ingress("default", "other", "api.foo.com", path("Prefix", "/b", "b", 80)),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "other-ca")), "2026-02-01T00:00:00Z");
        Ingress missing = annotated(ingress("default", "missing", "x.foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "nothing-here"));

        IngressTranslation.Result result = translate(List.of(mtls, other, missing),
                List.of(opaqueSecret("default", "clients-ca", Map.of("ca.crt", authority.pem()))));

        ClientCertificateAuth api = result.table().virtualHost("api.foo.com").orElseThrow().clientCertificateAuth()
                .orElseThrow();
        assertThat(api.secret()).isEqualTo("default/clients-ca");
        assertThat(api.authorities()).containsExactly(authority.certificate());
        assertThat(result.table().asksForClientCertificate("api.foo.com")).isTrue();
        assertThat(result.table().virtualHost("x.foo.com").orElseThrow().clientCertificateAuth()
                .map(ClientCertificateAuth::authorities)).contains(List.of());
        assertThat(result.table().asksForClientCertificate("elsewhere.org")).isFalse();
        assertThat(serviceFor(result.table(), "api.foo.com", "/b")).isEqualTo("b");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactlyInAnyOrder("other:AuthTlsSecretInvalid", "other:AuthTlsConflict",
                        "missing:AuthTlsSecretInvalid");
    }

    @Test
    void sslCiphersHoldForTheHostsOfTheOldestIngressNamingThem() {
        Ingress legacy = created(annotated(ingress("default", "legacy", "old.foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA")),
                "2026-01-01T00:00:00Z");
        Ingress younger = created(annotated(ingress("default", "younger", "old.foo.com", path("Prefix", "/b", "b", 80)),
                Map.of("nginx.ingress.kubernetes.io/ssl-ciphers", "HIGH")), "2026-02-01T00:00:00Z");
        Ingress plain = ingress("default", "plain", "new.foo.com", path("Prefix", "/", "a", 80));

        IngressTranslation.Result result = translate(List.of(legacy, younger, plain), List.of());

        assertThat(result.table().cipherSuites("old.foo.com")).containsExactly(
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        assertThat(result.table().cipherSuites("new.foo.com")).isEmpty();
        assertThat(serviceFor(result.table(), "old.foo.com", "/b")).isEqualTo("b");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactly("younger:SslCiphersConflict");
    }

    @Test
    void sslPreferServerCiphersHoldsForTheHostsOfTheOldestIngressSayingIt() {
        Ingress legacy = created(annotated(ingress("default", "legacy", "old.foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers", "false")), "2026-01-01T00:00:00Z");
        Ingress younger = created(annotated(ingress("default", "younger", "old.foo.com", path("Prefix", "/b", "b", 80)),
                Map.of("reseau.io/ssl-prefer-server-ciphers", "true")), "2026-02-01T00:00:00Z");
        Ingress unreadable = annotated(ingress("default", "unreadable", "odd.foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers", "sometimes"));
        Ingress plain = ingress("default", "plain", "new.foo.com", path("Prefix", "/", "a", 80));

        IngressTranslation.Result result = translate(List.of(legacy, younger, unreadable, plain), List.of());

        assertThat(result.table().preferServerCiphers("old.foo.com")).contains(false);
        assertThat(result.table().preferServerCiphers("odd.foo.com")).isEmpty();
        assertThat(result.table().preferServerCiphers("new.foo.com")).isEmpty();
        assertThat(result.table().preferServerCiphers("elsewhere.org")).isEmpty();
        assertThat(serviceFor(result.table(), "old.foo.com", "/b")).isEqualTo("b");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactlyInAnyOrder("younger:SslPreferServerCiphersConflict", "unreadable:AnnotationInvalid");
    }

    @Test
    void clientCertificateAuthReadsRevocationListsAndOneThatCannotBeReadTrustsNobody() {
        Issued authority = Issued.authority("clients-ca");
        Ingress listed = annotated(ingress("default", "listed", "a.foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "with-lists"));
        Ingress broken = annotated(ingress("default", "broken", "b.foo.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "broken-lists"));

        IngressTranslation.Result result = translate(List.of(listed, broken), List.of(
                opaqueSecret("default", "with-lists", Map.of("ca.crt", authority.pem(),
                        "ca.crl", Issued.pem(authority.revocations(Instant.now().plus(Duration.ofDays(1)))))),
                opaqueSecret("default", "broken-lists", Map.of("ca.crt", authority.pem(), "ca.crl", "not a list"))));

        ClientCertificateAuth a = result.table().virtualHost("a.foo.com").orElseThrow().clientCertificateAuth()
                .orElseThrow();
        ClientCertificateAuth b = result.table().virtualHost("b.foo.com").orElseThrow().clientCertificateAuth()
                .orElseThrow();
        assertThat(a.revocations()).hasSize(1);
        assertThat(a.authorities()).containsExactly(authority.certificate());
        assertThat(b.authorities()).isEmpty();
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactly("broken:AuthTlsSecretInvalid");
    }

    @Test
    void theControllersDefaultBackendServesWhatNoRuleMatchesAndTheErrorPagesOfIngressesWithoutTheirOwn() {
        Ingress plain = ingress("default", "plain", "a.foo.com", path("Prefix", "/", "a", 80));
        Ingress ownPages = annotated(ingress("default", "own", "b.foo.com", path("Prefix", "/", "b", 80)), Map.of(
                "nginx.ingress.kubernetes.io/custom-http-errors", "404",
                "nginx.ingress.kubernetes.io/default-backend", "c"));
        Ingress ownStatuses = annotated(ingress("default", "statuses", "c.foo.com", path("Prefix", "/", "b", 80)),
                Map.of("nginx.ingress.kubernetes.io/custom-http-errors", "500"));
        List<Service> services = SERVICES.stream().map(name -> service("default", name, 80)).toList();
        List<EndpointSlice> slices = SERVICES.stream()
                .map(name -> slice("default", name, name + "-x", 8080, "10.42.0." + (SERVICES.indexOf(name) + 1)))
                .toList();
        IngressTranslation.Settings withDefault = new IngressTranslation.Settings(SETTINGS.classes(),
                SETTINGS.defaults(), Optional.of(new ObjectKey("default", "def")),
                Set.of(502, 503), Optional.empty(), Set.of(), true, List.of(), Locality.UNKNOWN);
        IngressTranslation.Settings withMissing = new IngressTranslation.Settings(SETTINGS.classes(),
                SETTINGS.defaults(), Optional.of(new ObjectKey("default", "gone")),
                Set.of(502), Optional.empty(), Set.of(), true, List.of(), Locality.UNKNOWN);

        IngressTranslation.Result result = IngressTranslation.translate(List.of(plain, ownPages, ownStatuses),
                List.of(ourClass(false)), services, slices, List.of(), List.of(), withDefault);
        IngressTranslation.Result missing = IngressTranslation.translate(List.of(plain), List.of(ourClass(false)),
                services, slices, List.of(), List.of(), withMissing);

        RoutingTable table = result.table();
        assertThat(table.defaultBackend()).map(route -> route.backend().service()).contains("def");
        assertThat(errorPages(table, "a.foo.com")).isEqualTo("def:[502, 503]");
        assertThat(errorPages(table, "b.foo.com")).isEqualTo("c:[404]");
        assertThat(errorPages(table, "c.foo.com")).isEqualTo("def:[500]");
        assertThat(result.problems()).isEmpty();
        assertThat(missing.table().defaultBackend()).isEmpty();
        assertThat(errorPages(missing.table(), "a.foo.com")).isEqualTo("none");
        assertThat(missing.problems()).isEmpty();
    }

    private static String errorPages(RoutingTable table, String host) {
        return table.virtualHost(host).orElseThrow().routes().getFirst().policy().customErrors()
                .map(errors -> errors.backend().service() + ":" + new java.util.TreeSet<>(errors.statuses()))
                .orElse("none");
    }

    @Test
    void customHttpErrorsNeedTheirDefaultBackend() {
        Ingress pages = annotated(ingress("default", "pages", "a.foo.com", path("Prefix", "/", "a", 80)), Map.of(
                "nginx.ingress.kubernetes.io/custom-http-errors", "404,502",
                "nginx.ingress.kubernetes.io/default-backend", "def"));
        Ingress alone = annotated(ingress("default", "alone", "b.foo.com", path("Prefix", "/", "b", 80)), Map.of(
                "nginx.ingress.kubernetes.io/custom-http-errors", "404"));
        Ingress gone = annotated(ingress("default", "gone", "c.foo.com", path("Prefix", "/", "c", 80)), Map.of(
                "nginx.ingress.kubernetes.io/custom-http-errors", "404",
                "nginx.ingress.kubernetes.io/default-backend", "no-such-service"));

        IngressTranslation.Result result = translate(List.of(pages, alone, gone));

        RoutePolicy.CustomErrors errors = result.table().virtualHost("a.foo.com").flatMap(vh -> vh.route("/"))
                .flatMap(route -> route.policy().customErrors()).orElseThrow();
        assertThat(errors.statuses()).containsExactlyInAnyOrder(404, 502);
        assertThat(errors.backend().service()).isEqualTo("def");
        assertThat(result.table().virtualHost("b.foo.com").flatMap(vh -> vh.route("/"))
                .flatMap(route -> route.policy().customErrors())).isEmpty();
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactlyInAnyOrder("alone:CustomErrorsWithoutBackend", "gone:CustomErrorsWithoutBackend");
    }

    @Test
    void aPermanentRedirectWinsOverATemporalOneAndABadTargetIsReported() {
        RoutingTable table = translate(List.of(
                annotated(ingress("default", "t", "t.com", path("Prefix", "/", "a", 80)),
                        Map.of("nginx.ingress.kubernetes.io/temporal-redirect", "https://elsewhere.example/")),
                annotated(ingress("default", "p", "p.com", path("Prefix", "/", "a", 80)),
                        Map.of("nginx.ingress.kubernetes.io/temporal-redirect", "https://elsewhere.example/",
                                "nginx.ingress.kubernetes.io/permanent-redirect", "https://moved.example/")))).table();
        IngressTranslation.Result bad = translate(List.of(annotated(ingress("default", "bad", "b.com",
                path("Prefix", "/", "a", 80)), Map.of("nginx.ingress.kubernetes.io/temporal-redirect",
                "https://x.example/\r\nSet-Cookie: a=b"))));

        assertThat(table.virtualHost("t.com").flatMap(vh -> vh.route("/")).orElseThrow().policy().redirect())
                .contains(new RoutePolicy.Redirect("https://elsewhere.example/", 302));
        assertThat(table.virtualHost("p.com").flatMap(vh -> vh.route("/")).orElseThrow().policy().redirect())
                .contains(new RoutePolicy.Redirect("https://moved.example/", 301));
        assertThat(bad.problems()).extracting(Problem::reason).containsExactly("AnnotationInvalid");
        assertThat(bad.table().virtualHost("b.com").flatMap(vh -> vh.route("/")).orElseThrow().policy()
                .redirect()).isEmpty();
    }

    @Test
    void serviceUpstreamProxiesToTheClusterIp() {
        Service withClusterIp = new ServiceBuilder(service("default", "a", 80)).editSpec().withClusterIP("10.96.0.7")
                .endSpec().build();
        List<Ingress> ingresses = List.of(
                annotated(ingress("default", "mesh", "mesh.com", path("Prefix", "/", "a", 80)),
                        Map.of("nginx.ingress.kubernetes.io/service-upstream", "true")),
                ingress("default", "plain", "plain.com", path("Prefix", "/", "a", 80)));

        RoutingTable table = IngressTranslation.translate(ingresses, List.of(ourClass(false)), List.of(withClusterIp),
                List.of(slice("default", "a", "a-x", 8080, "10.42.0.4")), List.of(), List.of(), SETTINGS).table();

        assertThat(table.virtualHost("mesh.com").flatMap(vh -> vh.route("/")).orElseThrow().backend().endpoints())
                .containsExactly(new InetSocketAddress("10.96.0.7", 80));
        assertThat(table.virtualHost("plain.com").flatMap(vh -> vh.route("/")).orElseThrow().backend().endpoints())
                .containsExactly(new InetSocketAddress("10.42.0.4", 8080));
    }

    @Test
    void anExternalNameServiceIsItsNameOnItsTargetPortOrTheIngressPortAndLocalhostIsRefused() {
        Service withPort = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("api")
                .endMetadata().withNewSpec().withType("ExternalName").withExternalName("api.example.com.")
                .addNewPort().withPort(80).withNewTargetPort(8443).withAppProtocol("https").endPort().endSpec()
                .build();
        Service portless = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("saas")
                .endMetadata().withNewSpec().withType("ExternalName").withExternalName("saas.example.org").endSpec()
                .build();
        Service itself = new ServiceBuilder(portless).editMetadata().withName("self").endMetadata().editSpec()
                .withExternalName("localhost").endSpec().build();
        List<Ingress> ingresses = List.of(ingress("default", "x", "foo.com", path("Prefix", "/api", "api", 80),
                path("Prefix", "/saas", "saas", 443), path("Prefix", "/self", "self", 80)));

        IngressTranslation.Result result = IngressTranslation.translate(ingresses, List.of(ourClass(false)),
                List.of(withPort, portless, itself), List.of(), List.of(), List.of(), SETTINGS);

        Route api = result.table().virtualHost("foo.com").flatMap(vh -> vh.route("/api")).orElseThrow();
        assertThat(api.backend().endpoints()).containsExactly(InetSocketAddress.createUnresolved("api.example.com",
                8443));
        assertThat(api.backend().protocol()).isEqualTo(BackendProtocol.HTTPS);
        assertThat(result.table().virtualHost("foo.com").flatMap(vh -> vh.route("/saas")).orElseThrow().backend()
                .endpoints()).containsExactly(InetSocketAddress.createUnresolved("saas.example.org", 443));
        assertThat(result.table().virtualHost("foo.com").flatMap(vh -> vh.route("/self")).orElseThrow().backend()
                .endpoints()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("ExternalNameRefused");
            assertThat(problem.message()).contains("default/self", "localhost");
        });
    }

    @Test
    void theDefaultBackendAnnotationServesWhileTheServiceHasNoEndpoint() {
        Map<String, String> fallback = Map.of("nginx.ingress.kubernetes.io/default-backend", "maintenance");
        List<Ingress> ingresses = List.of(
                annotated(ingress("default", "down", "down.com", path("Prefix", "/", "empty", 80)), fallback),
                annotated(ingress("default", "up", "up.com", path("Prefix", "/", "a", 80)), fallback));

        RoutingTable table = IngressTranslation.translate(ingresses, List.of(ourClass(false)),
                List.of(service("default", "empty", 80), service("default", "a", 80),
                        service("default", "maintenance", 8080)),
                List.of(slice("default", "a", "a-x", 8080, "10.42.0.1"),
                        slice("default", "maintenance", "m-x", 8080, "10.42.0.9")), List.of(), List.of(), SETTINGS)
                .table();

        assertThat(serviceFor(table, "down.com", "/")).isEqualTo("maintenance");
        assertThat(serviceFor(table, "up.com", "/")).isEqualTo("a");
    }

    @Test
    void defaultBackendServesUnmatchedPathsOfItsHostsAndUnknownHosts() {
        Ingress withDefault = new IngressBuilder(ingress("default", "d", "foo.com", path("Exact", "/x", "a", 80)))
                .editSpec().withNewDefaultBackend().withNewService().withName("def").withNewPort().withNumber(80)
                .endPort().endService().endDefaultBackend().endSpec().build();

        RoutingTable table = translate(List.of(withDefault)).table();

        assertThat(serviceFor(table, "foo.com", "/x")).isEqualTo("a");
        assertThat(serviceFor(table, "foo.com", "/y")).isEqualTo("def");
        assertThat(serviceFor(table, "unknown.org", "/")).isEqualTo("def");
    }

    @Test
    void withCatchAllsDisabledADefaultBackendServesOnlyItsOwnHostsAndIsReported() {
        Ingress withDefault = new IngressBuilder(ingress("default", "d", "foo.com", path("Exact", "/x", "a", 80)))
                .editSpec().withNewDefaultBackend().withNewService().withName("def").withNewPort().withNumber(80)
                .endPort().endService().endDefaultBackend().endSpec().build();
        IngressTranslation.Settings noCatchAll = new IngressTranslation.Settings(SETTINGS.classes(),
                SETTINGS.defaults(), Optional.empty(), Set.of(), Optional.empty(), Set.of(), false, List.of(),
                Locality.UNKNOWN);

        IngressTranslation.Result result = translate(List.of(withDefault), List.of(), List.of(), noCatchAll);

        assertThat(serviceFor(result.table(), "foo.com", "/x")).isEqualTo("a");
        assertThat(serviceFor(result.table(), "foo.com", "/y")).isEqualTo("def");
        assertThat(serviceFor(result.table(), "unknown.org", "/")).isEqualTo("404");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactly("d:CatchAllDisabled");
    }

    @Test
    void withoutClassIngressesOfNoClassAreServedThoughNoClassOfOursIsTheDefault() {
        Ingress classless = new IngressBuilder(ingress("default", "plain", "foo.com", path("Prefix", "/", "a", 80)))
                .editSpec().withIngressClassName(null).endSpec().build();
        IngressTranslation.Settings withoutClass = new IngressTranslation.Settings(new IngressClasses.Selection(
                SETTINGS.classes().controller(), SETTINGS.classes().legacyNames(), Set.of(), true),
                SETTINGS.defaults(), Optional.empty(), Set.of(), Optional.empty(), Set.of(), true, List.of(),
                Locality.UNKNOWN);

        assertThat(translate(List.of(classless)).served()).isEmpty();
        assertThat(serviceFor(translate(List.of(classless), List.of(), List.of(), withoutClass).table(), "foo.com",
                "/")).isEqualTo("a");
    }

    @Test
    void theOldestIngressesDefaultBackendHoldsForAHostAndAYoungerOneIsReported() {
        Ingress older = created(new IngressBuilder(ingress("default", "older", "foo.com", path("Exact", "/x", "a", 80)))
                .editSpec().withNewDefaultBackend().withNewService().withName("def").withNewPort().withNumber(80)
                .endPort().endService().endDefaultBackend().endSpec().build(), "2026-01-01T00:00:00Z");
        Ingress younger = created(new IngressBuilder(ingress("default", "younger", "foo.com",
                path("Exact", "/y", "b", 80))).editSpec().withNewDefaultBackend().withNewService().withName("c")
                .withNewPort().withNumber(80).endPort().endService().endDefaultBackend().endSpec().build(),
                "2026-02-01T00:00:00Z");

        IngressTranslation.Result result = translate(List.of(younger, older));

        assertThat(serviceFor(result.table(), "foo.com", "/z")).isEqualTo("def");
        assertThat(serviceFor(result.table(), "foo.com", "/y")).isEqualTo("b");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .contains("younger:DefaultBackendConflict");
    }

    @Test
    void aBrokenPathIsReportedAndTheRestServed() {
        IngressTranslation.Result result = translate(List.of(ingress("default", "x", "foo.com",
                path("Prefix", "no-slash", "a", 80), path("Prefix", "/ok", "b", 80))));

        assertThat(serviceFor(result.table(), "foo.com", "/ok")).isEqualTo("b");
        assertThat(result.problems()).extracting(Problem::reason).containsExactly("InvalidPath");
    }

    @Test
    void aMissingServiceKeepsItsRouteWithoutEndpoints() {
        IngressTranslation.Result result = translate(List.of(ingress("default", "x", "foo.com",
                path("Prefix", "/", "missing", 80))));

        Route route = result.table().virtualHost("foo.com").flatMap(vh -> vh.route("/")).orElseThrow();
        assertThat(route.backend().endpoints()).isEmpty();
        assertThat(result.problems()).extracting(Problem::reason).containsExactly("ServiceNotFound");
    }

    @Test
    void snippetsAndUnsupportedAccessControlRefuseTheIngressOthersAreOnlyReported() {
        Ingress snippet = annotated(ingress("default", "snippet", "a.com", path("Prefix", "/", "a", 80)),
                Map.of("nginx.ingress.kubernetes.io/configuration-snippet", "more_set_headers x;"));
        Ingress auth = annotated(ingress("default", "auth", "b.com", path("Prefix", "/", "b", 80)),
                Map.of("nginx.ingress.kubernetes.io/auth-tls-verify-client", "on"));
        Ingress unknown = annotated(ingress("default", "unknown", "c.com", path("Prefix", "/", "c", 80)),
                Map.of("nginx.ingress.kubernetes.io/http2-push-preload", "true", "example.com/other",
                        "ignored silently"));

        IngressTranslation.Result result = translate(List.of(snippet, auth, unknown));

        assertThat(serviceFor(result.table(), "a.com", "/")).isEqualTo("404");
        assertThat(serviceFor(result.table(), "b.com", "/")).isEqualTo("404");
        assertThat(serviceFor(result.table(), "c.com", "/")).isEqualTo("c");
        assertThat(result.problems()).extracting(p -> p.object().getMetadata().getName() + ":" + p.reason())
                .containsExactlyInAnyOrder("snippet:IngressRefused", "auth:IngressRefused",
                        "unknown:AnnotationUnsupported");
    }
}
