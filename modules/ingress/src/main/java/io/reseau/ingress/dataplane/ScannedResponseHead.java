package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A response head as an HTTP/1.1 backend sent it, scanned by {@link Http1Head}: written to an HTTP/1.1 client as
 * the lines received, leaving out the hop-by-hop ones. Once someone asks for {@link #headers()} (to add CORS or
 * a cookie, or for an HTTP/2 client), the fields are decoded and written from there.
 */
final class ScannedResponseHead implements ResponseHead {

    private final Http1Head head;
    private HttpHeaders decoded;

    /**
     * {@code head} is complete; it is the connection's scanner, reset for the next response, so this object is read
     * when handed on (by the exchange, then the front end writing it) and not kept.
     */
    ScannedResponseHead(Http1Head head) {
        this.head = head;
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public long contentLength() {
        return head.transferEncodings() > 0 ? -1 : head.contentLength();
    }

    @Override
    public boolean persistent() {
        return head.persistent();
    }

    @Override
    public HttpHeaders headers() {
        if (decoded == null) {
            decoded = head.decode(i -> endToEnd(i, false));
        }
        return decoded;
    }

    @Override
    public void writeHttp1(ByteBuf out, boolean http10, boolean upgrade) {
        out.writeBytes(http10 ? Http1Wire.HTTP_1_0 : Http1Wire.HTTP_1_1);
        head.writeStatusLineAfterVersion(out);
        if (decoded != null) {
            Http1Wire.writeFields(out, decoded);
            return;
        }
        for (int i = 0; i < head.fieldCount(); i++) {
            if (endToEnd(i, upgrade)) {
                head.writeFieldLine(out, i);
            }
        }
    }

    /**
     * Whether field {@code i} goes on: not hop-by-hop, and not a Content-Length beside a Transfer-Encoding (the
     * body is re-framed, so the length received says nothing, RFC 9112 6.3).
     */
    private boolean endToEnd(int i, boolean upgrade) {
        return !HopByHop.named(head, i, upgrade)
                && !(head.transferEncodings() > 0 && head.nameIs(i, HttpHeaderNames.CONTENT_LENGTH));
    }
}
