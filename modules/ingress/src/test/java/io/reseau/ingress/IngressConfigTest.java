package io.reseau.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.netty.handler.ssl.OpenSsl;
import io.reseau.ingress.admission.AdmissionServer;
import io.reseau.ingress.admission.PemFiles;
import io.reseau.ingress.compute.Annotations;
import io.reseau.ingress.compute.IngressTranslation;
import io.reseau.ingress.dataplane.Compression;
import io.reseau.ingress.dataplane.DataPlaneSettings;
import io.reseau.ingress.dataplane.LoggedFields;
import io.reseau.ingress.dataplane.OtlpExport;
import io.reseau.ingress.dataplane.SessionResumption;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.ResponseRate;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.model.ValuePattern;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings as Quarkus reads them (its converters discovered, as at start), under ingress-nginx's key names. */
class IngressConfigTest {

    private static IngressConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredConverters().withMapping(IngressConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(IngressConfig.class);
    }

    private static DataPlaneSettings dataPlane(Map<String, String> properties) {
        List<String> leftOut = new ArrayList<>();
        DataPlaneSettings settings = config(properties).dataPlane(leftOut::add);
        assertThat(leftOut).isEmpty();
        return settings;
    }

    /** {@code settings} and one more. */
    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> more = new HashMap<>(settings);
        more.put(key, value);
        return more;
    }

    @Test
    void keepAliveKeysTakeIngressNginxSecondsAsTheyAreWritten() {
        DataPlaneSettings settings = dataPlane(Map.of("reseau.ingress.keep-alive", "140",
                "reseau.ingress.upstream-keepalive-timeout", "5", "reseau.ingress.upstream-keepalive-connections", "100",
                "reseau.ingress.upstream-keepalive-requests", "100", "reseau.ingress.upstream-keepalive-time", "30s"));

        assertThat(settings.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(140));
        assertThat(settings.upstreamKeepalive()).isEqualTo(new DataPlaneSettings.UpstreamKeepalive(100,
                Duration.ofSeconds(5), 100, Duration.ofSeconds(30)));
    }

    @Test
    void keepAliveDefaultsAreIngressNginxs() {
        DataPlaneSettings settings = dataPlane(Map.of());

        assertThat(settings.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(settings.upstreamKeepalive()).isEqualTo(DataPlaneSettings.UpstreamKeepalive.DEFAULT);
        assertThat(settings.attempts()).isEqualTo(3);
    }

    @Test
    void proxyNextUpstreamTriesOfZeroTriesEveryEndpoint() {
        assertThat(dataPlane(Map.of("reseau.ingress.proxy-next-upstream-tries", "0")).attempts())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(dataPlane(Map.of("reseau.ingress.proxy-next-upstream-tries", "5")).attempts()).isEqualTo(5);
    }

    @Test
    void openTelemetryKeysAreIngressNginxsAndNothingIsTracedWithoutACollector() {
        IngressConfig traced = config(Map.of("reseau.ingress.enable-opentelemetry", "true",
                "reseau.ingress.opentelemetry-trust-incoming-span", "false",
                "reseau.ingress.otlp-collector-host", "otel-collector.monitoring",
                "reseau.ingress.otel-sampler", "TraceIdRatioBased", "reseau.ingress.otel-sampler-ratio", "0.25",
                "reseau.ingress.otel-sampler-parent-based", "true", "reseau.ingress.otel-schedule-delay-millis", "500"));

        assertThat(traced.translation().defaults().tracing()).isEqualTo(new Tracing(true, false));
        // Requests no rule takes too, as ingress-nginx's default server's.
        assertThat(traced.tracing().orElseThrow().unrouted()).isEqualTo(new Tracing(true, false));
        assertThat(config(Map.of("reseau.ingress.opentelemetry-operation-name", "HTTP $request_method $host"))
                .translation().defaults().tracing().operationName()).contains("HTTP $request_method $host");
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.opentelemetry-operation-name", "$location_path"))
                .translation()).hasMessageStartingWith("opentelemetry-operation-name: $location_path is not a variable");
        assertThat(dataPlane(Map.of("reseau.ingress.otlp-collector-host", "otel-collector.monitoring",
                "reseau.ingress.otel-sampler", "TraceIdRatioBased", "reseau.ingress.otel-sampler-ratio", "0.25",
                "reseau.ingress.otel-sampler-parent-based", "true", "reseau.ingress.otel-schedule-delay-millis",
                "500")).tracing()).contains(new OtlpExport(OtlpExport.Protocol.GRPC,
                        URI.create("http://otel-collector.monitoring:4317"), "reseau-ingress",
                        new OtlpExport.Sampling(OtlpExport.Sampler.TRACE_ID_RATIO_BASED, 0.25, true), 2048,
                        Duration.ofMillis(500), 512, Tracing.OFF));
        assertThat(config(Map.of()).translation().defaults().tracing()).isEqualTo(Tracing.OFF);
        assertThat(dataPlane(Map.of("reseau.ingress.enable-opentelemetry", "true")).tracing()).isEmpty();
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.otlp-collector-host", "collector",
                "reseau.ingress.otel-sampler", "Sometimes")).tracing())
                .hasMessageContaining("otel-sampler must be AlwaysOn, AlwaysOff or TraceIdRatioBased, not 'Sometimes'");
    }

    @Test
    void spansGoOverGrpcAsIngressNginxSendsThemOrOverHttpEachToItsOwnDefaultPort() {
        Map<String, String> host = Map.of("reseau.ingress.otlp-collector-host", "fd00::7");
        assertThat(config(host).tracing().orElseThrow().endpoint()).isEqualTo(URI.create("http://[fd00::7]:4317"));
        assertThat(config(with(host, "reseau.ingress.otlp-collector-protocol", "http/protobuf")).tracing()
                .orElseThrow()).satisfies(export -> {
                    assertThat(export.protocol()).isEqualTo(OtlpExport.Protocol.HTTP_PROTOBUF);
                    assertThat(export.endpoint()).isEqualTo(URI.create("http://[fd00::7]:4318/v1/traces"));
                });
        assertThat(config(with(host, "reseau.ingress.otlp-collector-protocol", "HTTP/Protobuf")).tracing()
                .orElseThrow().protocol()).isEqualTo(OtlpExport.Protocol.HTTP_PROTOBUF);
        assertThat(config(with(host, "reseau.ingress.otlp-collector-port", "55680")).tracing().orElseThrow()
                .endpoint()).isEqualTo(URI.create("http://[fd00::7]:55680"));
        assertThatThrownBy(() -> config(with(host, "reseau.ingress.otlp-collector-protocol", "http/json")).tracing())
                .hasMessage("otlp-collector-protocol: otlp-collector-protocol must be grpc or http/protobuf, not"
                        + " 'http/json'");
    }

    @Test
    void theFieldsAndCookiesLogFormatUpstreamNamesAreKeptByTheDataPlane() {
        LoggedFields fields = dataPlane(Map.of("reseau.ingress.log-format-upstream", "$remote_addr"
                + " \"$http_X_Forwarded_For\" $http_user_agent $http_cf_connecting_ip $cookie_session"
                + " $sent_http_location")).loggedFields();
        assertThat(fields.request().values()).extracting(Object::toString)
                .containsExactlyInAnyOrder("x-forwarded-for", "cf-connecting-ip");
        assertThat(fields.cookies()).isEqualTo(Map.of("$cookie_session", "session"));
        assertThat(fields.response().values()).extracting(Object::toString).containsExactly("location");
        assertThat(dataPlane(Map.of()).loggedFields()).isEqualTo(LoggedFields.NONE);
    }

    @Test
    void theOtherProtocolsPortIsWarnedOf() {
        Map<String, String> grpcToHttpPort = Map.of("reseau.ingress.otlp-collector-host", "collector",
                "reseau.ingress.otlp-collector-port", "4318");
        assertThat(config(grpcToHttpPort).tracing().orElseThrow().portWarning()).hasValueSatisfying(warning ->
                assertThat(warning).contains("4318", "OTLP over http/protobuf", "sends grpc", "http://collector:4318"));
        Map<String, String> httpToGrpcPort = Map.of("reseau.ingress.otlp-collector-host", "collector",
                "reseau.ingress.otlp-collector-protocol", "http/protobuf",
                "reseau.ingress.otlp-collector-port", "4317");
        assertThat(config(httpToGrpcPort).tracing().orElseThrow().portWarning()).hasValueSatisfying(warning ->
                assertThat(warning).contains("4317", "OTLP over grpc", "sends http/protobuf",
                        "http://collector:4317/v1/traces"));
        assertThat(config(Map.of("reseau.ingress.otlp-collector-host", "collector")).tracing().orElseThrow()
                .portWarning()).isEmpty();
    }

    @Test
    void enableOcspStaplesWithTheBoringSslEngineAndIsOffByDefault() {
        assertThat(dataPlane(Map.of("reseau.ingress.enable-ocsp", "true")).tls().ocspStapling())
                .isEqualTo(OpenSsl.isOcspSupported());
        assertThat(dataPlane(Map.of()).tls().ocspStapling()).isFalse();
    }

    @Test
    void theServersOrderOfCipherSuitesIsPreferredUnlessSaidOtherwise() {
        assertThat(dataPlane(Map.of()).tls().preferServerCiphers()).isTrue();
        assertThat(dataPlane(Map.of("reseau.ingress.ssl-prefer-server-ciphers", "false")).tls().preferServerCiphers())
                .isFalse();
    }

    @Test
    void serviceUpstreamIsEveryIngresssDefaultAndAnIngressCanTurnItOff() {
        RoutePolicy defaults = config(Map.of("reseau.ingress.service-upstream", "true")).translation().defaults();

        assertThat(defaults.serviceUpstream()).isTrue();
        assertThat(Annotations.parse(Map.of(), defaults).policy().orElseThrow().serviceUpstream()).isTrue();
        assertThat(Annotations.parse(Map.of("nginx.ingress.kubernetes.io/service-upstream", "false"), defaults)
                .policy().orElseThrow().serviceUpstream()).isFalse();
        assertThat(config(Map.of()).translation().defaults().serviceUpstream()).isFalse();
    }

    @Test
    void limitRateIsEveryIngresssDefault() {
        assertThat(config(Map.of("reseau.ingress.limit-rate", "100", "reseau.ingress.limit-rate-after", "10"))
                .translation().defaults().responseRate()).contains(new ResponseRate(102_400, 10_240));
        assertThat(config(Map.of()).translation().defaults().responseRate()).isEmpty();
    }

    @Test
    void proxyBufferingIsEveryIngresssDefaultAndOffWithout() {
        assertThat(config(Map.of("reseau.ingress.proxy-buffering", "on", "reseau.ingress.proxy-max-temp-file-size",
                "100m")).translation().defaults().responseBuffering()).isEqualTo(
                new RoutePolicy.ResponseBuffering(true, 100L << 20));
        assertThat(config(Map.of()).translation().defaults().responseBuffering().fileBytes()).isZero();
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.proxy-buffering", "yes")).translation())
                .hasMessageContaining("proxy-buffering");
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.proxy-max-temp-file-size", "-1")).translation())
                .hasMessageContaining("proxy-max-temp-file-size");
    }

    @Test
    void tcpServicesGoOnToTheNextEndpointAsTheStreamKeysSay() {
        assertThat(config(Map.of()).streamServices(Set.of(80)).nextUpstream()).isEqualTo(new NextUpstream(true, true,
                Set.of(), false, Optional.of(3), Optional.of(Duration.ofSeconds(600))));
        assertThat(config(Map.of("reseau.ingress.proxy-stream-next-upstream-tries", "0",
                "reseau.ingress.proxy-stream-next-upstream-timeout", "0s")).streamServices(Set.of(80)).nextUpstream())
                .isEqualTo(new NextUpstream(true, true, Set.of(), false, Optional.of(Integer.MAX_VALUE),
                        Optional.empty()));
        assertThat(config(Map.of("reseau.ingress.proxy-stream-next-upstream", "off")).streamServices(Set.of(80))
                .nextUpstream()).isEqualTo(NextUpstream.OFF);
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.proxy-stream-next-upstream", "maybe"))
                .streamServices(Set.of(80))).hasMessageContaining("proxy-stream-next-upstream");
    }

    @Test
    void forceSslRedirectAndProxyRequestBufferingAreEveryIngresssDefault() {
        RoutePolicy forced = config(Map.of("reseau.ingress.force-ssl-redirect", "true",
                "reseau.ingress.proxy-request-buffering", "on")).translation().defaults();
        RoutePolicy plain = config(Map.of()).translation().defaults();

        assertThat(forced.httpsRedirect().applies(false)).isTrue();
        assertThat(forced.requestBuffering()).isTrue();
        assertThat(plain.httpsRedirect()).isEqualTo(RoutePolicy.HttpsRedirect.WHEN_TLS);
        assertThat(plain.requestBuffering()).isFalse();
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.proxy-request-buffering", "yes")).translation())
                .hasMessageContaining("proxy-request-buffering");
    }

    @Test
    void clientBodyBufferSizeIsEveryIngresssDefaultAnd64kWithout() {
        assertThat(config(Map.of("reseau.ingress.client-body-buffer-size", "1m")).translation().defaults()
                .bodyMemoryBytes()).isEqualTo(1 << 20);
        assertThat(config(Map.of()).translation().defaults().bodyMemoryBytes()).isEqualTo(64 << 10);
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.client-body-buffer-size", "100")).translation())
                .hasMessageContaining("client-body-buffer-size");
    }

    @Test
    void noClassIsAdoptedUnlessNamed() {
        assertThat(config(Map.of()).translation().classes().adoptedNames()).isEmpty();
        assertThat(config(Map.of("reseau.ingress.adopted-class-names", "nginx, other")).translation()
                .classes().adoptedNames()).containsExactlyInAnyOrder("nginx", "other");
    }

    @Test
    void ingressesWithoutClassAndCatchAllsAreIngressNginxsFlags() {
        IngressTranslation.Settings defaults = config(Map.of()).translation();
        IngressTranslation.Settings set = config(Map.of("reseau.ingress.watch-ingress-without-class", "true",
                "reseau.ingress.disable-catch-all", "true")).translation();

        assertThat(defaults.classes().withoutClass()).isFalse();
        assertThat(defaults.catchAll()).isTrue();
        assertThat(set.classes().withoutClass()).isTrue();
        assertThat(set.catchAll()).isFalse();
    }

    @Test
    void noTlsRedirectLocationsAreAcmeChallengesByDefault() {
        assertThat(dataPlane(Map.of()).redirects().plainLocations()).containsExactly("/.well-known/acme-challenge");
        assertThat(dataPlane(Map.of("reseau.ingress.no-tls-redirect-locations", "/.well-known,/plain")).redirects()
                .plainLocations()).containsExactly("/.well-known", "/plain");
    }

    @Test
    void largeClientHeaderBuffersLimitTheRequestLineToOneAndTheFieldsToAll() {
        DataPlaneSettings defaults = dataPlane(Map.of());
        DataPlaneSettings raised = dataPlane(Map.of("reseau.ingress.large-client-header-buffers", "8 32k"));

        assertThat(defaults.maxLineBytes()).isEqualTo(8 * 1024);
        assertThat(defaults.maxHeaderBytes()).isEqualTo(32 * 1024);
        assertThat(raised.maxLineBytes()).isEqualTo(32 * 1024);
        assertThat(raised.maxHeaderBytes()).isEqualTo(256 * 1024);
        for (String bad : List.of("4", "4 8x", "0 8k", "4 512", "64 1m")) {
            assertThatThrownBy(() -> dataPlane(Map.of("reseau.ingress.large-client-header-buffers", bad))).as(bad)
                    .hasMessageContaining("large-client-header-buffers");
        }
    }

    @Test
    void workerProcessesAreANumberOrOnePerCpu() {
        assertThat(dataPlane(Map.of()).workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(dataPlane(Map.of("reseau.ingress.worker-processes", "3")).workers()).isEqualTo(3);
        assertThatThrownBy(() -> dataPlane(Map.of("reseau.ingress.worker-processes", "0")))
                .hasMessageContaining("worker-processes");
    }

    @Test
    void brotliIsPreferredToGzipWhenBothAreOn() {
        assertThat(dataPlane(Map.of()).compressions()).isEmpty();
        assertThat(dataPlane(Map.of("reseau.ingress.use-gzip", "true", "reseau.ingress.enable-brotli", "true"))
                .compressions()).extracting(Compression::coding, Compression::level, Compression::minLength)
                .containsExactly(tuple(Compression.Coding.BROTLI, 4, 20L), tuple(Compression.Coding.GZIP, 1, 256L));
        assertThatThrownBy(() -> dataPlane(Map.of("reseau.ingress.enable-brotli", "true",
                "reseau.ingress.brotli-level", "12"))).hasMessageContaining("brotli-level");
    }

    @Test
    void sslRejectHandshakeIsOffUnlessAskedFor() {
        assertThat(dataPlane(Map.of()).tls().rejectUnknownNames()).isFalse();
        assertThat(dataPlane(Map.of("reseau.ingress.ssl-reject-handshake", "true")).tls().rejectUnknownNames())
                .isTrue();
    }

    @Test
    void hideHeadersAreFieldNames() {
        assertThat(dataPlane(Map.of("reseau.ingress.hide-headers", "X-Powered-By, X-AspNet-Version"))
                .hiddenResponseFields()).containsExactly("X-Powered-By", "X-AspNet-Version");
        assertThatThrownBy(() -> dataPlane(Map.of("reseau.ingress.hide-headers", "X-Powered-By: PHP")))
                .hasMessageContaining("hide-headers");
    }

    @Test
    void aNegativeCountStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> dataPlane(Map.of("reseau.ingress.upstream-keepalive-requests", "-1")))
                .hasMessageContaining("upstream-keepalive-requests");
        assertThatThrownBy(() -> dataPlane(Map.of("reseau.ingress.proxy-next-upstream-tries", "-2")))
                .hasMessageContaining("proxy-next-upstream-tries");
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.limit-rate", "-5")).translation())
                .hasMessageContaining("limit-rate");
    }

    @Test
    void theProxyListensOnEveryAddressUnlessBoundToOneOrToldIpv4Only() {
        assertThat(config(Map.of()).listenAddress()).isEqualTo(EveryAddress.here(false));
        assertThat(config(Map.of("reseau.ingress.disable-ipv6", "true")).listenAddress()).isEqualTo("0.0.0.0");
        assertThat(config(Map.of("reseau.ingress.bind-address", "10.0.0.5")).listenAddress()).isEqualTo("10.0.0.5");
        assertThat(EveryAddress.here(true)).isEqualTo("0.0.0.0");
    }

    @Test
    void theAdmissionWebhooksCertificateComesFromFilesOrFromTheSecretReseauKeepsNeverBoth() {
        String webhook = "reseau.ingress.validating-webhook";
        Map<String, String> files = Map.of(webhook, ":8444", webhook + "-certificate", "/certs/tls.crt",
                webhook + "-key", "/certs/tls.key");
        Map<String, String> kept = Map.of(webhook, ":8444", webhook + "-secret", "reseau-system/admission",
                webhook + "-configuration", "reseau-ingress-reseau-system");
        Map<String, String> both = new HashMap<>(files);
        both.putAll(kept);

        assertThat(config(Map.of()).admission()).isEmpty();
        assertThat(config(files).admission()).contains(new AdmissionServer.Settings(EveryAddress.here(false), 8444,
                AdmissionServer.Settings.RELOAD_PERIOD, AdmissionServer.Settings.START_PATIENCE));
        assertThat(config(files).admissionCertificate(null))
                .isEqualTo(new PemFiles(Path.of("/certs/tls.crt"), Path.of("/certs/tls.key")));
        assertThat(config(kept).admissionCertificate(null)).hasToString("Secret reseau-system/admission");
        for (Map<String, String> wrong : List.of(both, Map.of(webhook, ":8444"),
                Map.of(webhook, ":8444", webhook + "-secret", "reseau-system/admission"))) {
            assertThatThrownBy(() -> config(wrong).admissionCertificate(null)).as(wrong.toString())
                    .hasMessage("validating-webhook needs either validating-webhook-certificate and"
                            + " validating-webhook-key, or validating-webhook-secret and"
                            + " validating-webhook-configuration");
        }
    }

    @Test
    void blockedUserAgentsAndReferersAreIngressNginxsListsAndABadExpressionStopsTheStart() {
        DataPlaneSettings settings = dataPlane(Map.of("reseau.ingress.block-user-agents", "~*bot,Wget/1.21",
                "reseau.ingress.block-referers", "~*spam"));

        assertThat(settings.blocked().userAgents()).extracting(ValuePattern::text).containsExactly("~*bot", "Wget/1.21");
        assertThat(settings.blocked().referers()).extracting(ValuePattern::text).containsExactly("~*spam");
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.block-referers", "~(")).dataPlane(message -> { }))
                .hasMessageStartingWith("block-referers: '~(' is not a valid regular expression");
    }

    @Test
    void enableRealIpBelievesTheForwardedAddressOnlyAndUseForwardedHeadersTheSchemeToo() {
        assertThat(dataPlane(Map.of()).trustedProxies()).isEmpty();
        assertThat(dataPlane(Map.of("reseau.ingress.enable-real-ip", "true")).trustedProxies()).hasValueSatisfying(
                proxies -> assertThat(proxies.schemeAndPort()).isFalse());
        assertThat(dataPlane(Map.of("reseau.ingress.enable-real-ip", "true", "reseau.ingress.use-forwarded-headers",
                "true")).trustedProxies()).hasValueSatisfying(proxies -> assertThat(proxies.schemeAndPort()).isTrue());
    }

    @Test
    void sslSessionTimeoutIsTenMinutesOrIngressNginxsValue() {
        assertThat(dataPlane(Map.of()).tls().resumption().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(dataPlane(Map.of("reseau.ingress.ssl-session-timeout", "90")).tls().resumption().timeout())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(dataPlane(Map.of("reseau.ingress.ssl-session-timeout", "1h")).tls().resumption().timeout())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void sslSessionKeysReadAsIngressNginxsButTicketsStayOnByDefault() {
        assertThat(dataPlane(Map.of()).tls().resumption()).isEqualTo(SessionResumption.DEFAULT);
        assertThat(SessionResumption.DEFAULT.tickets()).isTrue();
        assertThat(SessionResumption.DEFAULT.cachedSessions()).isEqualTo(40_960);
        assertThat(dataPlane(Map.of("reseau.ingress.ssl-session-tickets", "false", "reseau.ingress.ssl-session-cache-size",
                "1m")).tls().resumption()).extracting(SessionResumption::tickets, SessionResumption::cachedSessions)
                .containsExactly(false, 4_096);
        assertThat(dataPlane(Map.of("reseau.ingress.ssl-session-cache", "false")).tls().resumption().cachedSessions())
                .isZero();
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.ssl-session-cache-size", "ten")).dataPlane(left -> { }))
                .hasMessageContaining("ssl-session-cache-size: 'ten' is not a size");
    }

    @Test
    void gzipDisableReachesGzipAndABadExpressionStopsTheStart() {
        assertThat(dataPlane(Map.of("reseau.ingress.use-gzip", "true", "reseau.ingress.gzip-disable", "msie6"))
                .compressions()).singleElement().satisfies(gzip -> assertThat(gzip.disabledFor()).isPresent());
        assertThatThrownBy(() -> config(Map.of("reseau.ingress.use-gzip", "true", "reseau.ingress.gzip-disable", "("))
                .dataPlane(message -> { })).hasMessageStartingWith("gzip-disable: '(' is not a list");
    }
}
