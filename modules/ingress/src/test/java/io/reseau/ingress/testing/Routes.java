package io.reseau.ingress.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.reseau.ingress.compute.IngressClasses;
import io.reseau.ingress.compute.IngressTranslation;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.LoadBalance;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.SourceAccess;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.model.RoutingTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds routing tables for data plane tests through the real translation, from Kubernetes objects. */
public final class Routes {

    public static final IngressTranslation.Settings SETTINGS = new IngressTranslation.Settings(
            new IngressClasses.Selection("reseau.io/ingress", Set.of("nginx"), Set.of(), false),
            RoutePolicy.defaults(RoutePolicy.HttpsRedirect.WHEN_TLS, false, 1 << 20, 32 * 1024, 64 * 1024,
                    Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), LoadBalance.ROUND_ROBIN,
                    false, SourceAccess.EVERYONE, Optional.empty(), Tracing.OFF),
            Optional.empty(), Set.of(), Optional.empty(), Set.of(), true, List.of(), Locality.UNKNOWN);

    private final List<Ingress> ingresses = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<EndpointSlice> slices = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private final List<ConfigMap> configMaps = new ArrayList<>();

    /** Service {@code name} (port 80, named http) with these endpoints, all on one port. */
    public Routes service(String name, int port, String... ips) {
        services.add(Objects.service("default", name, 80));
        slices.add(Objects.slice("default", name, name + "-" + slices.size(), port, ips));
        return this;
    }

    /** Service {@code name} whose endpoints are these backends (each its own port, so one slice per backend). */
    public Routes service(String name, HttpBackend... backends) {
        services.add(Objects.service("default", name, 80));
        for (HttpBackend backend : backends) {
            slices.add(Objects.slice("default", name, name + "-" + slices.size(), backend.port(), backend.ip()));
        }
        return this;
    }

    /** Service {@code name} of type ExternalName, naming {@code host}, without ports (the Ingress's port is used). */
    public Routes externalName(String name, String host) {
        services.add(new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(host).endSpec().build());
        return this;
    }

    /** One more endpoint of Service {@code name} (declared by one of the other methods): a slice of its own. */
    public Routes endpoint(String name, int port, String ip) {
        slices.add(Objects.slice("default", name, name + "-" + slices.size(), port, ip));
        return this;
    }

    public Routes ingress(Ingress ingress) {
        ingresses.add(ingress);
        return this;
    }

    public Routes secret(Secret secret) {
        secrets.add(secret);
        return this;
    }

    public Routes configMap(ConfigMap configMap) {
        configMaps.add(configMap);
        return this;
    }

    public RoutingTable table() {
        return table(SETTINGS);
    }

    /** The table these objects make under other controller settings. */
    public RoutingTable table(IngressTranslation.Settings settings) {
        return IngressTranslation.translate(ingresses, List.of(Objects.ourClass(false)), services, slices, secrets,
                configMaps, settings).table();
    }

    /** {@link #SETTINGS} letting Ingresses' custom-headers set these response fields (lower case). */
    public static IngressTranslation.Settings allowingResponseHeaders(Set<String> names) {
        return new IngressTranslation.Settings(SETTINGS.classes(), SETTINGS.defaults(),
                Optional.empty(), Set.of(), Optional.empty(), names, true, List.of(), Locality.UNKNOWN);
    }

    /** {@link #SETTINGS} with the controller's default-backend-service and custom-http-errors. */
    public static IngressTranslation.Settings withDefaultBackend(String service, Set<Integer> customErrors) {
        return new IngressTranslation.Settings(SETTINGS.classes(), SETTINGS.defaults(),
                Optional.of(ObjectKey.parse("default-backend-service", service)), customErrors, Optional.empty(),
                Set.of(), true, List.of(), Locality.UNKNOWN);
    }
}
