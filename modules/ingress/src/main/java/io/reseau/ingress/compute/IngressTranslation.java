package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.BackendTls;
import io.reseau.ingress.model.BasicAuth;
import io.reseau.ingress.model.CanaryRule;
import io.reseau.ingress.model.ClientCertificateAuth;
import io.reseau.ingress.model.ExternalAuth;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.PathMatch;
import io.reseau.ingress.model.PemCertificates;
import io.reseau.ingress.model.Problem;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import io.reseau.ingress.model.VirtualHost;
import java.io.ByteArrayInputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pure heart of reseau-ingress: Ingresses, IngressClasses, Services, EndpointSlices, TLS and Opaque Secrets in, one
 * complete {@link RoutingTable} out, with the problems found on the way. No I/O.
 *
 * <p><b>Merging.</b> Ingresses are taken oldest first (creation time, then namespace/name), and the first to claim
 * something keeps it: a (host, path type, path), a host's {@code defaultBackend} fallback, a host's certificate.
 * Later claims are dropped and reported on their Ingress ({@code RouteConflict}, {@code DefaultBackendConflict},
 * {@code TlsConflict}), so that creating an Ingress can never take traffic away from one already serving.
 *
 * <p><b>Bad input</b> loses nothing else: an invalid path is reported and left out, an Ingress whose annotations are
 * refused is reported and not served at all, a backend that cannot be resolved keeps its route and answers 503.
 */
public final class IngressTranslation {

    /**
     * What the controller is configured with: which Ingresses are its own ({@link IngressClasses.Selection}), the
     * annotations' defaults, the Service ({@code namespace/name}, its first port) that answers requests no rule
     * matches and makes the error pages ({@code default-backend-service}; empty: plain 404s), the backends' statuses
     * it replaces for every Ingress ({@code custom-http-errors}), the TLS Secret whose certificate is served for
     * names no Ingress's certificate covers and for TLS sections without a Secret ({@code default-ssl-certificate};
     * empty: a certificate generated at start), the response fields, in lower case, an Ingress's
     * {@code custom-headers} ConfigMap may set ({@code global-allowed-response-headers}; empty: {@code custom-headers}
     * is not read), whether an Ingress's {@code defaultBackend} serves hosts no rule names too ({@code catchAll};
     * false: ingress-nginx's {@code --disable-catch-all}, only its own hosts' paths no rule matches), the paths
     * the controller's {@code global-auth-url} does not guard, a rule's path starting with one
     * ({@code no-auth-locations}; ACME's HTTP-01 challenges by default), and where reseau runs, whose endpoints are
     * preferred where the EndpointSlices hint so ({@link TopologyHints}; unknown: every ready endpoint).
     */
    public record Settings(IngressClasses.Selection classes, RoutePolicy defaults,
            Optional<ObjectKey> defaultBackendService, Set<Integer> customHttpErrors,
            Optional<ObjectKey> defaultCertificate, Set<String> allowedResponseHeaders, boolean catchAll,
            List<String> noAuthLocations, Locality locality) {

        public Settings {
            customHttpErrors = Set.copyOf(customHttpErrors);
            allowedResponseHeaders = Set.copyOf(allowedResponseHeaders);
            noAuthLocations = List.copyOf(noAuthLocations);
        }

        /**
         * These settings, with the controller's fields set on every route ({@link GlobalHeaders}), beside its
         * response rewrites ({@code proxy-redirect-*}, {@code proxy-cookie-*}) if it has any.
         */
        public Settings withHeaders(Optional<HeaderEdits> fields) {
            Optional<HeaderEdits> rewrites = defaults.headers().filter(HeaderEdits::rewritesResponses);
            Optional<HeaderEdits> edits = rewrites.isEmpty() ? fields : Optional.of(rewrites.get().withFields(
                    fields.map(HeaderEdits::request).orElse(List.of()),
                    fields.map(HeaderEdits::response).orElse(List.of())));
            return new Settings(classes, defaults.withHeaders(edits), defaultBackendService, customHttpErrors,
                    defaultCertificate, allowedResponseHeaders, catchAll, noAuthLocations, locality);
        }

        /** These settings, for a proxy running there. */
        public Settings at(Locality where) {
            return new Settings(classes, defaults, defaultBackendService, customHttpErrors, defaultCertificate,
                    allowedResponseHeaders, catchAll, noAuthLocations, where);
        }
    }

    /**
     * The table, the Ingresses it serves, those of them whose status is reseau's to write (not those of an adopted
     * class: their own controller writes it), and what had to be reported.
     */
    public record Result(RoutingTable table, List<Ingress> served, List<Ingress> statusOwned, List<Problem> problems) {
    }

    public static final String TLS_SECRET_TYPE = "kubernetes.io/tls";

    /** The type of the Secrets basic authentication reads its users from ({@code kubectl create secret generic}). */
    public static final String OPAQUE_SECRET_TYPE = "Opaque";

    private static final Comparator<Ingress> OLDEST_FIRST = Comparator
            .comparing((Ingress i) -> Optional.ofNullable(i.getMetadata().getCreationTimestamp()).orElse(""))
            .thenComparing(i -> i.getMetadata().getNamespace())
            .thenComparing(i -> i.getMetadata().getName());

    private final Backends backends;
    private final Map<String, Secret> secrets;
    /** The ConfigMaps {@code custom-headers} may name, by {@code namespace/name}. */
    private final Map<String, ConfigMap> configMaps;
    private final Settings settings;
    /** The controller's {@code default-backend-service}, resolved; empty when none is configured or found. */
    private final Optional<Backend> defaultBackend;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, HostBuilder> hosts = new LinkedHashMap<>();
    private final Map<String, TlsCertificate> certificates = new LinkedHashMap<>();
    private final List<Alias> aliases = new ArrayList<>();
    /** {@code from-to-www-redirect}: the alias is the counterpart redirected to the host. */
    private final List<Alias> wwwRedirects = new ArrayList<>();

