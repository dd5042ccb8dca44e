package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request head as an HTTP/1.1 client sent it, scanned by {@link Http1Head}: read field by field where routing
 * asks, and written to an HTTP/1.1 backend as the lines received, leaving out the hop-by-hop ones and the
 * forwarded ones reseau replaces.
 */
final class ScannedRequestHead implements RequestHead {

    private Http1Head head;
    // Read from the bytes once, when first asked: routing, checks, the access log all ask.
    private HttpMethod method;
    private String target;
    private String host;
    private HttpHeaders decoded;

    /** {@code head} is complete and belongs to this object until {@link #release}. */
    ScannedRequestHead(Http1Head head) {
        this.head = head;
    }

    /**
     * Gives the scanner back, once the exchange is over, for the connection's next head. Whatever still read this
     * object after would fail on the missing scanner, never read another request's fields.
     */
    Http1Head release() {
        Http1Head scanner = head;
        head = null;
        return scanner;
    }

    @Override
    public Optional<RequestChecks.Refusal> unreadable() {
        return Optional.empty();
    }

    @Override
    public long length() {
        return head.length();
    }

    @Override
    public HttpMethod method() {
        if (method == null) {
            method = head.method();
        }
        return method;
    }

    @Override
    public String target() {
        if (target == null) {
            target = head.target();
        }
        return target;
    }

    @Override
    public HttpVersion version() {
        return head.minorVersion() == 1 ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
    }

    @Override
    public String host() {
        if (host == null) {
            host = head.host();
        }
        return host;
    }

    @Override
    public String value(AsciiString name) {
        for (int i = 0; i < head.fieldCount(); i++) {
            if (head.nameIs(i, name)) {
                return head.value(i);
            }
        }
        return null;
    }

    @Override
    public int count(AsciiString name) {
        int count = 0;
        for (int i = 0; i < head.fieldCount(); i++) {
            if (head.nameIs(i, name)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public List<String> values(AsciiString name) {
        List<String> values = List.of();
        for (int i = 0; i < head.fieldCount(); i++) {
            if (head.nameIs(i, name)) {
                if (values.isEmpty()) {
                    values = new ArrayList<>(2);
                }
                values.add(head.value(i));
            }
        }
        return values;
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public boolean chunked() {
        return head.transferEncodings() > 0 && head.chunked();
    }

    @Override
    public boolean upgrade() {
        return head.connectionUpgrade() && value(HttpHeaderNames.UPGRADE) != null;
    }

    @Override
    public boolean persistent() {
        return head.persistent();
    }

    @Override
    public HttpHeaders headers() {
        if (decoded == null) {
            decoded = head.decode(i -> true);
        }
        return decoded;
    }

    @Override
    public void writeFields(ByteBuf out, boolean upgrade) {
        if (decoded != null) {
            NettyRequestHead.writeFields(out, decoded, upgrade);
            return;
        }
        for (int i = 0; i < head.fieldCount(); i++) {
            if (!HopByHop.named(head, i, upgrade) && !ForwardedHeaders.named(head, i)) {
                head.writeFieldLine(out, i);
            }
        }
        if (upgrade) {
            out.writeBytes(Http1Wire.CONNECTION_UPGRADE);
        }
    }
}
