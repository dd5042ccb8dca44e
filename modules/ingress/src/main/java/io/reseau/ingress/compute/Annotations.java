package io.reseau.ingress.compute;

import io.reseau.ingress.model.CanaryRule;
import io.reseau.ingress.model.ClientCertificateAuth;
import io.reseau.ingress.model.ExternalAuth;
import io.reseau.ingress.model.FastCgi;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.LoadBalance;
import io.reseau.ingress.model.Mirror;
import io.reseau.ingress.model.RateLimit;
import io.reseau.ingress.model.ResponseRate;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.SourceAccess;
import io.reseau.ingress.model.TlsPolicy;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.model.UpstreamHash;
import io.reseau.ingress.model.UpstreamHttp;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Turns an Ingress's annotations into a typed {@link RoutePolicy}. Each annotation is read under our name
 * ({@code reseau.io/x}) and under ingress-nginx's ({@code nginx.ingress.kubernetes.io/x}); ours wins when both are
 * set. Three outcomes, so that nothing fails open:
 * <ul>
 * <li>a bad value of an ordinary annotation is reported and its default used;</li>
 * <li>a {@code *-snippet} (raw configuration, the root of ingress-nginx's CVEs), an access-control annotation we do
 * not implement (any {@code auth-*} but basic, external and client certificate authentication's,
 * {@code enable-modsecurity}, ...), basic authentication without its Secret, or an invalid {@code whitelist-source-range} or
 * {@code denylist-source-range} refuses the whole Ingress: serving it without the restriction would expose what its
 * author meant to protect;</li>
 * <li>any other unknown annotation under either prefix is reported and ignored.</li>
 * </ul>
 */
public final class Annotations {

    public static final String RESEAU = "reseau.io/";
    public static final String NGINX = "nginx.ingress.kubernetes.io/";

    /**
     * The result: a policy, or a refusal (why the Ingress must not be served); warnings in both cases.
     * {@code canary} is present when the Ingress is a canary ({@code canary: "true"}): its routes then shadow other
     * Ingresses' instead of being routes of their own.
     */
    public record Parsed(Optional<RoutePolicy> policy, Optional<String> refusal, List<Warning> warnings,
            boolean useRegex, Optional<CanaryRule> canary, Optional<BasicAuthAnnotations> basicAuth,
            Optional<String> defaultBackend, List<String> serverAliases, boolean wwwRedirect,
            boolean sslPassthrough, Optional<ClientCertificateAnnotations> clientCertificate,
            Optional<BackendTlsAnnotations> backendTls, Set<Integer> customErrors, boolean interceptBackendErrors,
            List<String> sslCiphers, Optional<Boolean> preferServerCiphers) {

        static Parsed refused(String refusal, List<Warning> warnings) {
            return new Parsed(Optional.empty(), Optional.of(refusal), warnings, false, Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(),
                    Set.of(), true, List.of(), Optional.empty());
        }
    }

    /**
     * {@code auth-type: basic} with its Secret ({@code auth-secret}: a name, or {@code namespace/name}), whether the
     * Secret is a map of users to hashes ({@code auth-secret-type: auth-map}) rather than an htpasswd file under
     * the key {@code auth} ({@code auth-file}, the default), and the realm ({@code auth-realm}).
     */
    public record BasicAuthAnnotations(String secret, boolean authMap, String realm) {
    }

    /**
     * {@code auth-tls-*}, client certificates: the Secret ({@code auth-tls-secret}: a name, or
     * {@code namespace/name}) holding the authorities under {@code ca.crt}, and how to judge requests.
     */
    public record ClientCertificateAnnotations(String secret, ClientCertificateAuth.Verify verify, int depth,
            Optional<String> errorPage, boolean passCertificate, Optional<Pattern> matchSubject) {
    }

    /**
     * {@code proxy-ssl-secret} (a name, or {@code namespace/name}): its {@code tls.crt} and {@code tls.key} presented
     * to backends and, with {@code proxy-ssl-verify: "on"} ({@code verify}), its {@code ca.crt} the authorities the
     * backends' certificates must lead to; the name to check ({@code proxy-ssl-name}; empty: the Service's DNS
     * name) and the TLS versions offered.
     */
    public record BackendTlsAnnotations(String secret, boolean verify, Optional<String> name, boolean serverName,
            int depth, TlsPolicy policy) {
    }

    /** Client certificate authentication's annotations. */
    private static final Set<String> CLIENT_CERTIFICATE_AUTH = Set.of("auth-tls-secret", "auth-tls-verify-client",
            "auth-tls-verify-depth", "auth-tls-error-page", "auth-tls-pass-certificate-to-upstream",
            "auth-tls-match-cn");

    /** Basic authentication's annotations. */
    private static final Set<String> BASIC_AUTH = Set.of("auth-type", "auth-secret", "auth-secret-type", "auth-realm");

    /**
     * External authentication's annotations ({@code auth-url} and its companions; the translation reads
     * {@code auth-proxy-set-headers}' ConfigMap).
     */
    private static final Set<String> EXTERNAL_AUTH = Set.of("auth-url", "auth-method", "auth-signin",
            "auth-signin-redirect-param", "auth-response-headers", "auth-request-redirect", "auth-cache-key",
            "auth-cache-duration", "auth-proxy-set-headers");

    /**
     * Annotations of external authentication that only tune keep-alive to the service, which reseau always keeps (the
     * connections of its auth client are pooled): they pass quietly. Any other unknown {@code auth-*} refuses the
     * Ingress.
     */
    private static final Set<String> EXTERNAL_AUTH_KEEPALIVE = Set.of("auth-keepalive", "auth-keepalive-requests",
            "auth-keepalive-timeout", "auth-keepalive-share-vars");

    private static final Set<String> KNOWN = Set.of("rewrite-target", "use-regex", "ssl-redirect", "force-ssl-redirect",
            "preserve-trailing-slash", "proxy-http-version", "connection-proxy-header",
            "backend-protocol", "proxy-body-size", "proxy-buffer-size", "proxy-connect-timeout", "proxy-read-timeout",
            "proxy-send-timeout",
            "whitelist-source-range", "allowlist-source-range", "denylist-source-range", "satisfy", "permanent-redirect",
            "permanent-redirect-code",
            "temporal-redirect", "temporal-redirect-code", "server-alias", "app-root", "enable-cors",
            "cors-allow-origin", "cors-allow-methods", "cors-allow-headers", "cors-expose-headers",
            "cors-allow-credentials", "cors-max-age", "enable-access-log", "enable-rewrite-log", "mirror-target",
            "mirror-host",
            "mirror-request-body",
            "auth-always-set-cookie", "affinity", "affinity-mode", "session-cookie-name", "session-cookie-path",
            "session-cookie-max-age", "session-cookie-expires", "session-cookie-secure", "session-cookie-samesite",
            "session-cookie-change-on-failure", "session-cookie-domain", "session-cookie-conditional-samesite-none",
            "canary", "canary-by-header", "affinity-canary-behavior",
            "canary-by-header-value",
            "canary-by-header-pattern", "canary-by-cookie", "canary-weight", "canary-weight-total", "limit-connections",
            "limit-rps", "limit-rpm", "limit-burst-multiplier", "limit-whitelist", "limit-allowlist", "limit-rate",
            "limit-rate-after", "upstream-vhost",
            "x-forwarded-prefix", "service-upstream", "from-to-www-redirect", "upstream-hash-by",
            "upstream-hash-by-subset", "upstream-hash-by-subset-size",
            "load-balance", "proxy-next-upstream", "proxy-next-upstream-tries", "proxy-next-upstream-timeout",
            "default-backend", "request-headers",
            "response-headers", "ssl-passthrough", "proxy-ssl-verify", "proxy-ssl-secret", "proxy-ssl-name",
            "proxy-ssl-server-name", "proxy-ssl-protocols", "proxy-ssl-ciphers", "proxy-ssl-verify-depth",
            "ssl-ciphers", "ssl-prefer-server-ciphers", "custom-http-errors",
            "proxy-redirect-from", "proxy-redirect-to", "proxy-cookie-domain", "proxy-cookie-path",
            "enable-global-auth", "custom-headers", "proxy-request-buffering", "client-body-buffer-size",
            "proxy-buffering", "proxy-max-temp-file-size", "proxy-buffers-number",
            "enable-opentelemetry", "opentelemetry-trust-incoming-span", "opentelemetry-operation-name",
            "disable-proxy-intercept-errors", "fastcgi-index", "fastcgi-params-configmap");

    /** The snippets that apply to an Ingress's routes, which reseau's field annotations can stand for. */
    private static final Set<String> SNIPPETS_OF_ROUTES = Set.of("configuration-snippet", "server-snippet");

    private static final Set<String> RESTRICTING = Set.of("enable-modsecurity",
            "enable-owasp-core-rules", "modsecurity-transaction-id");

    /**
     * An annotation the Ingress is served without, as an Event's reason and message: one whose value reseau cannot
     * use ({@link #INVALID}: the author asked for something the Ingress will not do; the admission webhook refuses
     * it), or one reseau does not implement ({@link #UNSUPPORTED}: served as if it were absent).
     */
    public record Warning(String reason, String text) {

        public static final String INVALID = "AnnotationInvalid";
        public static final String UNSUPPORTED = "AnnotationUnsupported";
    }

    /**
     * A problem with an annotation and what reseau does instead ({@code ignored}, {@code using the default}; empty
     * when the problem says it): apart, so that the controller's settings, read as annotations, can stop the start
     * with the problem alone.
     */
    private record Flaw(String reason, String problem, String consequence) {

        Warning warning() {
            return new Warning(reason, consequence.isEmpty() ? problem : problem + "; " + consequence);
        }
    }

    private final Map<String, String> annotations;
    private final List<Flaw> flaws = new ArrayList<>();

    private Annotations(Map<String, String> annotations) {
        this.annotations = annotations == null ? Map.of() : annotations;
    }

    public static Parsed parse(Map<String, String> annotations, RoutePolicy defaults) {
        return new Annotations(annotations).parse(defaults);
    }

    /** Whether the annotations make a canary Ingress ({@code canary: "true"}). */
    public static boolean canary(Map<String, String> annotations) {
        return new Annotations(annotations).value("canary").map("true"::equalsIgnoreCase).orElse(false);
    }

    /** The ConfigMap {@code custom-headers} names, as written, if any (the translation reads it). */
    static Optional<String> customHeaders(Map<String, String> annotations) {
        return reference(annotations, "custom-headers");
    }

    /** The ConfigMap {@code fastcgi-params-configmap} names, as written, if any (the translation reads it). */
    static Optional<String> fastCgiParams(Map<String, String> annotations) {
        return reference(annotations, "fastcgi-params-configmap");
    }

    /** The ConfigMap {@code auth-proxy-set-headers} names, as written, if any (the translation reads it). */
    static Optional<String> authProxySetHeaders(Map<String, String> annotations) {
        return reference(annotations, "auth-proxy-set-headers");
    }

    /** What the annotation {@code name} names (an object, {@code name} or {@code namespace/name}), unless empty. */
    private static Optional<String> reference(Map<String, String> annotations, String name) {
        return new Annotations(annotations).value(name).filter(reference -> !reference.isEmpty());
    }

    private Parsed parse(RoutePolicy defaults) {
        Optional<String> refusal = refusal();
        if (refusal.isPresent()) {
            return Parsed.refused(refusal.get(), warnings());
        }
        Optional<BasicAuthAnnotations> basicAuth;
        Optional<ExternalAuth> externalAuth;
        Optional<ClientCertificateAnnotations> clientCertificate;
        Optional<BackendTlsAnnotations> backendTls;
        try {
            basicAuth = basicAuth();
            externalAuth = externalAuth();
            clientCertificate = clientCertificate();
            backendTls = backendTls();
        } catch (IllegalArgumentException e) {
            return Parsed.refused(e.getMessage(), warnings());
        }
        if (basicAuth.isPresent() && externalAuth.isPresent()) {
            return Parsed.refused("auth-type and auth-url together are not supported",
                    warnings());
        }
        if (externalAuth.isEmpty() && defaults.externalAuth().isPresent() && flag("enable-global-auth", true)) {
            if (basicAuth.isPresent()) {
                unsupported("global-auth-url is not applied: the Ingress has its own auth-type basic, and reseau does"
                        + " not ask both", "");
            } else {
                externalAuth = defaults.externalAuth();
            }
        }
        SourceAccess sources;
        try {
            // Each list the Ingress does not give is the controller's (ingress-nginx's ConfigMap keys).
            sources = new SourceAccess(value("whitelist-source-range").or(() -> value("allowlist-source-range"))
                    .map(AnnotationValues::ranges).orElse(defaults.sources().allowed()),
                    value("denylist-source-range").map(AnnotationValues::ranges).orElse(defaults.sources().denied()),
                    satisfyAny());
        } catch (IllegalArgumentException e) {
            return Parsed.refused("whitelist-source-range, denylist-source-range or satisfy: " + e.getMessage(),
                    warnings());
        }
        Optional<String> rewriteTarget = value("rewrite-target");
        boolean useRegex = flag("use-regex", false) || rewriteTarget.isPresent();
        RoutePolicy policy = new RoutePolicy(
                rewriteTarget,
                new RoutePolicy.HttpsRedirect(flag("ssl-redirect", defaults.httpsRedirect().whenTls()),
                        flag("force-ssl-redirect", defaults.httpsRedirect().forced()),
                        flag("preserve-trailing-slash", defaults.httpsRedirect().preserveTrailingSlash())),
                typed("backend-protocol", AnnotationValues::protocol).or(defaults::backendProtocol),
                typed("proxy-body-size", AnnotationValues::size).orElse(defaults.maxBodyBytes()),
                typed("proxy-connect-timeout", AnnotationValues::seconds).orElse(defaults.connectTimeout()),
                typed("proxy-read-timeout", AnnotationValues::seconds).orElse(defaults.readTimeout()),
                typed("proxy-send-timeout", AnnotationValues::seconds).orElse(defaults.sendTimeout()),
                sources,
                redirect(),
                value("app-root"),
                flag("enable-cors", false) ? Optional.of(cors()) : Optional.empty(),
                affinity(),
                Optional.empty(),
                rateLimit(),
                externalAuth,
                typed("upstream-vhost", AnnotationValues::hostField),
                typed("x-forwarded-prefix", AnnotationValues::fieldValue),
                flag("service-upstream", defaults.serviceUpstream()),
                upstreamHash(),
                typed("load-balance", LoadBalance::parse).orElse(defaults.loadBalance()),
                nextUpstream(defaults.nextUpstream()),
                headerEdits(defaults.headers()),
                Optional.empty(),
                Optional.empty(),
                flag("enable-access-log", true),
                flag("enable-rewrite-log", false),
                mirror(),
                responseRate(defaults.responseRate()),
                maxResponseHead(defaults.maxResponseHead()),
                typed("proxy-request-buffering", AnnotationValues::onOff).orElse(defaults.requestBuffering()),
                typed("client-body-buffer-size", AnnotationValues::bodyMemorySize).orElse(defaults.bodyMemoryBytes()),
                responseBuffering(defaults.responseBuffering()),
                new Tracing(flag("enable-opentelemetry", defaults.tracing().enabled()),
                        flag("opentelemetry-trust-incoming-span", defaults.tracing().trustIncomingSpan()),
                        typed("opentelemetry-operation-name", AnnotationValues::operationName)
                                .or(() -> defaults.tracing().operationName())),
                new UpstreamHttp(typed("proxy-http-version", AnnotationValues::http10).orElse(false),
                        typed("connection-proxy-header", AnnotationValues::connectionOptions)),
                new FastCgi(typed("fastcgi-index", AnnotationValues::fileName).orElse(""), List.of()));
        Optional<CanaryRule> canary = flag("canary", false) ? Optional.of(canary()) : Optional.empty();
        List<String> aliases = serverAliases();
        boolean fromToWww = flag("from-to-www-redirect", false);
        boolean passthrough = flag("ssl-passthrough", false);
        Set<Integer> customErrors = typed("custom-http-errors", AnnotationValues::statuses).orElse(Set.of());
        boolean interceptBackendErrors = !flag("disable-proxy-intercept-errors", false);
        List<String> sslCiphers = TlsParameters.cipherSuites("ssl-ciphers", value("ssl-ciphers").orElse(""),
                problem -> warn(problem, ""));
        Optional<Boolean> preferServerCiphers = typed("ssl-prefer-server-ciphers", AnnotationValues::bool);
        // Every annotation read, so every warning made.
        return new Parsed(Optional.of(policy), Optional.empty(), warnings(), useRegex, canary, basicAuth,
                value("default-backend").filter(name -> !name.isEmpty()), aliases, fromToWww, passthrough,
                clientCertificate, backendTls, customErrors, interceptBackendErrors, sslCiphers, preferServerCiphers);
    }

    /** A value reseau cannot use. */
    private void warn(String problem, String consequence) {
        flaws.add(new Flaw(Warning.INVALID, problem, consequence));
    }

    /** Something reseau does not do, the rest of the Ingress being served. */
    private void unsupported(String problem, String consequence) {
        flaws.add(new Flaw(Warning.UNSUPPORTED, problem, consequence));
    }

    /**
     * For the controller's settings read as annotations: an annotation's problem is reported and its part left out, a
     * setting's stops the start instead.
     */
    private void failOnFlaws() {
        if (!flaws.isEmpty()) {
            throw new IllegalArgumentException(flaws.stream().map(Flaw::problem).collect(Collectors.joining("; ")));
        }
    }

    private List<Warning> warnings() {
        return flaws.stream().map(Flaw::warning).toList();
    }

    private Optional<String> refusal() {
        for (String key : annotations.keySet()) {
            Optional<String> name = ourName(key);
            if (name.isEmpty()) {
                continue;
            }
            String suffix = name.get();
            if (suffix.endsWith("-snippet")) {
                Optional<String> replacement = SNIPPETS_OF_ROUTES.contains(suffix)
                        ? SnippetFields.replacement(annotations.get(key)) : Optional.empty();
                return Optional.of(key + ": configuration snippets are never accepted" + replacement
                        .map(annotation -> "; this one only sets fields: write " + annotation + " instead")
                        .orElse(""));
            }
            boolean accepted = accepted(suffix);
            if ((suffix.startsWith("auth-") && !accepted) || RESTRICTING.contains(suffix)) {
                return Optional.of(key + " restricts access and is not supported");
            }
            if (!accepted) {
                unsupported(key + " is not supported", "ignored");
            }
        }
        return Optional.empty();
    }

    /** Whether an annotation (its name without prefix) is one reseau reads or passes quietly. */
    private static boolean accepted(String suffix) {
        return KNOWN.contains(suffix) || BASIC_AUTH.contains(suffix) || EXTERNAL_AUTH.contains(suffix)
                || EXTERNAL_AUTH_KEEPALIVE.contains(suffix) || CLIENT_CERTIFICATE_AUTH.contains(suffix);
    }

    private static Optional<String> ourName(String key) {
        if (key.startsWith(RESEAU)) {
            return Optional.of(key.substring(RESEAU.length()));
        }
        if (key.startsWith(NGINX)) {
            return Optional.of(key.substring(NGINX.length()));
        }
        return Optional.empty();
    }

    private Optional<String> value(String name) {
        String ours = annotations.get(RESEAU + name);
        return Optional.ofNullable(ours != null ? ours : annotations.get(NGINX + name)).map(String::strip);
    }

    private boolean flag(String name, boolean fallback) {
        return typed(name, AnnotationValues::bool).orElse(fallback);
    }

    private <T> Optional<T> typed(String name, Function<String, T> parser) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text.get()));
        } catch (IllegalArgumentException e) {
            warn(name + ": " + e.getMessage(), "using the default");
            return Optional.empty();
        }
    }

    /** {@code upstream-hash-by} with {@code upstream-hash-by-subset} and its size (3 by default). */
    private Optional<UpstreamHash> upstreamHash() {
        Optional<String> key = typed("upstream-hash-by", AnnotationValues::hashKey);
        boolean subsets = flag("upstream-hash-by-subset", false);
        int size = typed("upstream-hash-by-subset-size", AnnotationValues::positive).orElse(3);
        return key.map(text -> new UpstreamHash(text, subsets ? size : 0));
    }

    private RoutePolicy.Cors cors() {
        return new RoutePolicy.Cors(
                value("cors-allow-origin").orElse("*"),
                value("cors-allow-methods").orElse("GET, PUT, POST, DELETE, PATCH, OPTIONS"),
                value("cors-allow-headers").orElse("DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,"
                        + "Cache-Control,Content-Type,Range,Authorization"),
                typed("cors-expose-headers", AnnotationValues::fieldValue).orElse(""),
                flag("cors-allow-credentials", true),
                typed("cors-max-age", Long::parseLong).orElse(1_728_000L));
    }

    /**
     * Basic authentication, or none when no {@code auth-*} annotation is set. Anything else that asks for
     * authentication (another type, no Secret, an unknown Secret type) throws: the Ingress is refused rather than
     * served unprotected.
     */
    private Optional<BasicAuthAnnotations> basicAuth() {
        if (BASIC_AUTH.stream().allMatch(name -> value(name).isEmpty())) {
            return Optional.empty();
        }
        String type = value("auth-type").orElse("");
        if (!type.equals("basic")) {
            throw new IllegalArgumentException("auth-type '" + type + "' is not supported (basic is)");
        }
        String secret = value("auth-secret").filter(name -> !name.isEmpty()).orElseThrow(
                () -> new IllegalArgumentException("auth-type basic needs auth-secret"));
        String secretType = value("auth-secret-type").orElse("auth-file");
        if (!secretType.equals("auth-file") && !secretType.equals("auth-map")) {
            throw new IllegalArgumentException("auth-secret-type '" + secretType + "' is not auth-file or auth-map");
        }
        return Optional.of(new BasicAuthAnnotations(secret, secretType.equals("auth-map"),
                value("auth-realm").map(realm -> realm.replaceAll("\\p{Cntrl}", " ")).filter(realm -> !realm.isBlank())
                        .orElse("Authentication Required")));
    }

    /**
     * Client certificate authentication, or none when no {@code auth-tls-*} annotation is set or
     * {@code auth-tls-verify-client} is {@code off}. Anything that asks for it but cannot be followed (no Secret, a
     * verification mode, depth or subject pattern reseau cannot read) throws: the Ingress is refused rather than
     * served unprotected.
     */
    private Optional<ClientCertificateAnnotations> clientCertificate() {
        if (CLIENT_CERTIFICATE_AUTH.stream().allMatch(name -> value(name).isEmpty())) {
            return Optional.empty();
        }
        String mode = value("auth-tls-verify-client").orElse("on");
        ClientCertificateAuth.Verify verify = switch (mode) {
            case "off" -> null;
            case "on" -> ClientCertificateAuth.Verify.ON;
            case "optional" -> ClientCertificateAuth.Verify.OPTIONAL;
            case "optional_no_ca" -> ClientCertificateAuth.Verify.OPTIONAL_NO_CA;
            default -> throw new IllegalArgumentException("auth-tls-verify-client '" + mode + "' is not on, off,"
                    + " optional or optional_no_ca");
        };
        if (verify == null) {
            return Optional.empty();
        }
        String secret = value("auth-tls-secret").filter(name -> !name.isEmpty()).orElseThrow(
                () -> new IllegalArgumentException("auth-tls-* needs auth-tls-secret"));
        int depth = verifyDepth("auth-tls-verify-depth");
        Optional<Pattern> subject;
        try {
            subject = value("auth-tls-match-cn").map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("auth-tls-match-cn cannot be read (" + e.getMessage() + ")");
        }
        return Optional.of(new ClientCertificateAnnotations(secret, verify, depth,
                typed("auth-tls-error-page", AnnotationValues::location),
                flag("auth-tls-pass-certificate-to-upstream", false), subject));
    }

    /**
     * Checking backends' certificates, or none without {@code proxy-ssl-verify: "on"}. Asked for without its Secret,
     * it throws: the Ingress is refused rather than served without the check. Versions other than TLS 1.2 and 1.3,
     * and cipher list entries that name no suite, are reported and left out ({@link TlsParameters}).
     */
    private Optional<BackendTlsAnnotations> backendTls() {
        boolean verify = value("proxy-ssl-verify").map("on"::equals).orElse(false);
        Optional<String> named = value("proxy-ssl-secret").filter(name -> !name.isEmpty());
        if (named.isEmpty() && !verify) {
            return Optional.empty();
        }
        String secret = named.orElseThrow(
                () -> new IllegalArgumentException("proxy-ssl-verify needs proxy-ssl-secret (its ca.crt)"));
        TlsPolicy policy = new TlsPolicy(
                TlsParameters.protocols("proxy-ssl-protocols", value("proxy-ssl-protocols").orElse(""),
                        problem -> warn(problem, "")),
                TlsParameters.cipherSuites("proxy-ssl-ciphers", value("proxy-ssl-ciphers").orElse(""),
                        problem -> warn(problem, "")));
        return Optional.of(new BackendTlsAnnotations(secret, verify,
                typed("proxy-ssl-name", AnnotationValues::hostField),
                typed("proxy-ssl-server-name", AnnotationValues::onOff).orElse(true),
                verifyDepth("proxy-ssl-verify-depth"), policy));
    }

    /**
     * A verify depth ({@code auth-tls-verify-depth}, {@code proxy-ssl-verify-depth}): how many certificates a chain
     * may have below its authority, 1 unless set (nginx's default). One that is not a number of 1 or more refuses
     * the Ingress: serving it would check certificates otherwise than its author meant.
     */
    private int verifyDepth(String name) {
        int depth;
        try {
            depth = value(name).map(Integer::parseInt).orElse(1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " cannot be read (" + e.getMessage() + ")");
        }
        if (depth < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more");
        }
        return depth;
    }

    /** {@code permanent-redirect} (301 by default), else {@code temporal-redirect} (302 by default). */
    private Optional<RoutePolicy.Redirect> redirect() {
        Optional<String> permanent = typed("permanent-redirect", AnnotationValues::location);
        if (permanent.isPresent()) {
            return Optional.of(new RoutePolicy.Redirect(permanent.get(),
                    typed("permanent-redirect-code", AnnotationValues::redirectCode).orElse(301)));
        }
        return typed("temporal-redirect", AnnotationValues::location).map(location -> new RoutePolicy.Redirect(location,
                typed("temporal-redirect-code", AnnotationValues::redirectCode).orElse(302)));
    }

    /**
     * {@code satisfy}: {@code all} (nginx's default: the source ranges and the authentication) or {@code any} (either);
     * another value throws, refusing the Ingress rather than guessing which access it meant.
     */
    private boolean satisfyAny() {
        String satisfy = value("satisfy").orElse("all");
        if (!satisfy.equals("all") && !satisfy.equals("any")) {
            throw new IllegalArgumentException("satisfy '" + satisfy + "' is not all or any");
        }
        return satisfy.equals("any");
    }

    /** {@code server-alias}: more host names served like the Ingress's own (comma-separated). */
    private List<String> serverAliases() {
        return value("server-alias").stream().flatMap(text -> Arrays.stream(text.split(","))).map(String::strip)
                .filter(alias -> !alias.isEmpty()).toList();
    }

    private Optional<HeaderEdits> headerEdits(Optional<HeaderEdits> global) {
        List<HeaderEdits.Field> request = withGlobal(global.map(HeaderEdits::request),
                typed("request-headers", Annotations::fields).orElse(List.of()));
        List<HeaderEdits.Field> response = withGlobal(global.map(HeaderEdits::response),
                typed("response-headers", Annotations::fields).orElse(List.of()));
        // Each rewrite the Ingress does not give (or turns off) is the controller's.
        Optional<HeaderEdits.Rewrite> location = value("proxy-redirect-from").isPresent()
                || value("proxy-redirect-to").isPresent() ? locationRewrite() : global.flatMap(HeaderEdits::location);
        Optional<HeaderEdits.Rewrite> cookieDomain = typed("proxy-cookie-domain", Annotations::rewrite)
                .orElse(global.flatMap(HeaderEdits::cookieDomain));
        Optional<HeaderEdits.Rewrite> cookiePath = typed("proxy-cookie-path", Annotations::rewrite)
                .orElse(global.flatMap(HeaderEdits::cookiePath));
        HeaderEdits edits = new HeaderEdits(request, response, location, cookieDomain, cookiePath);
        return request.isEmpty() && response.isEmpty() && !edits.rewritesResponses() ? Optional.empty()
                : Optional.of(edits);
    }

    /** {@code proxy-redirect-from} with {@code proxy-redirect-to}; {@code off}: none. */
    private Optional<HeaderEdits.Rewrite> locationRewrite() {
        if (value("proxy-redirect-from").isEmpty() || value("proxy-redirect-to").isEmpty()) {
            warn("proxy-redirect-from and proxy-redirect-to go together", "ignored");
            return Optional.empty();
        }
        if (value("proxy-redirect-from").filter("default"::equals).isPresent()) {
            warn("proxy-redirect-from: default (nginx's own rewriting) is not supported", "ignored");
            return Optional.empty();
        }
        return typed("proxy-redirect-from", AnnotationValues::fieldValue).filter(from -> !from.equals("off"))
                .flatMap(from -> typed("proxy-redirect-to", AnnotationValues::fieldValue)
                        .map(to -> new HeaderEdits.Rewrite(from, to)));
    }

    /**
     * The fields of a wider scope ({@code proxy-set-headers}, {@code add-headers}, then {@code custom-headers}) that
     * the narrower one does not set, then its own.
     */
    static List<HeaderEdits.Field> withGlobal(Optional<List<HeaderEdits.Field>> global,
            List<HeaderEdits.Field> own) {
        if (global.isEmpty() || global.get().isEmpty()) {
            return own;
        }
        Set<String> named = new HashSet<>();
        own.forEach(field -> named.add(field.name().toLowerCase(Locale.ROOT)));
        List<HeaderEdits.Field> fields = new ArrayList<>();
        global.get().stream().filter(field -> !named.contains(field.name().toLowerCase(Locale.ROOT)))
                .forEach(fields::add);
        fields.addAll(own);
        return fields;
    }

    /** {@code from to}, as nginx's {@code proxy_cookie_*}; {@code off}: none. Regular expressions are not read. */
    static Optional<HeaderEdits.Rewrite> rewrite(String text) {
        if (text.equals("off")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\s+");
        if (parts.length != 2 || parts[0].startsWith("~")) {
            throw new IllegalArgumentException("'" + text + "' is not 'from to' (regular expressions are not"
                    + " supported)");
        }
        return Optional.of(new HeaderEdits.Rewrite(AnnotationValues.fieldValue(parts[0]),
                AnnotationValues.fieldValue(parts[1])));
    }

    /** {@code Name: value} lines (a YAML block); a reserved name or a malformed line rejects the whole list. */
    static List<HeaderEdits.Field> fields(String text) {
        List<HeaderEdits.Field> fields = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + line.strip() + "' is not a 'Name: value' line");
            }
            fields.add(AnnotationValues.field(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return fields;
    }

    /**
     * {@code proxy-next-upstream} (nginx's conditions), {@code proxy-next-upstream-tries} (0: every endpoint once)
     * and {@code proxy-next-upstream-timeout} (0: no limit); each one not given is the controller's
     * ({@code fallback}: {@code error timeout} unless configured). An unknown condition is reported and skipped.
     */
    private NextUpstream nextUpstream(NextUpstream fallback) {
        Optional<Integer> tries = typed("proxy-next-upstream-tries",
                text -> AnnotationValues.tries(AnnotationValues.count(text))).or(fallback::attempts);
        Optional<Duration> within = typed("proxy-next-upstream-timeout",
                text -> text.strip().matches("0s?") ? Duration.ZERO : AnnotationValues.seconds(text))
                .or(fallback::within).filter(time -> !time.isZero());
        Optional<String> conditions = value("proxy-next-upstream");
        if (conditions.isEmpty()) {
            return fallback.limitedTo(tries, within);
        }
        boolean onError = false;
        boolean onTimeout = false;
        boolean nonIdempotent = false;
        Set<Integer> statuses = new java.util.TreeSet<>();
        for (String condition : conditions.get().strip().split("\\s+")) {
            switch (condition) {
                case "off" -> {
                    return NextUpstream.OFF;
                }
                case "error", "invalid_header" -> onError = true;
                case "timeout" -> onTimeout = true;
                case "non_idempotent" -> nonIdempotent = true;
                default -> {
                    Optional<Integer> status = condition.startsWith("http_")
                            ? Optional.of(condition.substring(5)).filter(code -> code.matches("[0-9]{3}"))
                                    .map(Integer::parseInt).filter(NextUpstream.STATUSES::contains)
                            : Optional.empty();
                    status.ifPresentOrElse(statuses::add, () -> warn("proxy-next-upstream: " + condition
                            + " is not a condition (error, timeout, invalid_header, http_500, http_502, http_503,"
                            + " http_504, http_403, http_404, http_429, non_idempotent, off)", "ignored"));
                }
            }
        }
        return new NextUpstream(onError, onTimeout, statuses, nonIdempotent, tries, within);
    }

    private Optional<RateLimit> rateLimit() {
        int connections = typed("limit-connections", AnnotationValues::count).orElse(0);
        int perSecond = typed("limit-rps", AnnotationValues::count).orElse(0);
        int perMinute = typed("limit-rpm", AnnotationValues::count).orElse(0);
        if (connections == 0 && perSecond == 0 && perMinute == 0) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(connections, perSecond, perMinute,
                typed("limit-burst-multiplier", AnnotationValues::positive).orElse(5),
                typed("limit-whitelist", AnnotationValues::ranges)
                        .or(() -> typed("limit-allowlist", AnnotationValues::ranges)).orElse(List.of())));
    }

    /**
     * {@code limit-rate} (kilobytes a second, 0: no limit) with {@code limit-rate-after} (kilobytes sent before the
     * limit applies), as ingress-nginx reads them: nginx's {@code k}, 1,024 bytes; each one not given is the
     * controller's ({@code fallback}).
     */
    private Optional<ResponseRate> responseRate(Optional<ResponseRate> fallback) {
        long perSecond = typed("limit-rate", AnnotationValues::count).map(kib -> kib * 1024L)
                .orElse(fallback.map(ResponseRate::bytesPerSecond).orElse(0L));
        if (perSecond == 0) {
            return Optional.empty();
        }
        return Optional.of(new ResponseRate(perSecond, typed("limit-rate-after", AnnotationValues::count)
                .map(kib -> kib * 1024L).orElse(fallback.map(ResponseRate::afterBytes).orElse(0L))));
    }

    /**
     * The controller's {@code limit-rate} and {@code limit-rate-after} (kilobytes, as the annotations): none when
     * the rate is 0, the start then left out (in ingress-nginx it would apply to Ingresses' own {@code limit-rate}).
     */
    public static Optional<ResponseRate> globalResponseRate(int kibPerSecond, int afterKib) {
        if (kibPerSecond < 0 || afterKib < 0) {
            throw new IllegalArgumentException("negative: " + kibPerSecond + ", " + afterKib);
        }
        return kibPerSecond == 0 ? Optional.empty()
                : Optional.of(new ResponseRate(kibPerSecond * 1024L, afterKib * 1024L));
    }

    /**
     * {@code auth-cache-key} and {@code auth-cache-duration} (groups of statuses and a time, comma-separated:
     * {@code 200 202 10m, 401 1m}). A key with a variable reseau does not know, or durations it cannot read, are
     * reported and nothing is kept: every request is asked.
     */
    private Optional<ExternalAuth.Cache> authCache() {
        Optional<String> key = value("auth-cache-key").filter(k -> !k.isEmpty());
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> unknown = NginxVariables.unknown(key.get(), NginxVariables::hashKeyVariable);
        if (unknown.isPresent()) {
            warn("auth-cache-key: " + unknown.get() + " is not a variable reseau knows ("
                    + NginxVariables.HASH_KEY_DESCRIPTION + ")", "every request is asked");
            return Optional.empty();
        }
        return typed("auth-cache-duration", Annotations::cacheDurations).or(() -> Optional.of(Map.of(
                        200, Duration.ofMinutes(5), 202, Duration.ofMinutes(5), 401, Duration.ofMinutes(5))))
                .map(durations -> new ExternalAuth.Cache(key.get(), durations));
    }

    /** {@code 200 202 10m, 401 1m}: statuses and how long their answers are kept (nginx times: s, m, h, d). */
    static Map<Integer, Duration> cacheDurations(String text) {
        Map<Integer, Duration> durations = new java.util.HashMap<>();
        for (String group : text.split(",")) {
            String[] words = group.strip().split("\\s+");
            if (words.length < 2) {
                throw new IllegalArgumentException("'" + group.strip() + "' is not statuses and a time");
            }
            Duration time = nginxTime(words[words.length - 1]);
            for (int i = 0; i < words.length - 1; i++) {
                durations.put(Integer.parseInt(words[i]), time);
            }
        }
        return durations;
    }

    private static Duration nginxTime(String text) {
        char unit = text.charAt(text.length() - 1);
        long amount = Long.parseLong(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            case 's' -> Duration.ofSeconds(amount);
            default -> {
                if (!Character.isDigit(unit)) {
                    throw new IllegalArgumentException("'" + text + "' is not a time (s, m, h or d)");
                }
                yield Duration.ofSeconds(amount);
            }
        };
    }

    /**
     * External authentication, or none without {@code auth-url}. A URL with a variable reseau does not know, or
     * companions without {@code auth-url}, throw: the Ingress is refused rather than served unprotected.
     */
    private Optional<ExternalAuth> externalAuth() {
        Optional<String> url = value("auth-url").filter(u -> !u.isEmpty());
        if (url.isEmpty()) {
            if (EXTERNAL_AUTH.stream().anyMatch(name -> value(name).isPresent())) {
                throw new IllegalArgumentException("auth-signin and the other auth-* annotations need auth-url");
            }
            return Optional.empty();
        }
        Optional<String> signin = value("auth-signin").filter(s -> !s.isEmpty());
        for (String text : signin.map(s -> List.of(url.get(), s)).orElse(List.of(url.get()))) {
            knownVariables(text);
            AnnotationValues.location(text.replace("$", ""));
        }
        String method = value("auth-method").filter(m -> !m.isEmpty()).orElse("GET").toUpperCase(Locale.ROOT);
        if (!method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("auth-method '" + method + "' is not a method");
        }
        return Optional.of(new ExternalAuth(url.get(), method, signin,
                value("auth-signin-redirect-param").filter(p -> !p.isEmpty()).orElse("rd"),
                value("auth-response-headers").stream().flatMap(text -> Arrays.stream(text.split(",")))
                        .map(String::strip).filter(name -> !name.isEmpty()).toList(),
                value("auth-request-redirect").filter(r -> !r.isEmpty()), authCache(),
                flag("auth-always-set-cookie", false), List.of()));
    }

    /**
     * ingress-nginx's {@code global-auth-*} ConfigMap keys ({@code global-auth-url}, {@code global-auth-signin}, ...,
     * given here by their names), read as the {@code auth-*} annotations they stand for: the authentication every
     * Ingress without its own {@code auth-url} is asked for, unless it says {@code enable-global-auth: "false"}. Empty
     * without {@code global-auth-url}; a value the annotation would refuse throws, naming the setting.
     */
    public static Optional<ExternalAuth> globalAuth(Map<String, String> settings) {
        Map<String, String> annotations = new HashMap<>();
        settings.forEach((name, value) -> annotations.put(NGINX + name.substring("global-".length()), value));
        Annotations read = new Annotations(annotations);
        try {
            Optional<ExternalAuth> auth = read.externalAuth();
            read.failOnFlaws();
            return auth;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("global-auth-*: " + e.getMessage(), e);
        }
    }

    /**
     * The controller's {@code proxy-redirect-from} / {@code -to}, {@code proxy-cookie-domain} and
     * {@code proxy-cookie-path} (ingress-nginx's ConfigMap keys, by name), read as the annotations are: the rewrites
     * of every Ingress that does not give its own; empty when none is set. A value that is not one stops the start.
     */
    public static Optional<HeaderEdits> globalResponseRewrites(Map<String, String> settings) {
        Map<String, String> annotations = new HashMap<>();
        settings.forEach((name, value) -> annotations.put(NGINX + name, value));
        Annotations read = new Annotations(annotations);
        Optional<HeaderEdits> rewrites = read.headerEdits(Optional.empty());
        read.failOnFlaws();
        return rewrites;
    }

    /**
     * The controller's {@code proxy-next-upstream} and {@code proxy-next-upstream-timeout} (ingress-nginx's ConfigMap
     * keys, by name), read as the annotations are; a condition or time that is not one stops the start.
     */
    public static NextUpstream globalNextUpstream(Map<String, String> settings) {
        Map<String, String> annotations = new HashMap<>();
        settings.forEach((name, value) -> annotations.put(NGINX + name, value));
        Annotations read = new Annotations(annotations);
        NextUpstream next = read.nextUpstream(NextUpstream.DEFAULT);
        read.failOnFlaws();
        return next;
    }

    /** {@code mirror-target} with {@code mirror-host} and {@code mirror-request-body}; a bad target is reported. */
    private Optional<Mirror> mirror() {
        Optional<String> target = typed("mirror-target", Annotations::absoluteUrl);
        boolean body = value("mirror-request-body").map(text -> !text.strip().equals("off")).orElse(true);
        return target.map(url -> new Mirror(url, typed("mirror-host", AnnotationValues::hostField), body));
    }

    /** An {@code http} or {@code https} URL whose variables reseau knows. */
    static String absoluteUrl(String text) {
        unknownVariable(text).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        try {
            // Checked with the variables standing for values of their kind ($request_uri starts a path).
            URI url = new URI(NginxVariables.expand(text, variable -> variable.equals("$request_uri") ? "/" : "x"));
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("'" + text + "' is not an http or https URL");
    }

    private static void knownVariables(String url) {
        unknownVariable(url).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** What is wrong with a URL's variables: the first one that is not a URL variable, if any. */
    private static Optional<String> unknownVariable(String url) {
        return NginxVariables.unknown(url, NginxVariables.URL_VARIABLES::contains).map(variable -> "'" + url
                + "' uses " + variable + ", which reseau does not know ("
                + String.join(", ", NginxVariables.URL_VARIABLES) + ")");
    }

    private CanaryRule canary() {
        Optional<String> headerValue = value("canary-by-header-value").filter(v -> !v.isEmpty());
        Optional<Pattern> headerPattern = headerValue.isPresent() ? Optional.empty()
                : typed("canary-by-header-pattern", AnnotationValues::pattern);
        int total = typed("canary-weight-total", AnnotationValues::positive).orElse(100);
        int weight = typed("canary-weight", Integer::parseInt).orElse(0);
        if (weight < 0 || weight > total) {
            warn("canary-weight: " + weight + " is not between 0 and " + total, "using 0");
            weight = 0;
        }
        // Field names are case-insensitive; the data plane compares them in lowercase.
        Optional<String> header = value("canary-by-header").filter(v -> !v.isEmpty())
                .map(name -> name.toLowerCase(Locale.ROOT));
        return new CanaryRule(header, headerValue, headerPattern,
                value("canary-by-cookie").filter(v -> !v.isEmpty()), weight, total,
                typed("affinity-canary-behavior", AnnotationValues::stickyCanary).orElse(true));
    }

    private Optional<RoutePolicy.CookieAffinity> affinity() {
        Optional<String> kind = value("affinity");
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        if (!kind.get().equals("cookie")) {
            warn("affinity: only 'cookie' is supported, not '" + kind.get() + "'", "");
            return Optional.empty();
        }
        value("affinity-mode").filter(mode -> !mode.equals("persistent")).ifPresent(mode -> unsupported(
                "affinity-mode: '" + mode + "' is not supported", "each session stays on its endpoint while it is"
                        + " ready ('persistent'); new endpoints take new sessions only"));
        return Optional.of(new RoutePolicy.CookieAffinity(value("session-cookie-name").orElse("INGRESSCOOKIE"),
                value("session-cookie-path").orElse("/"),
                typed("session-cookie-max-age", Long::parseLong)
                        .or(() -> typed("session-cookie-expires", Long::parseLong)),
                flag("session-cookie-secure", false),
                typed("session-cookie-samesite", AnnotationValues::sameSite),
                flag("session-cookie-conditional-samesite-none", false),
                typed("session-cookie-domain", AnnotationValues::cookieDomain)));
    }

    /**
     * {@code proxy-buffer-size}: the largest response head taken from the backend. It raises the controller's limit
     * and never lowers it: ingress-nginx's default is 4k, and its users set the annotation to let larger heads
     * through.
     */
    private int maxResponseHead(int controllers) {
        return typed("proxy-buffer-size", AnnotationValues::headSize).map(size -> Math.max(size, controllers))
                .orElse(controllers);
    }

    /**
     * {@code proxy-buffering} and {@code proxy-max-temp-file-size}, each the controller's unless the Ingress says.
     * {@code proxy-buffers-number} (nginx's buffers in memory) passes quietly: reseau holds up to 512 KiB of each
     * response in memory, more than ingress-nginx's default buffers.
     */
    private RoutePolicy.ResponseBuffering responseBuffering(RoutePolicy.ResponseBuffering controllers) {
        return new RoutePolicy.ResponseBuffering(
                typed("proxy-buffering", AnnotationValues::onOff).orElse(controllers.on()),
                typed("proxy-max-temp-file-size", AnnotationValues::size).orElse(controllers.maxFileBytes()));
    }

}