    private IngressTranslation(Collection<Service> services, Collection<EndpointSlice> slices,
            Collection<Secret> secrets, Collection<ConfigMap> configMaps, Settings settings) {
        this.backends = new Backends(services, slices, settings.locality());
        this.secrets = byName(secrets);
        this.configMaps = byName(configMaps);
        this.settings = settings;
        this.defaultBackend = settings.defaultBackendService().flatMap(key -> backends.firstPort(key.namespace(),
                key.name(), Optional.empty(), false));
    }

    /**
     * The table of the Ingresses of our classes; {@code secrets} are the TLS and Opaque ones, {@code configMaps} those
     * {@code custom-headers} may name (none when no response field is allowed).
     */
    public static Result translate(Collection<Ingress> ingresses, Collection<IngressClass> classes,
            Collection<Service> services, Collection<EndpointSlice> slices, Collection<Secret> secrets,
            Collection<ConfigMap> configMaps, Settings settings) {
        IngressTranslation translation = new IngressTranslation(services, slices, secrets, configMaps, settings);
        IngressClasses ours = new IngressClasses(classes, settings.classes());
        List<Ingress> served = new ArrayList<>();
        // Canary Ingresses last: each shadows a route of another Ingress, whichever is older.
        Map<Boolean, List<Ingress>> byCanary = ingresses.stream().filter(ours::serves).sorted(OLDEST_FIRST)
                .collect(Collectors.partitioningBy(ingress -> Annotations.canary(
                        ingress.getMetadata().getAnnotations())));
        for (Ingress ingress : Stream.concat(byCanary.get(false).stream(), byCanary.get(true).stream()).toList()) {
            if (translation.add(ingress)) {
                served.add(ingress);
            }
        }
        translation.addAliases();
        translation.addWwwRedirects();
        return new Result(translation.table(), List.copyOf(served),
                served.stream().filter(ingress -> !ours.adopted(ingress)).toList(), List.copyOf(translation.problems));
    }

