package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Tracing;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the spans of traced requests go and which are kept, as ingress-nginx's OpenTelemetry keys: OTLP to
 * {@code endpoint} ({@code otlp-collector-host}, {@code otlp-collector-port}) over gRPC, as ingress-nginx sends them,
 * or over HTTP ({@code otlp-collector-protocol}), as the service {@code serviceName} ({@code otel-service-name}), in
 * batches ({@code otel-max-queuesize}, {@code otel-schedule-delay-millis}, {@code otel-max-export-batch-size}).
 *
 * @param endpoint the collector's address for the protocol ({@link Protocol#endpoint})
 * @param unrouted whether requests no Ingress rule takes (answered {@code 404} here) are traced, and with the
 *                 client's trace as parent: the controller's {@code enable-opentelemetry} and
 *                 {@code opentelemetry-trust-incoming-span}, as ingress-nginx traces its default server's requests
 */
public record OtlpExport(Protocol protocol, URI endpoint, String serviceName, Sampling sampling, int maxQueueSize,
        Duration scheduleDelay, int maxExportBatchSize, Tracing unrouted) {

    /** A warning when the collector's port is the other protocol's usual one, where the spans would be refused. */
    public Optional<String> portWarning() {
        Protocol other = protocol == Protocol.GRPC ? Protocol.HTTP_PROTOBUF : Protocol.GRPC;
        return endpoint.getPort() == other.defaultPort ? Optional.of("otlp-collector-port " + other.defaultPort
                + " is where a collector takes OTLP over " + other.text + ", and reseau sends " + protocol.text
                + " (otlp-collector-protocol " + protocol.text + "): spans sent to " + endpoint + " are lost unless"
                + " that port takes " + protocol.text) : Optional.empty();
    }

    /**
     * OTLP's transports, by the names of OpenTelemetry's {@code OTEL_EXPORTER_OTLP_PROTOCOL}, each with the port a
     * collector takes it on by default.
     */
    public enum Protocol {
        GRPC("grpc", 4317), HTTP_PROTOBUF("http/protobuf", 4318);

        private final String text;
        private final int defaultPort;

        Protocol(String text, int defaultPort) {
            this.text = text;
            this.defaultPort = defaultPort;
        }

        /** {@code grpc} or {@code http/protobuf} (any case). */
        public static Protocol parse(String name) {
            for (Protocol protocol : values()) {
                if (protocol.text.equalsIgnoreCase(name.strip())) {
                    return protocol;
                }
            }
            throw new IllegalArgumentException("otlp-collector-protocol must be grpc or http/protobuf, not '" + name
                    + "'");
        }

        public int defaultPort() {
            return defaultPort;
        }

        /**
         * The collector at {@code host} and {@code port} as the exporter takes it: {@code http://host:port} for gRPC,
         * the traces URL {@code http://host:port/v1/traces} for HTTP.
         */
        public URI endpoint(String host, int port) {
            String authority = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
            return URI.create("http://" + authority + (this == GRPC ? "" : "/v1/traces"));
        }
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
