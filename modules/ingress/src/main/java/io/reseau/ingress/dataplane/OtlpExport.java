package io.reseau.ingress.dataplane;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the spans of traced requests go and which are kept, as ingress-nginx's OpenTelemetry keys: OTLP over HTTP
 * (protobuf) to {@code endpoint} ({@code otlp-collector-host}, {@code otlp-collector-port}), as the service
 * {@code serviceName} ({@code otel-service-name}), in batches ({@code otel-max-queuesize},
 * {@code otel-schedule-delay-millis}, {@code otel-max-export-batch-size}).
 *
 * @param endpoint the collector's traces URL ({@code http://host:port/v1/traces})
 */
public record OtlpExport(URI endpoint, String serviceName, Sampling sampling, int maxQueueSize,
        Duration scheduleDelay, int maxExportBatchSize) {

    /** OTLP/gRPC's port, ingress-nginx's default {@code otlp-collector-port}: reseau speaks OTLP/HTTP, not gRPC. */
    static final int GRPC_PORT = 4317;

    /** A warning when the collector's port is OTLP/gRPC's, where reseau's spans would be refused. */
    public Optional<String> portWarning() {
        return endpoint.getPort() == GRPC_PORT ? Optional.of("otlp-collector-port " + GRPC_PORT + " is where a"
                + " collector takes OTLP/gRPC, ingress-nginx's protocol; reseau sends OTLP/HTTP, which the collector"
                + " takes on 4318 by default: spans sent to " + endpoint + " are lost") : Optional.empty();
    }

    /** The collector's traces URL at {@code host} and {@code port}. */
    public static URI endpoint(String host, int port) {
        return URI.create("http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + port + "/v1/traces");
    }

    /** How traces are sampled: {@code otel-sampler}, {@code otel-sampler-ratio}, {@code otel-sampler-parent-based}. */
    public record Sampling(Sampler sampler, double ratio, boolean parentBased) {

        public Sampling {
            if (ratio < 0 || ratio > 1) {
                throw new IllegalArgumentException("otel-sampler-ratio must be between 0 and 1, not " + ratio);
            }
        }
    }

    /** ingress-nginx's samplers, by the names its {@code otel-sampler} takes. */
    public enum Sampler {
        ALWAYS_ON, ALWAYS_OFF, TRACE_ID_RATIO_BASED;

        /** {@code AlwaysOn}, {@code AlwaysOff} or {@code TraceIdRatioBased} (any case). */
        public static Sampler parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "alwayson" -> ALWAYS_ON;
                case "alwaysoff" -> ALWAYS_OFF;
                case "traceidratiobased" -> TRACE_ID_RATIO_BASED;
                default -> throw new IllegalArgumentException("otel-sampler must be AlwaysOn, AlwaysOff or"
                        + " TraceIdRatioBased, not '" + name + "'");
            };
        }
    }
}