    /** Adds one Ingress; false when it is refused as a whole. */
    private boolean add(Ingress ingress) {
        RoutePolicy defaults = Annotations.customHeaders(ingress.getMetadata().getAnnotations())
                .map(reference -> withCustomHeaders(ingress, reference)).orElse(settings.defaults());
        Annotations.Parsed parsed = Annotations.parse(ingress.getMetadata().getAnnotations(), defaults);
        parsed.warnings().forEach(warning -> problem(ingress, warning.reason(), warning.text()));
        if (parsed.refusal().isPresent()) {
            problem(ingress, "IngressRefused", parsed.refusal().get() + ": the Ingress is not served");
            return false;
        }
        if (parsed.canary().isPresent()) {
            addCanary(ingress, parsed.canary().get(), parsed.useRegex());
            return true;
        }
        RoutePolicy parsedPolicy = parsed.policy().orElseThrow();
        Optional<String> questionFields = Annotations.authProxySetHeaders(ingress.getMetadata().getAnnotations());
        RoutePolicy annotated = parsedPolicy.externalAuth().filter(auth -> questionFields.isPresent())
                .map(auth -> parsedPolicy.withExternalAuth(withQuestionFields(ingress, auth, questionFields.get())))
                .orElse(parsedPolicy);
        RoutePolicy authenticated = parsed.basicAuth().map(auth -> annotated.withBasicAuth(basicAuth(ingress, auth)))
                .orElse(annotated);
        RoutePolicy verified = parsed.backendTls().flatMap(tls -> backendTls(ingress, tls))
                .map(authenticated::withBackendTls).orElse(authenticated);
        RoutePolicy checked = Annotations.fastCgiParams(ingress.getMetadata().getAnnotations())
                .map(reference -> verified.withFastCgi(
                        verified.fastCgi().withParams(fastCgiParams(ingress, reference))))
                .orElse(verified);
        Set<Integer> errorStatuses = parsed.customErrors().isEmpty() ? settings.customHttpErrors()
                : parsed.customErrors();
        RoutePolicy policy = errorStatuses.isEmpty() ? checked
                : checked.withCustomErrors(customErrors(ingress, errorStatuses, parsed.defaultBackend(),
                        checked.serviceUpstream(), !parsed.customErrors().isEmpty(), parsed.interceptBackendErrors()));
        String name = name(ingress);
        Optional<Route> fallback = Optional.ofNullable(ingress.getSpec().getDefaultBackend())
                .flatMap(backend -> backend(ingress, backend, policy, parsed.defaultBackend()))
                .map(backend -> Route.fallback(name, backend, policy));
        List<IngressRule> rules = Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of());
        // ssl-passthrough's backends: each path's Service itself (never default-backend's), from the resolution
        // made (and reported) once for the route.
        Map<HTTPIngressPath, Backend> serviceBackends = new IdentityHashMap<>();
        for (IngressRule rule : rules) {
            HostBuilder host = hosts.computeIfAbsent(hostKey(rule.getHost()), HostBuilder::new);
            fallback.ifPresent(route -> host.fallback(ingress, route));
            if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
                continue;
            }
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                Optional<PathMatch> match = match(ingress, path, parsed.useRegex());
                Optional<Backends.Resolution> resolution = resolve(ingress, path.getBackend(), policy);
                if (parsed.sslPassthrough()) {
                    resolution.ifPresent(resolved -> serviceBackends.put(path,
                            backend(ingress, path.getBackend(), resolved, policy, Optional.empty())));
                }
                Optional<Backend> backend = resolution.map(resolved -> backend(ingress, path.getBackend(), resolved,
                        policy, parsed.defaultBackend()));
                if (match.isPresent() && backend.isPresent()) {
                    host.route(ingress, new Route(name, match.get(), backend.get(), globalAuthFor(path, policy)));
                }
            }
        }
        // Kubernetes docs: requests matching no host or path of any Ingress go to the default backend; so the
        // defaultBackend also serves hosts no rule names (the oldest Ingress's, when several have one), unless the
        // controller keeps Ingresses from catching every host's requests.
        if (settings.catchAll()) {
            fallback.ifPresent(route -> hosts.computeIfAbsent("", HostBuilder::new).fallback(ingress, route));
        } else if (fallback.isPresent()) {
            problem(ingress, "CatchAllDisabled", "its defaultBackend serves the paths of its own hosts that no rule"
                    + " matches, not hosts no rule names: the controller's disable-catch-all is on");
        }
        for (IngressTLS tls : Optional.ofNullable(ingress.getSpec().getTls()).orElse(List.of())) {
            tls(ingress, tls);
        }
        if (parsed.wwwRedirect()) {
            rules.stream().map(IngressRule::getHost).filter(host -> host != null && !host.startsWith("*."))
                    .map(IngressTranslation::hostKey).distinct()
                    .forEach(host -> wwwRedirects.add(new Alias(ingress, wwwCounterpart(host), host)));
        }
        if (parsed.sslPassthrough()) {
            passthrough(ingress, rules, serviceBackends, policy);
        }
        // Host-level settings (TLS): claimed for each host the Ingress's rules name.
        List<HostBuilder> ruleHosts = rules.stream().map(rule -> hostKey(rule.getHost())).distinct()
                .map(hosts::get).toList();
        if (parsed.clientCertificate().isPresent()) {
            ClientCertificateAuth auth = clientCertificateAuth(ingress, parsed.clientCertificate().get());
            ruleHosts.forEach(host -> host.clientCertificateAuth(ingress, auth));
        }
        if (!parsed.sslCiphers().isEmpty()) {
            ruleHosts.forEach(host -> host.cipherSuites(ingress, parsed.sslCiphers()));
        }
        parsed.preferServerCiphers().ifPresent(prefer ->
                ruleHosts.forEach(host -> host.preferServerCiphers(ingress, prefer)));
        for (String alias : parsed.serverAliases()) {
            rules.stream().filter(rule -> rule.getHost() != null).findFirst()
                    .ifPresent(rule -> aliases.add(new Alias(ingress, hostKey(alias), hostKey(rule.getHost()))));
        }
        return true;
    }

    /**
     * {@code ssl-passthrough}: the TLS connections naming one of the Ingress's hosts go undecrypted to the backend
     * of the host's path {@code /}, as in ingress-nginx (which needs its {@code --enable-ssl-passthrough} flag for
     * it; reseau reads the name from every TLS ClientHello anyway, so it costs nothing when unused). The other
     * annotations cannot apply to what is not decrypted; plain HTTP to the host takes its routes as usual. A rule
     * without a host or without the path {@code /} is reported.
     */
    private void passthrough(Ingress ingress, List<IngressRule> rules,
            Map<HTTPIngressPath, Backend> serviceBackends, RoutePolicy policy) {
        for (IngressRule rule : rules) {
            if (rule.getHost() == null || rule.getHost().isEmpty()) {
                problem(ingress, "PassthroughWithoutHost", "ssl-passthrough needs a host: TLS connections are told"
                        + " apart by the name they ask for; the rule without a host only serves plain HTTP");
                continue;
            }
            Optional<HTTPIngressPath> root = Optional.ofNullable(rule.getHttp()).map(http -> http.getPaths())
                    .orElse(List.of()).stream()
                    .filter(path -> path.getPath() == null || path.getPath().isEmpty() || path.getPath().equals("/"))
                    .filter(path -> !"Exact".equals(path.getPathType())).findFirst();
            if (root.isEmpty()) {
                problem(ingress, "PassthroughWithoutRootPath", "ssl-passthrough: host '" + rule.getHost() + "' has"
                        + " no Prefix path / to take the backend from; its TLS connections are not passed through");
                continue;
            }
            Optional.ofNullable(serviceBackends.get(root.get())).ifPresent(backend ->
                    hosts.get(hostKey(rule.getHost())).passthrough(ingress,
                            new Route(name(ingress), new PathMatch.Prefix("/"), backend, policy)));
        }
    }

    private static String wwwCounterpart(String host) {
        return host.startsWith("www.") ? host.substring(4) : "www." + host;
    }

    /**
     * {@code from-to-www-redirect}: the counterpart host redirects every request to its host, with that host's
     * certificate, unless some Ingress (or alias) serves the counterpart itself, as in ingress-nginx.
     */
    private void addWwwRedirects() {
        for (Alias redirect : wwwRedirects) {
            if (hosts.containsKey(redirect.alias())) {
                if (hosts.get(redirect.alias()).redirectTo == null) {
                    problem(redirect.ingress(), "WwwRedirectConflict", "from-to-www-redirect: " + redirect.alias()
                            + " is a host of its own; it is not redirected to " + redirect.host());
                }
                continue;
            }
            HostBuilder counterpart = new HostBuilder(redirect.alias());
            counterpart.redirectTo = redirect.host();
            counterpart.tls = hosts.get(redirect.host()).tls;
            hosts.put(redirect.alias(), counterpart);
            shareCertificate(redirect);
        }
    }

    /** The alias is served with its host's certificate, unless it has one of its own. */
    private void shareCertificate(Alias alias) {
        TlsCertificate certificate = certificates.get(alias.host());
        if (certificate != null) {
            certificates.putIfAbsent(alias.alias(), certificate);
        }
    }

    /** {@code server-alias}: {@code alias} is served as {@code host}, which an Ingress's rule names. */
    private record Alias(Ingress ingress, String alias, String host) {
    }

    /**
     * Serves each alias as its host, with that host's routes and certificate, once every Ingress is in: as in
     * ingress-nginx, a host some Ingress names itself is never taken by an alias (reported, oldest alias first).
     */
    private void addAliases() {
        Map<String, String> claimed = new HashMap<>();
        for (Alias alias : aliases) {
            String owner = claimed.get(alias.alias());
            if (owner != null || hosts.containsKey(alias.alias())) {
                if (!alias.host().equals(owner)) {
                    problem(alias.ingress(), "ServerAliasConflict", "server-alias " + alias.alias() + " is already "
                            + (owner == null ? "a host of its own" : "an alias of " + owner) + "; it is not used");
                }
                continue;
            }
            claimed.put(alias.alias(), alias.host());
            shareCertificate(alias);
        }
        claimed.forEach((alias, host) -> hosts.put(alias, hosts.get(host)));
    }

    /**
     * A canary Ingress (ingress-nginx's {@code canary: "true"}): each of its paths attaches its backend to the route
     * another Ingress has for the same host and path, with that route's policy; its own defaultBackend, TLS section
     * and other annotations are not used, as in ingress-nginx. A path no other Ingress routes is reported.
     */
    private void addCanary(Ingress ingress, CanaryRule rule, boolean useRegex) {
        for (IngressRule hostRule : Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of())) {
            if (hostRule.getHttp() == null || hostRule.getHttp().getPaths() == null) {
                continue;
            }
            String hostName = hostKey(hostRule.getHost());
            for (HTTPIngressPath path : hostRule.getHttp().getPaths()) {
                Optional<PathMatch> match = match(ingress, path, useRegex);
                if (match.isEmpty()) {
                    continue;
                }
                HostBuilder host = hosts.get(hostName);
                Route shadowed = host == null ? null : host.routes.get(HostBuilder.key(match.get()));
                if (shadowed == null) {
                    problem(ingress, "CanaryWithoutMain", "no other Ingress routes host '" + hostName + "' path "
                            + match.get().path() + "; this canary route is not used");
                    continue;
                }
                backend(ingress, path.getBackend(), shadowed.policy(), Optional.empty())
                        .ifPresent(backend -> host.canary(ingress, shadowed, rule, backend));
            }
        }
    }

    /**
     * The controller's defaults with {@code custom-headers}: the fields of a ConfigMap in the Ingress's namespace
     * ({@code namespace/name} or {@code name}) set on its responses, over the controller's {@code add-headers} and
     * under its own {@code response-headers}, as ingress-nginx's annotation. Only fields named in
     * {@code global-allowed-response-headers} are set: without that setting the annotation is reported and ignored;
     * a ConfigMap that is missing or in another namespace is reported on the Ingress, and an entry not allowed or
     * malformed on the ConfigMap, and left out.
     */
    private RoutePolicy withCustomHeaders(Ingress ingress, String reference) {
        RoutePolicy defaults = settings.defaults();
        if (settings.allowedResponseHeaders().isEmpty()) {
            problem(ingress, Annotations.Warning.UNSUPPORTED, "custom-headers needs the controller's"
                    + " global-allowed-response-headers, which names the fields it may set; ignored");
            return defaults;
        }
        List<HeaderEdits.Field> fields = namedConfigMap(ingress, "custom-headers", "CustomHeaders", reference)
                .map(configMap -> ConfigMapEntries.read(configMap, this::allowedResponseField, "HeaderInvalid",
                        (name, why) -> "custom-headers: " + why + "; not set", problems))
                .orElse(List.of());
        if (fields.isEmpty()) {
            return defaults;
        }
        HeaderEdits global = defaults.headers().orElse(new HeaderEdits(List.of(), List.of()));
        return defaults.withHeaders(Optional.of(global.withFields(global.request(),
                Annotations.withGlobal(Optional.of(global.response()), fields))));
    }

    /**
     * {@code auth-url} with {@code auth-proxy-set-headers}: the entries of a ConfigMap in the Ingress's namespace set
     * on each question to the service, as ingress-nginx's {@code proxy_set_header} lines in its auth location. A
     * ConfigMap missing or in another namespace is reported on the Ingress (the service is asked without them); an
     * entry that is not a field reseau lets be set (Host, the framing and forwarded fields, those reseau sets on the
     * question) or holds another variable, on the ConfigMap, and left out.
     */
    private ExternalAuth withQuestionFields(Ingress ingress, ExternalAuth auth, String reference) {
        return auth.withQuestionFields(namedConfigMap(ingress, "auth-proxy-set-headers", "AuthProxySetHeaders",
                reference).map(configMap -> ConfigMapEntries.read(configMap, IngressTranslation::questionField,
                        "HeaderInvalid", (name, why) -> "auth-proxy-set-headers: " + why + "; not set", problems))
                .orElse(List.of()));
    }

    /**
     * {@code fastcgi-params-configmap}: the entries of a ConfigMap in the Ingress's namespace sent to its FastCGI
     * backends as parameters, as ingress-nginx's {@code fastcgi_param} lines. A ConfigMap missing or in another
     * namespace is reported on the Ingress (the standard parameters alone are sent); an entry that is not a parameter
     * name or holds a variable reseau does not fill in, on the ConfigMap, and left out.
     */
    private List<HeaderEdits.Field> fastCgiParams(Ingress ingress, String reference) {
        return namedConfigMap(ingress, "fastcgi-params-configmap", "FastCgiParams", reference)
                .map(configMap -> ConfigMapEntries.read(configMap, AnnotationValues::fastCgiParam,
                        "FastCgiParamInvalid", (name, why) -> "fastcgi-params-configmap: " + why + "; not sent",
                        problems))
                .orElse(List.of());
    }

    private static HeaderEdits.Field questionField(String name, String value) {
        if (ExternalAuth.OWN_QUESTION_FIELDS.contains(name.strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(name.strip() + " is set by reseau on every question");
        }
        return AnnotationValues.field(name.strip(), value.strip());
    }

    /**
     * The ConfigMap an Ingress's {@code annotation} names ({@code reference}: {@code namespace/name} or
     * {@code name}); one in another namespace ({@code <reason>Invalid}) or missing ({@code <reason>NotFound}) is
     * reported on the Ingress, and none is used.
     */
    private Optional<ConfigMap> namedConfigMap(Ingress ingress, String annotation, String reason, String reference) {
        Optional<String> own = ownObject(ingress, reference);
        if (own.isEmpty()) {
            problem(ingress, reason + "Invalid", annotation + " " + reference + " is in another namespace, which"
                    + " reseau does not allow; ignored");
            return Optional.empty();
        }
        ConfigMap configMap = configMaps.get(own.get());
        if (configMap == null) {
            problem(ingress, reason + "NotFound", annotation + " " + own.get()
                    + " does not exist; its entries not used");
        }
        return Optional.ofNullable(configMap);
    }

    /**
     * The ConfigMaps the Ingresses' annotations name ({@code custom-headers} when the controller lets it set fields,
     * {@code auth-proxy-set-headers}, {@code fastcgi-params-configmap}), in the Ingresses' own namespaces: what a
     * translation of these Ingresses reads, for the controller to watch. Pure.
     */
    public static Set<ObjectKey> namedConfigMaps(Collection<Ingress> ingresses, Settings settings) {
        Set<ObjectKey> named = new TreeSet<>(Comparator.comparing(ObjectKey::toString));
        for (Ingress ingress : ingresses) {
            Map<String, String> annotations = ingress.getMetadata().getAnnotations();
            Stream.concat(settings.allowedResponseHeaders().isEmpty() ? Stream.empty()
                            : Annotations.customHeaders(annotations).stream(),
                    Stream.concat(Annotations.authProxySetHeaders(annotations).stream(),
                            Annotations.fastCgiParams(annotations).stream()))
                    .flatMap(reference -> ownObject(ingress, reference).stream())
                    .forEach(key -> named.add(ObjectKey.parse("ConfigMap", key)));
        }
        return named;
    }

    private HeaderEdits.Field allowedResponseField(String name, String value) {
        if (!settings.allowedResponseHeaders().contains(name.strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(name.strip() + " is not in global-allowed-response-headers");
        }
        return AnnotationValues.field(name.strip(), value.strip());
    }

    /**
     * The users of an Ingress's basic authentication. A Secret that is missing, in another namespace, or yields no
     * user is reported, and the Ingress served with nobody let in: its routes answer 401 rather than vanish, which
     * could hand their paths to another Ingress's unprotected route.
     */
    private BasicAuth basicAuth(Ingress ingress, Annotations.BasicAuthAnnotations auth) {
        Optional<String> own = ownObject(ingress, auth.secret());
        if (own.isEmpty()) {
            problem(ingress, "AuthSecretInvalid", "auth-secret " + auth.secret() + " is in another namespace, which"
                    + " reseau does not allow; nobody is let in");
            return new BasicAuth(auth.secret(), auth.realm(), Map.of());
        }
        String secretKey = own.get();
        Secret secret = secrets.get(secretKey);
        if (secret == null) {
            problem(ingress, "AuthSecretNotFound", "auth-secret " + secretKey + " does not exist (or is not of type "
                    + OPAQUE_SECRET_TYPE + "); nobody is let in until it does");
            return new BasicAuth(secretKey, auth.realm(), Map.of());
        }
        BasicAuthUsers.Read read = BasicAuthUsers.read(secret, auth.authMap());
        for (String found : read.problems()) {
            problem(ingress, "AuthSecretInvalid", "auth-secret " + secretKey + " " + found);
        }
        return new BasicAuth(secretKey, auth.realm(), read.users());
    }

    /**
     * The authorities of an Ingress's client certificate authentication, and the revocation lists beside them
     * ({@code ca.crl}). A Secret that is missing, elsewhere, without a readable {@code ca.crt} or with an unreadable
     * {@code ca.crl} trusts nobody: the host's requests are judged as if no certificate were valid, rather than
     * served without the check.
     */
    private ClientCertificateAuth clientCertificateAuth(Ingress ingress,
            Annotations.ClientCertificateAnnotations auth) {
        Authorities authorities = authorities(ingress, auth.secret(), "auth-tls-secret", "AuthTlsSecretInvalid",
                "no client certificate is accepted");
        String encoded = data(secrets.get(authorities.secret()), "ca.crl");
        List<X509Certificate> trusted = authorities.certificates();
        List<X509CRL> revocations = List.of();
        if (encoded != null) {
            try {
                revocations = revocationLists(Base64.getMimeDecoder().decode(encoded));
            } catch (CRLException | CertificateException | IllegalArgumentException e) {
                revocations = List.of();
            }
            if (revocations.isEmpty()) {
                problem(ingress, "AuthTlsSecretInvalid", "auth-tls-secret " + authorities.secret()
                        + " has a ca.crl that cannot be read; no client certificate is accepted until it can");
                trusted = List.of();
            }
        }
        return new ClientCertificateAuth(authorities.secret(), trusted, auth.verify(), auth.depth(),
                auth.errorPage(), auth.passCertificate(), auth.matchSubject(), revocations);
    }

    /**
     * {@code custom-http-errors} (the Ingress's, else the controller's): the {@code default-backend} Service (its
     * first port), else the controller's {@code default-backend-service}, answers in place of the backend for these
     * statuses. Without either the backend's answers are relayed as they are, which is reported when the Ingress
     * asked ({@code ownStatuses}).
     */
    private Optional<RoutePolicy.CustomErrors> customErrors(Ingress ingress, Set<Integer> statuses,
            Optional<String> defaultBackend, boolean clusterIp, boolean ownStatuses, boolean interceptBackend) {
        if (defaultBackend.isEmpty()) {
            if (this.defaultBackend.isEmpty() && ownStatuses) {
                problem(ingress, "CustomErrorsWithoutBackend", "custom-http-errors needs default-backend, or the"
                        + " controller's default-backend-service, to make the error pages; the backend's answers are"
                        + " relayed as they are");
            }
            return this.defaultBackend.map(errors -> new RoutePolicy.CustomErrors(statuses, errors, interceptBackend));
        }
        Optional<Backend> backend = backends.firstPort(ingress.getMetadata().getNamespace(), defaultBackend.get(),
                Optional.empty(), clusterIp);
        if (backend.isEmpty()) {
            problem(ingress, "CustomErrorsWithoutBackend", "default-backend " + defaultBackend.get() + " is not a"
                    + " Service with a port; the backend's answers are relayed as they are");
        }
        return backend.map(errors -> new RoutePolicy.CustomErrors(statuses, errors, interceptBackend));
    }

    /**
     * {@code proxy-ssl-*}: the Secret's {@code tls.crt} and {@code tls.key}, when it has both, are presented to
     * backends that ask for a certificate; with {@code proxy-ssl-verify}, a Secret without authorities makes every
     * backend certificate fail the check. Without it and without a certificate to present, there is nothing to do.
     */
    private Optional<BackendTls> backendTls(Ingress ingress, Annotations.BackendTlsAnnotations tls) {
        Optional<String> own = ownObject(ingress, tls.secret());
        Optional<TlsCertificate> presented = own.flatMap(key -> Optional.ofNullable(secrets.get(key))
                .flatMap(secret -> certificate(key, secret)));
        if (!tls.verify()) {
            if (presented.isEmpty()) {
                problem(ingress, "ProxySslSecretInvalid", "proxy-ssl-secret " + tls.secret() + " does not exist,"
                        + " is in another namespace or has no tls.crt and tls.key; backends are asked without a"
                        + " client certificate");
            }
            return presented.map(certificate -> new BackendTls(certificate.secret(), certificate.version(), false,
                    List.of(), tls.name(), tls.serverName(), tls.depth(), tls.policy(), presented));
        }
        Authorities authorities = authorities(ingress, tls.secret(), "proxy-ssl-secret", "ProxySslSecretInvalid",
                "no backend certificate passes the check");
        return Optional.of(new BackendTls(authorities.secret(), authorities.version(), true,
                authorities.certificates(), tls.name(), tls.serverName(), tls.depth(), tls.policy(), presented));
    }

    /** Certificate authorities from a Secret's {@code ca.crt}, and which Secret version they came from. */
    private record Authorities(String secret, String version, List<X509Certificate> certificates) {
    }

    /**
     * The authorities under {@code ca.crt} of the Secret an annotation names (a name, or {@code namespace/name} in
     * the Ingress's own namespace; of any type). When it is elsewhere, missing or has no readable {@code ca.crt},
     * that is reported under {@code reason} and there are none.
     */
    private Authorities authorities(Ingress ingress, String secretName, String annotation, String reason,
            String consequence) {
        Optional<String> own = ownObject(ingress, secretName);
        if (own.isEmpty()) {
            problem(ingress, reason, annotation + " " + secretName + " is in another namespace, which reseau does"
                    + " not allow; " + consequence);
            return new Authorities(secretName, "", List.of());
        }
        String secretKey = own.get();
        Secret secret = secrets.get(secretKey);
        String encoded = data(secret, "ca.crt");
        List<X509Certificate> certificates;
        try {
            certificates = encoded == null ? List.of() : PemCertificates.parse(Base64.getMimeDecoder().decode(encoded));
        } catch (CertificateException | IllegalArgumentException e) {
            certificates = List.of();
        }
        if (certificates.isEmpty()) {
            problem(ingress, reason, annotation + " " + secretKey + " does not exist or has no readable ca.crt; "
                    + consequence + " until it does");
        }
        String version = secret == null ? "" : Optional.ofNullable(secret.getMetadata().getResourceVersion())
                .orElseGet(() -> Integer.toHexString(encoded == null ? 0 : encoded.hashCode()));
        return new Authorities(secretKey, version, certificates);
    }

    /**
     * The key ({@code namespace/name}) of a Secret or ConfigMap an annotation names by {@code name} or
     * {@code namespace/name}; empty when that is another namespace than the Ingress's, which reseau does not let an
     * Ingress read.
     */
    private static Optional<String> ownObject(Ingress ingress, String objectName) {
        String namespace = ingress.getMetadata().getNamespace();
        int slash = objectName.indexOf('/');
        if (slash >= 0 && !objectName.substring(0, slash).equals(namespace)) {
            return Optional.empty();
        }
        return Optional.of(namespace + "/" + objectName.substring(slash + 1));
    }

    /** The base64 text a Secret (or null) holds under {@code key}, or null. */
    private static String data(Secret secret, String key) {
        return secret == null ? null : Optional.ofNullable(secret.getData()).orElse(Map.of()).get(key);
    }

    private static List<X509CRL> revocationLists(byte[] pem) throws CRLException, CertificateException {
        return CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(pem)).stream()
                .map(X509CRL.class::cast).toList();
    }

    /** An object's key: {@code namespace/name}. */
    private static String name(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    /** Objects by their key, {@code namespace/name}. */
    private static <T extends HasMetadata> Map<String, T> byName(Collection<T> objects) {
        Map<String, T> named = new HashMap<>();
        objects.forEach(object -> named.put(name(object), object));
        return named;
    }

    private Optional<PathMatch> match(Ingress ingress, HTTPIngressPath path, boolean useRegex) {
        String text = path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath();
        String type = path.getPathType() == null ? "ImplementationSpecific" : path.getPathType();
        if (useRegex && !type.equals("Exact")) {
            try {
                return Optional.of(PathMatch.Regex.of(text));
            } catch (PatternSyntaxException e) {
                problem(ingress, "InvalidPath", "path '" + text + "' is not a valid regular expression: "
                        + e.getDescription());
                return Optional.empty();
            }
        }
        if (!text.startsWith("/")) {
            problem(ingress, "InvalidPath", "path '" + text + "' must start with /");
            return Optional.empty();
        }
        return switch (type) {
            case "Exact" -> Optional.of(new PathMatch.Exact(text));
            // ImplementationSpecific without use-regex: reseau documents it as Prefix.
            case "Prefix", "ImplementationSpecific" -> Optional.of(new PathMatch.Prefix(text));
            default -> {
                problem(ingress, "InvalidPath", "pathType '" + type
                        + "' is not Exact, Prefix or ImplementationSpecific");
                yield Optional.empty();
            }
        };
    }

    /**
     * The policy of a rule's path: without the controller's {@code global-auth-url} where the path starts with one of
     * {@code no-auth-locations}, as ingress-nginx leaves those locations out (an Ingress's own auth-url stays).
     */
    private RoutePolicy globalAuthFor(HTTPIngressPath path, RoutePolicy policy) {
        String written = Optional.ofNullable(path.getPath()).orElse("");
        boolean global = policy.externalAuth().isPresent()
                && policy.externalAuth().equals(settings.defaults().externalAuth());
        return global && settings.noAuthLocations().stream().anyMatch(written::startsWith)
                ? policy.withoutExternalAuth() : policy;
    }

    /**
     * The backend of a path. When its Service has no ready endpoint and the Ingress names a {@code default-backend}
     * Service (its first port) that has some, that one serves instead, as in ingress-nginx.
     */
    private Optional<Backend> backend(Ingress ingress, IngressBackend backend, RoutePolicy policy,
            Optional<String> defaultBackend) {
        return resolve(ingress, backend, policy)
                .map(resolution -> backend(ingress, backend, resolution, policy, defaultBackend));
    }

    /** The path's Service resolved, its problems reported; empty for a backend that is not a Service. */
    private Optional<Backends.Resolution> resolve(Ingress ingress, IngressBackend backend, RoutePolicy policy) {
        if (backend == null || backend.getService() == null) {
            problem(ingress, "BackendUnsupported", "only service backends are supported (resource backends are not)");
            return Optional.empty();
        }
        Backends.Resolution resolution = backends.resolve(ingress.getMetadata().getNamespace(), backend.getService(),
                policy.backendProtocol(), policy.serviceUpstream());
        if (resolution instanceof Backends.Resolution.Unresolved unresolved) {
            problem(ingress, unresolved.reason(), unresolved.message() + "; its requests are answered 503");
        }
        return Optional.of(resolution);
    }

    /** What a resolution serves: its backend, default-backend's while it has no endpoint, or none (503). */
    private Backend backend(Ingress ingress, IngressBackend backend, Backends.Resolution resolution,
            RoutePolicy policy, Optional<String> defaultBackend) {
        String namespace = ingress.getMetadata().getNamespace();
        return switch (resolution) {
            case Backends.Resolution.Resolved resolved when resolved.backend().endpoints().isEmpty()
                    && defaultBackend.isPresent() -> backends.firstPort(namespace, defaultBackend.get(),
                            policy.backendProtocol(), policy.serviceUpstream())
                    .filter(fallback -> !fallback.endpoints().isEmpty()).orElse(resolved.backend());
            case Backends.Resolution.Resolved resolved -> resolved.backend();
            case Backends.Resolution.Unresolved unresolved -> new Backend(namespace, backend.getService().getName(),
                    "?", policy.backendProtocol().orElse(BackendProtocol.HTTP), List.of());
        };
    }

    private void tls(Ingress ingress, IngressTLS tls) {
        if (tls.getHosts() == null) {
            return;
        }
        if (tls.getSecretName() == null || tls.getSecretName().isEmpty()) {
            // The controller's default certificate, as in ingress-nginx; the hosts are TLS hosts all the same.
            tls.getHosts().forEach(host -> hosts.computeIfAbsent(hostKey(host), HostBuilder::new).tls = true);
            return;
        }
        String secretKey = ingress.getMetadata().getNamespace() + "/" + tls.getSecretName();
        Secret secret = secrets.get(secretKey);
        Optional<TlsCertificate> certificate = Optional.empty();
        if (secret == null || !TLS_SECRET_TYPE.equals(secret.getType())) {
            problem(ingress, "TlsSecretNotFound", "TLS Secret " + secretKey + " does not exist or is not of type "
                    + TLS_SECRET_TYPE + "; its hosts get the default certificate until it does");
        } else {
            certificate = certificate(secretKey, secret);
            if (certificate.isEmpty()) {
                problem(ingress, "TlsSecretInvalid", "TLS Secret " + secretKey + " lacks tls.crt or tls.key");
            }
        }
        for (String host : tls.getHosts()) {
            String key = hostKey(host);
            hosts.computeIfAbsent(key, HostBuilder::new).tls = true;
            if (certificate.isEmpty()) {
                continue;
            }
            TlsCertificate claimed = certificates.putIfAbsent(key, certificate.get());
            if (claimed != null && !claimed.secret().equals(secretKey)) {
                problem(ingress, "TlsConflict", "host " + host + " already has the certificate of Secret "
                        + claimed.secret() + " from an older Ingress; " + secretKey + " is not used for it");
            }
        }
    }

    private static Optional<TlsCertificate> certificate(String secretKey, Secret secret) {
        String chain = data(secret, "tls.crt");
        String key = data(secret, "tls.key");
        if (chain == null || key == null || chain.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        Base64.Decoder base64 = Base64.getMimeDecoder();
        String version = Optional.ofNullable(secret.getMetadata().getResourceVersion())
                .orElseGet(() -> Integer.toHexString(chain.hashCode() * 31 + key.hashCode()));
        return Optional.of(new TlsCertificate(secretKey, version, base64.decode(chain), base64.decode(key)));
    }

    private RoutingTable table() {
        Map<String, VirtualHost> exact = new HashMap<>();
        Map<String, VirtualHost> wildcard = new HashMap<>();
        Optional<VirtualHost> any = Optional.empty();
        for (Map.Entry<String, HostBuilder> host : hosts.entrySet()) {
            // An alias's builder is its host's: the name is the key.
            String name = host.getKey();
            VirtualHost built = host.getValue().build(name);
            if (name.isEmpty()) {
                any = Optional.of(built);
            } else if (name.startsWith("*.")) {
                wildcard.put(name.substring(2), built);
            } else {
                exact.put(name, built);
            }
        }
        Map<String, TlsCertificate> exactCerts = new HashMap<>();
        Map<String, TlsCertificate> wildcardCerts = new HashMap<>();
        certificates.forEach((host, certificate) -> {
            if (host.startsWith("*.")) {
                wildcardCerts.put(host.substring(2), certificate);
            } else {
                exactCerts.put(host, certificate);
            }
        });
        return new RoutingTable(exact, wildcard, any, exactCerts, wildcardCerts,
                defaultBackend.map(backend -> Route.fallback("", backend, settings.defaults())), defaultCertificate());
    }

    /**
     * The certificate of {@code default-ssl-certificate}, if its Secret exists; one without a certificate and key is
     * reported on itself.
     */
    private Optional<TlsCertificate> defaultCertificate() {
        Optional<String> key = settings.defaultCertificate().map(ObjectKey::toString);
        Optional<Secret> secret = key.map(secrets::get).filter(s -> TLS_SECRET_TYPE.equals(s.getType()));
        Optional<TlsCertificate> certificate = secret.flatMap(s -> certificate(key.orElseThrow(), s));
        if (secret.isPresent() && certificate.isEmpty()) {
            problem(secret.get(), "TlsSecretInvalid", "the default-ssl-certificate Secret lacks tls.crt or tls.key;"
                    + " the generated certificate is served instead");
        }
        return certificate;
    }

    private static String hostKey(String host) {
        return host == null ? "" : RoutingTable.hostName(host);
    }

    private void problem(HasMetadata object, String reason, String message) {
        problems.add(new Problem(object, reason, message));
    }

    /** The routes of one host as Ingresses are added, oldest first. */
    private final class HostBuilder {
        private final String name;
        private final Map<String, Route> routes = new LinkedHashMap<>();
        private final Claim<Route> fallback;
        private boolean tls;
        private String redirectTo;
        private final Claim<Route> passthrough;
        private final Claim<ClientCertificateAuth> clientCertificateAuth;
        private final Claim<List<String>> cipherSuites;
        private final Claim<Boolean> preferServerCiphers;

        HostBuilder(String name) {
            this.name = name;
            this.fallback = new Claim<>("DefaultBackendConflict", older -> "host '" + name + "' already falls back"
                    + " to the defaultBackend of the older Ingress " + older + "; this one is not used");
            this.passthrough = new Claim<>("PassthroughConflict", older -> "host '" + name + "' already passes TLS"
                    + " through to the backend of the older Ingress " + older + "; this one is not used");
            this.clientCertificateAuth = new Claim<>("AuthTlsConflict", older -> "host '" + name + "' already"
                    + " authenticates client certificates as the older Ingress " + older + " says; this one's"
                    + " auth-tls-* are not used");
            this.cipherSuites = new Claim<>("SslCiphersConflict", older -> "host '" + name + "' already offers"
                    + " the TLS cipher suites of the older Ingress " + older + "; this one's ssl-ciphers are not used");
            this.preferServerCiphers = new Claim<>("SslPreferServerCiphersConflict", older -> "host '" + name
                    + "' already chooses TLS cipher suites in the order the older Ingress " + older + " says; this"
                    + " one's ssl-prefer-server-ciphers is not used");
        }

        static String key(PathMatch match) {
            return match.getClass().getSimpleName() + " " + match.path();
        }

        void route(Ingress ingress, Route route) {
            Route claimed = routes.putIfAbsent(key(route.match()), route);
            if (claimed != null) {
                problem(ingress, "RouteConflict", "host '" + name + "' path " + route.match().path() + " ("
                        + route.match().getClass().getSimpleName() + ") is already routed by the older Ingress "
                        + claimed.ingress() + "; this route is not used");
            }
        }

        void canary(Ingress ingress, Route shadowed, CanaryRule rule, Backend backend) {
            if (shadowed.canary().isPresent()) {
                problem(ingress, "CanaryConflict", "host '" + name + "' path " + shadowed.match().path()
                        + " already has the canary Ingress " + shadowed.canary().get().route().ingress()
                        + "; this one is not used");
                return;
            }
            routes.put(key(shadowed.match()), shadowed.withCanary(rule, name(ingress), backend));
        }

        void fallback(Ingress ingress, Route route) {
            fallback.offer(ingress, route);
        }

        void passthrough(Ingress ingress, Route route) {
            passthrough.offer(ingress, route);
        }

        /** The oldest Ingress's client certificate authentication holds for the host (a TLS-level setting). */
        void clientCertificateAuth(Ingress ingress, ClientCertificateAuth auth) {
            clientCertificateAuth.offer(ingress, auth);
        }

        /** The oldest Ingress's {@code ssl-ciphers} hold for the host (a TLS-level setting). */
        void cipherSuites(Ingress ingress, List<String> suites) {
            cipherSuites.offer(ingress, suites);
        }

        /** The oldest Ingress's {@code ssl-prefer-server-ciphers} holds for the host (a TLS-level setting). */
        void preferServerCiphers(Ingress ingress, boolean prefer) {
            preferServerCiphers.offer(ingress, prefer);
        }

        VirtualHost build(String served) {
            return new VirtualHost(served, List.copyOf(routes.values()), fallback.value(), tls,
                    Optional.ofNullable(redirectTo), passthrough.value(), clientCertificateAuth.value(),
                    cipherSuites.value().orElse(List.of()), preferServerCiphers.value());
        }
    }

    /**
     * A setting of a host that the oldest Ingress asking for it holds (its defaultBackend, ssl-passthrough, auth-tls);
     * a younger Ingress asking too is reported under {@code reason}, with the message made from the older one's name.
     */
    private final class Claim<T> {
        private final String reason;
        private final Function<String, String> conflict;
        private T value;
        private String ingress;

        Claim(String reason, Function<String, String> conflict) {
            this.reason = reason;
            this.conflict = conflict;
        }

        void offer(Ingress asking, T offered) {
            if (value == null) {
                value = offered;
                ingress = name(asking);
            } else if (!ingress.equals(name(asking))) {
                problem(asking, reason, conflict.apply(ingress));
            }
        }

        Optional<T> value() {
            return Optional.ofNullable(value);
        }
    }
}
