package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.OtlpCollector;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenTelemetry through the proxy: spans exported over OTLP/gRPC (ingress-nginx's protocol) and over OTLP/HTTP to a
 * collector standing here (read with the OTLP protobuf schema), and the context the backend gets in
 * {@code traceparent}.
 */
@ParameterizedClass
@EnumSource(OtlpExport.Protocol.class)
class TracingTrafficTest {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String CLIENT_PARENT = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";

    private final OtlpExport.Protocol protocol;
    private final OtlpCollector collector;
    private final List<Span> exported;

    /** Ingresses traced as they say; requests no rule takes not (the controller does not trace every request). */
    @RegisterExtension
    final LoopbackPlane plane;

    TracingTrafficTest(OtlpExport.Protocol protocol) throws Exception {
        this.protocol = protocol;
        collector = protocol == OtlpExport.Protocol.GRPC ? OtlpCollector.grpc() : OtlpCollector.http();
        exported = collector.spans();
        plane = new LoopbackPlane(tracingTo(Tracing.OFF));
    }

    /** Every span to the collector; requests no Ingress rule takes traced as {@code unrouted} says. */
    private DataPlaneSettings tracingTo(Tracing unrouted) {
        return DataPlaneSettings.loopback(0, 0).toBuilder()
                .tracing(new OtlpExport(protocol, protocol.endpoint("127.0.0.1", collector.port()), "edge",
                        new OtlpExport.Sampling(OtlpExport.Sampler.ALWAYS_ON, 1, false), 2048, Duration.ofMillis(50),
                        512, unrouted))
                .build();
    }

    @AfterEach
    void stopCollector() {
        collector.close();
    }

    /** shop.com's paths under {@code prefix} go to a backend. */
    private void serve(String prefix, Map<String, String> annotations) throws IOException {
        HttpBackend app = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", app)
                .ingress(annotated(ingress("default", "shop", "shop.com", path("Prefix", prefix, "app", 80)),
                        annotations))
                .table());
    }

    private RawHttp.Response get(String target, String... fields) throws IOException {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("GET " + target + " HTTP/1.1\r\nHost: shop.com\r\n" + String.join("", fields)
                    + "\r\n");
        }
    }

    private Span exportedSpan() {
        await().until(() -> !exported.isEmpty());
        assertThat(exported).hasSize(1);
        return exported.getFirst();
    }

    private static Map<String, String> attributes(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
                attribute -> attribute.getValue().hasIntValue() ? Long.toString(attribute.getValue().getIntValue())
                        : attribute.getValue().getStringValue()));
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Test
    void aTracedRequestIsTheChildOfTheClientsSpanAndTheParentOfTheBackends() throws Exception {
        serve("/api", Map.of("nginx.ingress.kubernetes.io/enable-opentelemetry", "true"));

        RawHttp.Response response = get("/api/cart?item=7", "traceparent: " + CLIENT_PARENT + "\r\n",
                "tracestate: vendor=1\r\n", "User-Agent: probe\r\n");

        assertThat(response.status()).isEqualTo(200);
        Span span = exportedSpan();
        assertThat(hex(span.getTraceId())).isEqualTo(CLIENT_TRACE);
        assertThat(hex(span.getParentSpanId())).isEqualTo(CLIENT_SPAN);
        assertThat(span.getName()).isEqualTo("GET /api");
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getEndTimeUnixNano()).isGreaterThan(span.getStartTimeUnixNano());
        assertThat(attributes(span)).containsEntry("http.request.method", "GET").containsEntry("url.path", "/api/cart")
                .containsEntry("url.query", "item=7").containsEntry("http.route", "/api")
                .containsEntry("server.address", "shop.com").containsEntry("client.address", "127.0.0.1")
                .containsEntry("user_agent.original", "probe").containsEntry("http.response.status_code", "200")
                .containsEntry("reseau.ingress", "default/shop").containsKey("reseau.upstream.address");
        // The backend's parent is reseau's span, in the client's trace; the client's tracestate goes with it.
        assertThat(response.reported("header.traceparent"))
                .isEqualTo("00-" + CLIENT_TRACE + "-" + hex(span.getSpanId()) + "-01");
        assertThat(response.reported("header.tracestate")).isEqualTo("vendor=1");
    }

    @Test
    void withoutTrustTheClientsTraceIsNotContinuedAndAServerErrorMarksTheSpan() throws Exception {
        serve("/", Map.of("nginx.ingress.kubernetes.io/enable-opentelemetry", "true",
                "nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span", "false"));

        RawHttp.Response response = get("/status/503", "traceparent: " + CLIENT_PARENT + "\r\n",
                "tracestate: vendor=1\r\n");

        assertThat(response.status()).isEqualTo(503);
        Span span = exportedSpan();
        assertThat(hex(span.getTraceId())).isNotEqualTo(CLIENT_TRACE);
        assertThat(span.getParentSpanId().isEmpty()).isTrue();
        assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(response.reported("header.traceparent"))
                .isEqualTo("00-" + hex(span.getTraceId()) + "-" + hex(span.getSpanId()) + "-01");
        assertThat(response.reported("header.tracestate")).isNull();
    }

    @Test
    void operationNameIsTheSpansNameWithItsVariablesFilledIn() throws Exception {
        serve("/api", Map.of("nginx.ingress.kubernetes.io/enable-opentelemetry", "true",
                "nginx.ingress.kubernetes.io/opentelemetry-operation-name",
                "HTTP $request_method $namespace/$ingress_name $service_name:$service_port $uri"));

        assertThat(get("/api/cart?item=7").status()).isEqualTo(200);

        assertThat(exportedSpan().getName()).isEqualTo("HTTP GET default/shop app:80 /api/cart");
    }

    @Test
    void anHttp2RequestIsTracedAsAnHttp11One() throws Exception {
        serve("/api", Map.of("nginx.ingress.kubernetes.io/enable-opentelemetry", "true"));

        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            H2Client.Response response = client.response(client.send("GET", "shop.com", "/api/cart",
                    Map.of("traceparent", CLIENT_PARENT), null));

            assertThat(response.status()).isEqualTo(200);
            Span span = exportedSpan();
            assertThat(hex(span.getParentSpanId())).isEqualTo(CLIENT_SPAN);
            assertThat(attributes(span)).containsEntry("network.protocol.version", "2")
                    .containsEntry("url.scheme", "https").containsEntry("url.path", "/api/cart");
            assertThat(response.body()).contains("header.traceparent=00-" + CLIENT_TRACE + "-"
                    + hex(span.getSpanId()) + "-01");
        }
    }

    @Test
    void reseausOwnAnswerOnATracedRouteIsTracedAndARequestNoRuleTakesIsNotUnlessEveryRequestIs() throws Exception {
        serve("/api", Map.of("nginx.ingress.kubernetes.io/enable-opentelemetry", "true",
                "nginx.ingress.kubernetes.io/whitelist-source-range", "10.0.0.0/8"));

        RawHttp.Response unrouted;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            unrouted = http.exchange("GET /api/cart HTTP/1.1\r\nHost: elsewhere.com\r\n\r\n");
        }
        RawHttp.Response refused = get("/api/cart?item=7", "traceparent: " + CLIENT_PARENT + "\r\n");

        assertThat(unrouted.status()).isEqualTo(404);
        assertThat(refused.status()).isEqualTo(403);
        Span span = exportedSpan();
        assertThat(span.getName()).isEqualTo("GET /api");
        assertThat(hex(span.getParentSpanId())).isEqualTo(CLIENT_SPAN);
        assertThat(attributes(span)).containsEntry("http.response.status_code", "403")
                .containsEntry("url.path", "/api/cart").containsEntry("reseau.ingress", "default/shop")
                .doesNotContainKey("reseau.upstream.address");
    }

    @Test
    void whenTheControllerTracesEveryRequestOneNoRuleTakesIsTracedUnderItsMethodAlone() throws Exception {
        LoopbackPlane everyRequest = new LoopbackPlane(tracingTo(new Tracing(true, false)));
        everyRequest.beforeEach(null);
        try (RawHttp http = RawHttp.connect(everyRequest.httpPort())) {
            RawHttp.Response unrouted = http.exchange("GET /wp-login.php?x=1 HTTP/1.1\r\nHost: elsewhere.com\r\n"
                    + "traceparent: " + CLIENT_PARENT + "\r\n\r\n");

            assertThat(unrouted.status()).isEqualTo(404);
            Span span = exportedSpan();
            assertThat(span.getName()).isEqualTo("GET");
            // opentelemetry-trust-incoming-span off: a trace of its own.
            assertThat(hex(span.getTraceId())).isNotEqualTo(CLIENT_TRACE);
            assertThat(attributes(span)).containsEntry("http.response.status_code", "404")
                    .containsEntry("server.address", "elsewhere.com").containsEntry("url.path", "/wp-login.php")
                    .containsEntry("url.query", "x=1").doesNotContainKeys("http.route", "reseau.ingress",
                            "reseau.service", "reseau.upstream.address");
        } finally {
            everyRequest.afterEach(null);
        }
    }

    @Test
    void anUntracedRouteMakesNoSpanAndPassesTheClientsTraceFieldsAsTheyCame() throws Exception {
        serve("/api", Map.of());

        RawHttp.Response response = get("/api/cart", "traceparent: " + CLIENT_PARENT + "\r\n");
        // A traced request afterwards: once its span is exported, the first one's would have been too.
        serve("/api", Map.of("reseau.io/enable-opentelemetry", "true"));
        get("/api/after");

        assertThat(response.reported("header.traceparent")).isEqualTo(CLIENT_PARENT);
        assertThat(attributes(exportedSpan())).containsEntry("url.path", "/api/after");
    }
}
