package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the headers that describe one connection and must not cross the proxy (RFC 9110 7.6.1): the fixed
 * list and every header the Connection header names; and, next to an HTTP/2 backend, the {@code x-http2-*}
 * headers Netty's conversion between HTTP/2 frames and HTTP objects adds to responses and reads from requests
 * (a client's {@code x-http2-scheme} would set the backend request's {@code :scheme}). An upgrade the proxy tunnels (WebSocket) keeps {@code Upgrade} and {@code Connection: upgrade};
 * {@code TE: trailers} is kept for HTTP/2 backends, where gRPC requires it.
 */
final class HopByHop {

    private static final List<AsciiString> ALWAYS = List.of(AsciiString.cached("keep-alive"),
            AsciiString.cached("proxy-connection"), HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING);

    private static final AsciiString INTERNAL_PREFIX = AsciiString.cached("x-http2-");

    private HopByHop() {
    }

    /**
     * Strips the headers; {@code upgrade} keeps a WebSocket upgrade, {@code keepTeTrailers} the gRPC TE. Runs twice
     * per proxied request, so the usual case (nothing to strip) allocates nothing.
     */
    static void strip(HttpHeaders headers, boolean upgrade, boolean keepTeTrailers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            // Usually one token (keep-alive, close): no split, no list, the substring is the value itself.
            for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (int start = 0; start <= connection.length();) {
                    int comma = connection.indexOf(',', start);
                    int end = comma < 0 ? connection.length() : comma;
                    String name = connection.substring(start, end).strip();
                    if (!name.isEmpty() && !(upgrade && name.equalsIgnoreCase("upgrade"))) {
                        headers.remove(name);
                    }
                    start = end + 1;
                }
            }
        }
        for (int i = 0; i < ALWAYS.size(); i++) {
            headers.remove(ALWAYS.get(i));
        }
        if (headers.contains(HttpHeaderNames.TE)) {
            boolean teTrailers = keepTeTrailers && headers.contains(HttpHeaderNames.TE, "trailers", true);
            headers.remove(HttpHeaderNames.TE);
            if (teTrailers) {
                headers.set(HttpHeaderNames.TE, "trailers");
            }
        }
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
        } else {
            headers.remove(HttpHeaderNames.CONNECTION);
            headers.remove(HttpHeaderNames.UPGRADE);
        }
    }

    /**
     * Whether field {@code i} of a scanned head is hop-by-hop: one of the fixed list, TE, Connection, Upgrade (unless
     * {@code upgrade} keeps it), or one the Connection field names. The same rule as {@link #strip}, on bytes.
     */
    static boolean named(Http1Head head, int i, boolean upgrade) {
        if (head.nameIsOneOf(i, ALWAYS)) {
            return true;
        }
        if (head.nameIs(i, HttpHeaderNames.UPGRADE)) {
            return !upgrade;
        }
        return head.nameIs(i, HttpHeaderNames.TE) || head.nameIs(i, HttpHeaderNames.CONNECTION)
                || head.namedByConnection(i);
    }

    /**
     * Whether a field of an HTTP/2 request is hop-by-hop for an HTTP/1.1 backend: one of the fixed list, TE,
     * Connection or Upgrade. Netty refuses most of them in an HTTP/2 request; a TE of {@code trailers} passes, and
     * an HTTP/2 request has no Connection field naming others.
     */
    static boolean named(CharSequence name) {
        for (int i = 0; i < ALWAYS.size(); i++) {
            if (ALWAYS.get(i).contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return HttpHeaderNames.TE.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.UPGRADE.contentEqualsIgnoreCase(name);
    }

    /**
     * {@code HttpUtil.isKeepAlive}, which makes an iterator over the Connection values even when there is no
     * Connection header, as with most HTTP/1.1 requests; checked for every request and response.
     */
    static boolean keepAlive(HttpMessage message) {
        return message.headers().contains(HttpHeaderNames.CONNECTION) ? HttpUtil.isKeepAlive(message)
                : message.protocolVersion().isKeepAliveDefault();
    }

    /** {@code HttpUtil.isTransferEncodingChunked}, without its iterator when there is no Transfer-Encoding at all. */
    static boolean chunked(HttpMessage message) {
        return message.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                && HttpUtil.isTransferEncodingChunked(message);
    }

    /** Strips the {@code x-http2-*} headers, on both sides of an exchange with an HTTP/2 backend. */
    static void stripConversionHeaders(HttpHeaders headers) {
        List<CharSequence> internal = null;
        for (var it = headers.iteratorCharSequence(); it.hasNext();) {
            CharSequence name = it.next().getKey();
            if (AsciiString.regionMatches(name, true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length())) {
                if (internal == null) {
                    internal = new ArrayList<>(4);
                }
                internal.add(name);
            }
        }
        if (internal != null) {
            internal.forEach(headers::remove);
        }
    }
}
