package io.reseau.ingress.model;

/** How the proxy talks to a backend: {@code backend-protocol} annotation or the Service port's appProtocol. */
public enum BackendProtocol {
    /** HTTP/1.1 over plain TCP, with pooled keep-alive connections. */
    HTTP,
    /** HTTP/1.1 over TLS (the backend's certificate is not verified, as ingress-nginx's default). */
    HTTPS,
    /** HTTP/2 without TLS (prior knowledge): gRPC and other h2c backends. */
    H2C,
    /** HTTP/2 over TLS (ALPN h2; the certificate is not verified, as for HTTPS): gRPC backends serving TLS. */
    H2,
    /**
     * ingress-nginx's {@code AUTO_HTTP}: HTTP/1.1 in the scheme the client used, over TLS for a client that came
     * over TLS and plain for the others ({@link #forClient}).
     */
    AUTO_HTTP,
    /**
     * FastCGI over plain TCP (PHP-FPM, say), a connection per request as ingress-nginx's (nginx does not keep FastCGI
     * connections by default); what is sent besides the request is the route's {@link FastCgi}.
     */
    FCGI;

    /** The protocol a request is sent in, the client having come over TLS ({@code secure}) or not. */
    public BackendProtocol forClient(boolean secure) {
        return this != AUTO_HTTP ? this : secure ? HTTPS : HTTP;
    }

    /** Whether requests go as streams of one multiplexed HTTP/2 connection per endpoint. */
    public boolean http2() {
        return this == H2C || this == H2;
    }

    /** Whether the connection to the backend is TLS. */
    public boolean tls() {
        return this == HTTPS || this == H2;
    }
}
