package io.reseau.ingress.model;

import java.util.Optional;

/**
 * OpenTelemetry on a route: whether its requests are traced ({@code enable-opentelemetry}), whether a client's
 * {@code traceparent} is taken as their span's parent ({@code opentelemetry-trust-incoming-span}) rather than each
 * request starting a trace of its own, and the spans' name ({@code opentelemetry-operation-name}: text with nginx
 * variables, {@link NginxVariables#operationNameVariable}; empty: the method and the rule's path).
 */
public record Tracing(boolean enabled, boolean trustIncomingSpan, Optional<String> operationName) {

    /** Not traced: ingress-nginx's defaults. */
    public static final Tracing OFF = new Tracing(false, true, Optional.empty());

    public Tracing(boolean enabled, boolean trustIncomingSpan) {
        this(enabled, trustIncomingSpan, Optional.empty());
    }
}
