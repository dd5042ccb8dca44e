package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.reseau.ingress.model.Tracing;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * OpenTelemetry spans for the requests of traced routes ({@code enable-opentelemetry}), and of requests no route
 * takes when the controller traces every request, as ingress-nginx's OpenTelemetry module makes them: one server span
 * per request, the child of the client's {@code traceparent} when the route trusts it, whose context the backend gets
 * in {@code traceparent} (and {@code tracestate}); spans are exported in batches over OTLP/gRPC or OTLP/HTTP
 * ({@link OtlpExport}). {@link #OFF} without a collector: nothing is made, and a client's trace fields pass to the
 * backend as they came.
 */
final class RequestTracing implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RequestTracing.class);
    static final RequestTracing OFF = new RequestTracing(null, null, Tracing.OFF);
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * OpenTelemetry's constants, in a class of their own: loaded with the first span, so that a data plane without a
     * collector loads none of OpenTelemetry's classes.
     */
    private static final class Otel {
        private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();
        private static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");
        private static final AsciiString TRACESTATE = AsciiString.cached("tracestate");
        private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
        private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
        private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
        private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
        private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
        private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
        private static final AttributeKey<String> CLIENT = AttributeKey.stringKey("client.address");
        private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
        private static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("network.protocol.version");
        private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
        private static final AttributeKey<String> INGRESS = AttributeKey.stringKey("reseau.ingress");
        private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("reseau.service");
        private static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("reseau.upstream.address");

        /** A request's fields, as the propagator reads the client's trace context. */
        private static final TextMapGetter<RequestHead> FIELDS = new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(RequestHead request) {
                return List.of(TRACEPARENT.toString(), TRACESTATE.toString());
            }

            @Override
            public String get(RequestHead request, String name) {
                return request == null ? null : request.value(AsciiString.of(name));
            }
        };
        private static final TextMapSetter<HttpHeaders> SET_FIELD = (fields, name, value) -> fields.set(name, value);
    }

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final Tracing unrouted;

    private RequestTracing(SdkTracerProvider provider, Tracer tracer, Tracing unrouted) {
        this.provider = provider;
        this.tracer = tracer;
        this.unrouted = unrouted;
    }

    /** Tracing to {@code export}'s collector, or {@link #OFF} without one. */
    static RequestTracing of(Optional<OtlpExport> export) {
        if (export.isEmpty()) {
            return OFF;
        }
        OtlpExport to = export.get();
        to.portWarning().ifPresent(LOG::warn);
        BatchSpanProcessor batches = BatchSpanProcessor.builder(exporter(to))
                .setMaxQueueSize(to.maxQueueSize()).setMaxExportBatchSize(to.maxExportBatchSize())
                .setScheduleDelay(to.scheduleDelay()).build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), to.serviceName()))))
                .setSampler(sampler(to.sampling()))
                .addSpanProcessor(batches).build();
        return new RequestTracing(provider, provider.get("io.reseau.ingress"), to.unrouted());
    }

    private static SpanExporter exporter(OtlpExport to) {
        String endpoint = to.endpoint().toString();
        return switch (to.protocol()) {
            case GRPC -> OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setTimeout(EXPORT_TIMEOUT).build();
            case HTTP_PROTOBUF -> OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setTimeout(EXPORT_TIMEOUT)
                    .build();
        };
    }

    /** ingress-nginx's sampler settings as the SDK's sampler. */
    static Sampler sampler(OtlpExport.Sampling sampling) {
        Sampler root = switch (sampling.sampler()) {
            case ALWAYS_ON -> Sampler.alwaysOn();
            case ALWAYS_OFF -> Sampler.alwaysOff();
            case TRACE_ID_RATIO_BASED -> Sampler.traceIdRatioBased(sampling.ratio());
        };
        return sampling.parentBased() ? Sampler.parentBased(root) : root;
    }

    /** Whether spans are made at all. */
    boolean on() {
        return tracer != null;
    }

    /** How requests no Ingress rule takes are traced ({@link OtlpExport#unrouted()}). */
    Tracing unrouted() {
        return unrouted;
    }

    /**
     * Starts the span named {@code name} of a request about to go to its backend, or answered here
     * ({@code startedNanos}: {@link System#nanoTime()} when its head arrived), and writes its context into
     * {@code toBackend}, the request's fields; a client's trace fields are replaced, and are the span's parent only if
     * {@code trustIncoming}. {@code routePath}: the path of the rule that took it, or null for none.
     */
    Span start(String name, RequestHead request, HttpHeaders toBackend, String routePath, String host, String path,
            String query, ClientInfo client, long startedNanos, boolean trustIncoming) {
        Context parent = trustIncoming ? Otel.PROPAGATOR.extract(Context.root(), request, Otel.FIELDS)
                : Context.root();
        long startEpochNanos = System.currentTimeMillis() * 1_000_000 - (System.nanoTime() - startedNanos);
        String method = request.method().name();
        var span = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute(Otel.METHOD, method)
                .setAttribute(Otel.SCHEME, client.scheme())
                .setAttribute(Otel.PATH, path)
                .setAttribute(Otel.SERVER, host)
                .setAttribute(Otel.CLIENT, client.ip())
                .setAttribute(Otel.PROTOCOL, request.version().majorVersion() == 2 ? "2"
                        : request.version().majorVersion() + "." + request.version().minorVersion());
        if (routePath != null) {
            span.setAttribute(Otel.ROUTE, routePath);
        }
        if (!query.isEmpty()) {
            span.setAttribute(Otel.QUERY, query);
        }
        String userAgent = request.value(HttpHeaderNames.USER_AGENT);
        if (userAgent != null) {
            span.setAttribute(Otel.USER_AGENT, userAgent);
        }
        Span started = span.startSpan();
        toBackend.remove(Otel.TRACESTATE);
        Otel.PROPAGATOR.inject(parent.with(started), toBackend, Otel.SET_FIELD);
        return started;
    }

    /** Ends a request's span with its outcome: an error for a 5xx answer, or when the client left without one. */
    static void end(Span span, CompletedRequest done) {
        if (!done.ingress().isEmpty()) {
            span.setAttribute(Otel.INGRESS, done.ingress());
            span.setAttribute(Otel.SERVICE, done.service());
        }
        done.upstream().last().ifPresent(attempt -> span.setAttribute(Otel.ENDPOINT, attempt.endpointText()));
        if (done.status() > 0) {
            span.setAttribute(Otel.STATUS, (long) done.status());
        }
        if (done.status() >= 500) {
            span.setStatus(StatusCode.ERROR);
        } else if (done.status() == 0) {
            span.setStatus(StatusCode.ERROR, "the client left before the response");
        }
        span.end();
    }

    /** Exports the spans still queued, for up to 5 s. */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
