package io.reseau.ingress.model;

/**
 * OpenTelemetry on a route: whether its requests are traced ({@code enable-opentelemetry}), and whether a client's
 * {@code traceparent} is taken as their span's parent ({@code opentelemetry-trust-incoming-span}) rather than each
 * request starting a trace of its own.
 */
public record Tracing(boolean enabled, boolean trustIncomingSpan) {

    /** Not traced: ingress-nginx's defaults. */
    public static final Tracing OFF = new Tracing(false, true);
}
