package io.reseau.ingress.dataplane;

/**
 * A request head a backend connection's own codec writes (HTTP/1.x's {@link UpstreamHttp1Request}, FastCGI's
 * {@link FastCgiRequest}), whose chunked body may have to be received whole first and sent with its length.
 */
interface UpstreamRequestHead {

    /** Whether the client's body is chunked (its length not known from its head). */
    boolean chunked();

    /** Whether the chunked body must be received whole first, to be sent with its length. */
    boolean needsLength();

    /** This request with its chunked body received whole: sent with its length. */
    UpstreamRequestHead withBufferedBody(long length);
}
