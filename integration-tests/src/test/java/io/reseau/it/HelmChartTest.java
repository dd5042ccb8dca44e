package io.reseau.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The umbrella chart in the bundle lints, renders every component, and honours each component's flag. */
class HelmChartTest {

    private final Helm chart = new Helm(Bundle.chart());

    @Test
    void lintsCleanly() {
        LintResult lint = chart.lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void rendersEveryComponentWithTheBundleVersion() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system"));

        assertThat(names(objects, DaemonSet.class)).containsExactlyInAnyOrder("reseau-cni", "reseau-proxy", "reseau-policy");
        assertThat(names(objects, Deployment.class)).containsExactlyInAnyOrder("reseau-ingress", "reseau-certs");
        assertThat(objects).filteredOn(IngressClass.class::isInstance).singleElement()
                .satisfies(o -> assertThat(((IngressClass) o).getSpec().getController()).isEqualTo("reseau.io/ingress"));
        assertThat(objects).filteredOn(HelmChartTest::isIngressService).singleElement()
                .satisfies(o -> assertThat(((Service) o).getSpec().getType()).isEqualTo("LoadBalancer"));
        DaemonSet proxy = (DaemonSet) objects.stream()
                .filter(o -> o instanceof DaemonSet && o.getMetadata().getName().equals("reseau-proxy")).findFirst().orElseThrow();
        assertThat(proxy.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .endsWith(":" + Bundle.VERSION);
        assertThat(proxy.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        DaemonSet cni = (DaemonSet) objects.stream()
                .filter(o -> o instanceof DaemonSet && o.getMetadata().getName().equals("reseau-cni")).findFirst().orElseThrow();
        assertThat(cni.getSpec().getTemplate().getSpec().getInitContainers()).singleElement()
                .satisfies(init -> assertThat(init.getCommand()).containsExactly("/opt/reseau/bin/reseau-cni", "install"));
        assertThat(cni.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(env -> assertThat(env.getName() + "=" + env.getValue()).isEqualTo("RESEAU_CNI_CLUSTER_CIDRS=10.42.0.0/16"));
    }

    @Test
    void aDisabledComponentRendersNothing() {
        List<HasMetadata> objects = render(chart.template().withName("reseau")
                .set("proxy.enabled", "false").set("certs.enabled", "false"));

        assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("reseau-proxy"));
        assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("reseau-certs"));
        assertThat(names(objects, DaemonSet.class)).containsExactlyInAnyOrder("reseau-cni", "reseau-policy");
    }

    @Test
    void tcpServicesBecomeAConfigMapAndPortsOfTheIngressServiceAndPod() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.tcp.5432", "db/postgres:5432").set("ingress.tcp.6379", "cache/redis:6379:PROXY"));

        assertThat(objects).filteredOn(ConfigMap.class::isInstance).singleElement().satisfies(map -> {
            assertThat(map.getMetadata().getName()).isEqualTo("reseau-ingress-tcp");
            assertThat(((ConfigMap) map).getData()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "5432", "db/postgres:5432", "6379", "cache/redis:6379:PROXY"));
        });
        assertThat(objects).filteredOn(HelmChartTest::isIngressService).singleElement().satisfies(service -> assertThat(
                ((Service) service).getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .contains(tuple("tcp-5432", 5432), tuple("tcp-6379", 6379)));
        Deployment ingress = (Deployment) objects.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        Container container = ingress.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).contains(5432, 6379);
        assertThat(container.getEnv()).anySatisfy(env -> assertThat(env.getName() + "=" + env.getValue())
                .isEqualTo("RESEAU_INGRESS_TCP_SERVICES_CONFIGMAP=reseau-system/reseau-ingress-tcp"));
        assertThat(names(objects, Role.class)).contains("reseau-ingress-configmaps");
    }

    @Test
    void ingressNginxsConfigMapKeysAreMountedForTheControllerAndRollThePodsWhenChanged(@TempDir Path work)
            throws IOException {
        // As a user pastes them into a values file, a number unquoted.
        Path values = Files.writeString(work.resolve("values.yaml"), """
                ingress:
                  config:
                    use-forwarded-headers: "true"
                    keep-alive-requests: 1000000
                    allow-snippet-annotations: "false"
                """);
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .withValuesFile(values));

        assertThat(objects).filteredOn(ConfigMap.class::isInstance).singleElement().satisfies(map -> {
            assertThat(map.getMetadata().getName()).isEqualTo("reseau-ingress-config");
            assertThat(((ConfigMap) map).getData()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "use-forwarded-headers", "true", "keep-alive-requests", "1000000",
                    "allow-snippet-annotations", "false"));
        });
        Deployment ingress = (Deployment) objects.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        var pod = ingress.getSpec().getTemplate();
        Container container = pod.getSpec().getContainers().getFirst();
        assertThat(container.getEnv()).anySatisfy(env -> assertThat(env.getName() + "=" + env.getValue())
                .isEqualTo("RESEAU_INGRESS_SETTINGS_DIRECTORY=/etc/reseau-ingress/config"));
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath())
                .isEqualTo("/etc/reseau-ingress/config"));
        assertThat(pod.getSpec().getVolumes()).filteredOn(volume -> volume.getConfigMap() != null)
                .extracting(volume -> volume.getConfigMap().getName()).containsExactly("reseau-ingress-config");
        String checksum = pod.getMetadata().getAnnotations().get("checksum/config");
        Deployment changed = (Deployment) render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.config.use-forwarded-headers", "false")).stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        assertThat(changed.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"))
                .isNotBlank().isNotEqualTo(checksum);
    }

    @Test
    void theControllerKnowsItsNodeAndMayReadItsZoneForTopologyAwareRouting() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.config.enable-topology-aware-routing", "true"));

        Deployment ingress = (Deployment) objects.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        assertThat(ingress.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("RESEAU_INGRESS_NODE_NAME");
                    assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
                });
        assertThat(ingressClusterRole(objects).getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("nodes");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
    }

    @Test
    void aSnippetInIngressNginxsConfigMapKeysFailsTheInstall() {
        assertThatThrownBy(() -> render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.config.http-snippet", "server { listen 81; }")))
                .hasMessageContaining("ingress.config: http-snippet is not accepted");
        assertThatThrownBy(() -> render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.config.allow-snippet-annotations", "true")))
                .hasMessageContaining("allow-snippet-annotations is not accepted");
    }

    @Test
    void fieldsForEveryRequestAndResponseBecomeConfigMapsTheControllerIsPointedAt() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.addHeaders.X-Frame-Options", "DENY")
                .set("ingress.proxySetHeaders.X-Cluster", "blue"));

        assertThat(objects).filteredOn(ConfigMap.class::isInstance).extracting(map -> map.getMetadata().getName()
                + " " + ((ConfigMap) map).getData()).containsExactlyInAnyOrder(
                "reseau-ingress-add-headers {X-Frame-Options=DENY}",
                "reseau-ingress-proxy-set-headers {X-Cluster=blue}");
        Deployment ingress = (Deployment) objects.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        assertThat(ingress.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .extracting(env -> env.getName() + "=" + env.getValue()).contains(
                        "RESEAU_INGRESS_ADD_HEADERS=reseau-system/reseau-ingress-add-headers",
                        "RESEAU_INGRESS_PROXY_SET_HEADERS=reseau-system/reseau-ingress-proxy-set-headers");
        assertThat(names(objects, Role.class)).contains("reseau-ingress-configmaps");
    }

    @Test
    void udpServicesBecomeAConfigMapAndUdpPortsOfTheIngressServiceAndPod() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.udp.5353", "kube-system/kube-dns:53").set("ingress.proxyStreamResponses", "2"));

        assertThat(objects).filteredOn(ConfigMap.class::isInstance).singleElement().satisfies(map -> {
            assertThat(map.getMetadata().getName()).isEqualTo("reseau-ingress-udp");
            assertThat(((ConfigMap) map).getData()).containsExactlyEntriesOf(Map.of("5353",
                    "kube-system/kube-dns:53"));
        });
        assertThat(objects).filteredOn(HelmChartTest::isIngressService).singleElement().satisfies(service -> assertThat(
                ((Service) service).getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort,
                ServicePort::getProtocol).contains(tuple("udp-5353", 5353, "UDP")));
        Deployment ingress = (Deployment) objects.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        Container container = ingress.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort, ContainerPort::getProtocol)
                .contains(tuple(5353, "UDP"));
        assertThat(container.getEnv()).extracting(env -> env.getName() + "=" + env.getValue()).contains(
                "RESEAU_INGRESS_UDP_SERVICES_CONFIGMAP=reseau-system/reseau-ingress-udp",
                "RESEAU_INGRESS_PROXY_STREAM_RESPONSES=2");
        assertThat(names(objects, Role.class)).contains("reseau-ingress-configmaps");
    }

    @Test
    void controllerWideSettingsReachTheIngressControllersEnvironment() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.defaultBackendService", "infra/error-pages").set("ingress.customHttpErrors", "503")
                .set("ingress.ssl.ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256")
                .set("ingress.sourceRanges.block", "192.0.2.0/24")
                .set("ingress.blockUserAgents", "~*bot,~*crawler").set("ingress.blockReferers", "~*spam")
                .set("ingress.forwardedHeaders.enableRealIp", "true").set("ingress.ssl.sessionTimeout", "1h")
                .set("ingress.ssl.sessionTickets", "false").set("ingress.ssl.sessionCacheSize", "20m")
                .set("ingress.globalAuth.url", "http://oauth2-proxy.auth.svc/oauth2/auth")
                .set("ingress.globalAuth.signinRedirectParam", "rd").set("ingress.globalAuth.alwaysSetCookie", "true")
                .set("ingress.generateRequestId", "false").set("ingress.gzip.enabled", "true").set("ingress.gzip.level", "5")
                .set("ingress.gzip.types", "application/json text/css").set("ingress.gzip.disable", "msie6")
                .set("ingress.limitStatusCodes.requests", "429")
                .set("ingress.logFormat.upstream", "$remote_addr \"$request\" $status $req_id")
                .set("ingress.logFormat.stream", "[$remote_addr] $protocol $status")
                .set("ingress.ssl.sessionTicketKeySecret", "reseau-ticket-key")
                .set("ingress.proxyNextUpstream.conditions", "error timeout http_503")
                .set("ingress.proxyNextUpstream.timeout", "10").set("ingress.proxyNextUpstream.tries", "0")
                .set("ingress.keepAlive", "140").set("ingress.upstreamKeepalive.requests", "100")
                .set("ingress.upstreamKeepalive.time", "30m").set("ingress.limitRate", "200")
                .set("ingress.clientBodyBufferSize", "1m")
                .set("ingress.proxyBuffering.enabled", "true").set("ingress.proxyBuffering.maxTempFileSize", "64m")
                .set("ingress.skipAccessLogUrls", "/healthz,/ready")
                .set("ingress.enableAccessLogForDefaultBackend", "true")
                .set("ingress.hideHeaders", "X-Powered-By")
                .set("ingress.largeClientHeaderBuffers", "4 16k")
                .set("ingress.noTlsRedirectLocations", "/.well-known,/plain").set("ingress.adoptedClassNames", "nginx")
                .set("ingress.watchIngressWithoutClass", "true").set("ingress.disableCatchAll", "true")
                .set("ingress.brotli.enabled", "true").set("ingress.brotli.level", "6")
                .set("ingress.ssl.rejectHandshake", "true")
                .set("ingress.opentelemetry.enabled", "true").set("ingress.opentelemetry.collectorHost",
                        "otel-collector.monitoring").set("ingress.opentelemetry.sampler", "AlwaysOn"));

        Deployment ingress = (Deployment) objects.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        assertThat(ingress.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .extracting(env -> env.getName() + "=" + env.getValue())
                .contains("RESEAU_INGRESS_SSL_PROTOCOLS=TLSv1.2 TLSv1.3",
                        "RESEAU_INGRESS_WATCH_INGRESS_WITHOUT_CLASS=true", "RESEAU_INGRESS_DISABLE_CATCH_ALL=true",
                        "RESEAU_INGRESS_ENABLE_OPENTELEMETRY=true",
                        "RESEAU_INGRESS_OTLP_COLLECTOR_HOST=otel-collector.monitoring",
                        "RESEAU_INGRESS_OTLP_COLLECTOR_PROTOCOL=grpc", "RESEAU_INGRESS_OTEL_SAMPLER=AlwaysOn",
                        "RESEAU_INGRESS_SSL_CIPHERS=ECDHE-ECDSA-AES128-GCM-SHA256",
                        "RESEAU_INGRESS_BLOCK_CIDRS=192.0.2.0/24",
                        "RESEAU_INGRESS_BLOCK_USER_AGENTS=~*bot,~*crawler", "RESEAU_INGRESS_BLOCK_REFERERS=~*spam",
                        "RESEAU_INGRESS_ENABLE_REAL_IP=true", "RESEAU_INGRESS_SSL_SESSION_TIMEOUT=1h",
                        "RESEAU_INGRESS_SSL_SESSION_TICKETS=false", "RESEAU_INGRESS_SSL_SESSION_CACHE=true",
                        "RESEAU_INGRESS_SSL_SESSION_CACHE_SIZE=20m",
                        "RESEAU_INGRESS_GLOBAL_AUTH_URL=http://oauth2-proxy.auth.svc/oauth2/auth",
                        "RESEAU_INGRESS_GLOBAL_AUTH_SIGNIN_REDIRECT_PARAM=rd",
                        "RESEAU_INGRESS_GLOBAL_AUTH_ALWAYS_SET_COOKIE=true",
                        "RESEAU_INGRESS_DEFAULT_BACKEND_SERVICE=infra/error-pages",
                        "RESEAU_INGRESS_CUSTOM_HTTP_ERRORS=503",
                        "RESEAU_INGRESS_GENERATE_REQUEST_ID=false", "RESEAU_INGRESS_USE_GZIP=true", "RESEAU_INGRESS_GZIP_LEVEL=5",
                        "RESEAU_INGRESS_GZIP_MIN_LENGTH=256", "RESEAU_INGRESS_GZIP_TYPES=application/json text/css",
                        "RESEAU_INGRESS_GZIP_DISABLE=msie6",
                        "RESEAU_INGRESS_LIMIT_REQ_STATUS_CODE=429", "RESEAU_INGRESS_LIMIT_CONN_STATUS_CODE=503",
                        "RESEAU_INGRESS_LOG_FORMAT_UPSTREAM=$remote_addr \"$request\" $status $req_id",
                        "RESEAU_INGRESS_LOG_FORMAT_STREAM=[$remote_addr] $protocol $status",
                        "RESEAU_INGRESS_LOG_FORMAT_ESCAPE_JSON=false", "RESEAU_INGRESS_LOG_FORMAT_ESCAPE_NONE=false",
                        "RESEAU_INGRESS_PROXY_NEXT_UPSTREAM=error timeout http_503",
                        "RESEAU_INGRESS_PROXY_NEXT_UPSTREAM_TIMEOUT=10", "RESEAU_INGRESS_PROXY_NEXT_UPSTREAM_TRIES=0",
                        "RESEAU_INGRESS_KEEP_ALIVE=140", "RESEAU_INGRESS_UPSTREAM_KEEPALIVE_CONNECTIONS=320",
                        "RESEAU_INGRESS_UPSTREAM_KEEPALIVE_TIMEOUT=60s", "RESEAU_INGRESS_UPSTREAM_KEEPALIVE_REQUESTS=100",
                        "RESEAU_INGRESS_UPSTREAM_KEEPALIVE_TIME=30m", "RESEAU_INGRESS_LIMIT_RATE=200", "RESEAU_INGRESS_CLIENT_BODY_BUFFER_SIZE=1m",
                        "RESEAU_INGRESS_LIMIT_RATE_AFTER=0", "RESEAU_INGRESS_SKIP_ACCESS_LOG_URLS=/healthz,/ready",
                        "RESEAU_INGRESS_PROXY_BUFFERING=on", "RESEAU_INGRESS_PROXY_MAX_TEMP_FILE_SIZE=64m",
                        "RESEAU_INGRESS_ENABLE_ACCESS_LOG_FOR_DEFAULT_BACKEND=true",
                        "RESEAU_INGRESS_HIDE_HEADERS=X-Powered-By",
                        "RESEAU_INGRESS_LARGE_CLIENT_HEADER_BUFFERS=4 16k",
                        "RESEAU_INGRESS_NO_TLS_REDIRECT_LOCATIONS=/.well-known,/plain",
                        "RESEAU_INGRESS_ADOPTED_CLASS_NAMES=nginx",
                        "RESEAU_INGRESS_ENABLE_BROTLI=true", "RESEAU_INGRESS_BROTLI_LEVEL=6",
                        "RESEAU_INGRESS_BROTLI_MIN_LENGTH=20", "RESEAU_INGRESS_SSL_REJECT_HANDSHAKE=true");
        // No collector port given: the protocol's own (4317 for gRPC) is reseau's to choose.
        assertThat(ingress.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .noneMatch(env -> env.getName().equals("RESEAU_INGRESS_OTLP_COLLECTOR_PORT"));
        // The session ticket key is read from its Secret, never written into the Deployment.
        assertThat(ingress.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .filteredOn(env -> env.getName().equals("RESEAU_INGRESS_SSL_SESSION_TICKET_KEY")).singleElement()
                .satisfies(env -> assertThat(env.getValueFrom().getSecretKeyRef().getName() + "/"
                        + env.getValueFrom().getSecretKeyRef().getKey())
                        .isEqualTo("reseau-ticket-key/ssl-session-ticket-key"));
    }

    @Test
    void watchNamespaceGrantsReadsInThatNamespaceAndThoseOfTheNamedObjectsInsteadOfClusterWide() {
        List<HasMetadata> cluster = render(chart.template().withName("reseau").withNamespace("reseau-system"));
        List<HasMetadata> scoped = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.watchNamespace", "team-a").set("ingress.defaultBackendService", "infra/error-pages"));

        assertThat(rules(ingressClusterRole(cluster))).contains("networking.k8s.io/ingresses",
                "/services", "discovery.k8s.io/endpointslices");
        // Cluster-wide still: IngressClasses, and the one (named) configuration of the admission webhook.
        assertThat(rules(ingressClusterRole(scoped))).containsExactly("networking.k8s.io/ingressclasses",
                "/nodes", "admissionregistration.k8s.io/validatingwebhookconfigurations");
        assertThat(scoped.stream().filter(o -> o instanceof Role && o.getMetadata().getName().equals("reseau-ingress")))
                .map(o -> (Role) o)
                .extracting(role -> role.getMetadata().getNamespace(), HelmChartTest::rules)
                .containsExactlyInAnyOrder(
                        tuple("team-a", List.of("/services", "/secrets", "discovery.k8s.io/endpointslices", "/events",
                                "/configmaps", "networking.k8s.io/ingresses", "networking.k8s.io/ingresses/status")),
                        tuple("reseau-system", List.of("/services", "/secrets", "discovery.k8s.io/endpointslices",
                                "/events", "/configmaps")),
                        tuple("infra", List.of("/services", "/secrets", "discovery.k8s.io/endpointslices", "/events",
                                "/configmaps")));
        assertThat(scoped.stream().filter(o -> o instanceof RoleBinding
                        && o.getMetadata().getName().equals("reseau-ingress")).map(o -> o.getMetadata().getNamespace()))
                .containsExactlyInAnyOrder("team-a", "reseau-system", "infra");
        Deployment ingress = (Deployment) scoped.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        assertThat(ingress.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .extracting(env -> env.getName() + "=" + env.getValue())
                .contains("RESEAU_INGRESS_WATCH_NAMESPACE=team-a");
    }

    @Test
    void allowedResponseHeadersReachTheControllerWhichReadsConfigMapsWhereItReadsServices() {
        List<HasMetadata> cluster = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.globalAllowedResponseHeaders", "X-Frame-Options,Content-Security-Policy"));
        List<HasMetadata> scoped = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.globalAllowedResponseHeaders", "X-Frame-Options").set("ingress.watchNamespace",
                        "team-a"));

        // Ingresses name ConfigMaps of their namespace (auth-proxy-set-headers) whatever the setting.
        assertThat(rules(ingressClusterRole(render(chart.template().withName("reseau")
                .withNamespace("reseau-system"))))).contains("/configmaps");
        assertThat(rules(ingressClusterRole(cluster))).contains("/configmaps");
        assertThat(scoped.stream().filter(o -> o instanceof Role && o.getMetadata().getName().equals("reseau-ingress")))
                .map(o -> (Role) o).allSatisfy(role -> assertThat(rules(role)).contains("/configmaps"))
                .extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "reseau-system");
        Deployment ingress = (Deployment) cluster.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
        assertThat(ingress.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .extracting(env -> env.getName() + "=" + env.getValue())
                .contains("RESEAU_INGRESS_GLOBAL_ALLOWED_RESPONSE_HEADERS=X-Frame-Options,Content-Security-Policy");
    }

    @Test
    void theAdmissionWebhookIsRegisteredAndTheControllerMayKeepItsCertificateAndCaBundle() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.admissionWebhooks.failurePolicy", "Ignore"));

        ValidatingWebhookConfiguration configuration = objects.stream()
                .filter(ValidatingWebhookConfiguration.class::isInstance).map(ValidatingWebhookConfiguration.class::cast)
                .reduce((a, b) -> {
                    throw new AssertionError("more than one webhook configuration");
                }).orElseThrow();
        assertThat(configuration.getMetadata().getName()).isEqualTo("reseau-ingress-reseau-system");
        assertThat(configuration.getWebhooks()).singleElement().satisfies(webhook -> {
            assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
            assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
                assertThat(rule.getResources()).containsExactly("ingresses");
                assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
            });
            ServiceReference service = webhook.getClientConfig().getService();
            assertThat(service.getNamespace() + "/" + service.getName() + ":" + service.getPort() + service.getPath())
                    .isEqualTo("reseau-system/reseau-ingress-admission:443/validate/ingresses");
        });
        assertThat(objects).filteredOn(o -> o instanceof Service
                && o.getMetadata().getName().equals("reseau-ingress-admission")).singleElement()
                .satisfies(service -> assertThat(((Service) service).getSpec().getPorts()).singleElement()
                        .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("webhook")));
        Container container = ingressDeployment(objects).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(tuple("webhook", 8444));
        assertThat(container.getEnv()).extracting(env -> env.getName() + "=" + env.getValue()).contains(
                "RESEAU_INGRESS_VALIDATING_WEBHOOK=:8444",
                "RESEAU_INGRESS_VALIDATING_WEBHOOK_SECRET=reseau-system/reseau-ingress-admission",
                "RESEAU_INGRESS_VALIDATING_WEBHOOK_CONFIGURATION=reseau-ingress-reseau-system");
        assertThat(ingressClusterRole(objects).getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("validatingwebhookconfigurations");
            assertThat(rule.getResourceNames()).containsExactly("reseau-ingress-reseau-system");
            assertThat(rule.getVerbs()).contains("get", "update");
        });
        Role secret = (Role) objects.stream().filter(o -> o instanceof Role
                && o.getMetadata().getName().equals("reseau-ingress-admission")).findFirst().orElseThrow();
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("reseau-system");
        assertThat(secret.getRules()).extracting(rule -> rule.getResources() + " " + rule.getResourceNames() + " "
                + rule.getVerbs()).containsExactlyInAnyOrder("[secrets] [reseau-ingress-admission] [get]",
                "[secrets] [] [create]");
        assertThat(names(objects, RoleBinding.class)).contains("reseau-ingress-admission");
    }

    @Test
    void withoutTheAdmissionWebhookNothingOfItIsRendered() {
        List<HasMetadata> objects = render(chart.template().withName("reseau").withNamespace("reseau-system")
                .set("ingress.admissionWebhooks.enabled", "false"));

        assertThat(objects).noneMatch(o -> o instanceof ValidatingWebhookConfiguration
                || o.getMetadata().getName().equals("reseau-ingress-admission"));
        assertThat(rules(ingressClusterRole(objects))).doesNotContain(
                "admissionregistration.k8s.io/validatingwebhookconfigurations");
        assertThat(ingressDeployment(objects).getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .noneMatch(env -> env.getName().startsWith("RESEAU_INGRESS_VALIDATING_WEBHOOK"));
    }

    private static Deployment ingressDeployment(List<HasMetadata> objects) {
        return (Deployment) objects.stream().filter(o -> o instanceof Deployment
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
    }

    /** The controller's own Service (the webhook has another). */
    private static boolean isIngressService(HasMetadata object) {
        return object instanceof Service && object.getMetadata().getName().equals("reseau-ingress");
    }

    private static ClusterRole ingressClusterRole(List<HasMetadata> objects) {
        return (ClusterRole) objects.stream().filter(o -> o instanceof ClusterRole
                && o.getMetadata().getName().equals("reseau-ingress")).findFirst().orElseThrow();
    }

    /** Each rule's resources as {@code group/resource}. */
    private static List<String> rules(HasMetadata role) {
        List<PolicyRule> rules = role instanceof Role r ? r.getRules() : ((ClusterRole) role).getRules();
        return rules.stream().flatMap(rule -> rule.getResources().stream()
                .map(resource -> rule.getApiGroups().getFirst() + "/" + resource)).toList();
    }

    private static List<HasMetadata> render(com.marcnuri.helm.TemplateCommand template) {
        String yaml = template.call();
        return Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> kind) {
        return objects.stream().filter(kind::isInstance).map(o -> o.getMetadata().getName()).toList();
    }
}
