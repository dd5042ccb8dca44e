package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpVersion;

/** How an HTTP/2 request looks to an {@link Exchange}. */
final class Http2Requests {

    /**
     * The version an HTTP/2 request carries as an {@code HttpRequest}: shown in the access log, and what tells the
     * request checks that Host may be missing ({@code :authority} is optional).
     */
    static final HttpVersion VERSION = new HttpVersion("HTTP", 2, 0, true);

    private Http2Requests() {
    }
}
