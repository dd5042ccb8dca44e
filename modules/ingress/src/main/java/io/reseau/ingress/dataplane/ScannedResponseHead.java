package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.codec.http2.ReadOnlyHttp2Headers;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response head as an HTTP/1.1 backend sent it, scanned by {@link Http1Head}: written to an HTTP/1.1 client as
 * the lines received, leaving out the hop-by-hop ones. Once someone asks for {@link #headers()} (to add CORS or
 * a cookie, or for an HTTP/2 client), the fields are decoded and written from there.
 */
final class ScannedResponseHead implements ResponseHead {

    /** The fields Netty's conversion leaves out besides the hop-by-hop ones: Host, and those it reads itself. */
    private static final List<AsciiString> NOT_HTTP2 = List.of(HttpHeaderNames.HOST,
            HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text(),
            HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), HttpConversionUtil.ExtensionHeaderNames.PATH.text());

    private final Http1Head head;
    private HttpHeaders decoded;
    /** Fields reseau adds ({@link #addIfAbsent}), written after the received ones; null when none. */
    private List<Map.Entry<AsciiString, String>> added;

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

    /** Once the fields are decoded, from them: an edit (such as compressing the body) may have removed it. */
    @Override
    public long contentLength() {
        if (decoded != null) {
            String length = decoded.get(HttpHeaderNames.CONTENT_LENGTH);
            return length == null ? -1 : Long.parseLong(length);
        }
        return head.transferEncodings() > 0 ? -1 : head.contentLength();
    }

    @Override
    public boolean persistent() {
        return head.persistent();
    }

    @Override
    public String value(AsciiString lowercase) {
        if (decoded != null) {
            return decoded.get(lowercase);
        }
        for (int i = 0; i < head.fieldCount(); i++) {
            if (head.nameIs(i, lowercase) && endToEnd(i, false)) {
                return head.value(i);
            }
        }
        return null;
    }

    @Override
    public HttpHeaders headers() {
        if (decoded == null) {
            decoded = head.decode(i -> endToEnd(i, false));
            if (added != null) {
                added.forEach(field -> decoded.set(field.getKey(), field.getValue()));
                added = null;
            }
        }
        return decoded;
    }

    @Override
    public void addIfAbsent(AsciiString lowercase, String value) {
        if (decoded != null) {
            if (!decoded.contains(lowercase)) {
                decoded.set(lowercase, value);
            }
            return;
        }
        for (int i = 0; i < head.fieldCount(); i++) {
            if (head.nameIs(i, lowercase)) {
                return;
            }
        }
        if (added == null) {
            added = new ArrayList<>(1);
        }
        for (Map.Entry<AsciiString, String> field : added) {
            if (field.getKey().equals(lowercase)) {
                return;
            }
        }
        added.add(Map.entry(lowercase, value));
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
        if (added != null) {
            added.forEach(field -> Http1Wire.writeField(out, field.getKey(), field.getValue()));
        }
    }

    /**
     * Unless the fields were decoded (and perhaps edited), straight from the scanned ones into a read-only block: one
     * array of names and values rather than Netty's table of an entry per field, a tenth of what an HTTP/2 request
     * allocated.
     */
    @Override
    public Http2Headers http2Headers() {
        if (decoded != null) {
            return NettyResponseHead.converted(status(), decoded);
        }
        int count = 0;
        for (int i = 0; i < head.fieldCount(); i++) {
            if (http2Field(i)) {
                count++;
            }
        }
        AsciiString[] fields = new AsciiString[2 * (count + (added == null ? 0 : added.size()))];
        int n = 0;
        for (int i = 0; i < head.fieldCount(); i++) {
            if (http2Field(i)) {
                fields[n++] = head.lowercaseNameBytes(i);
                fields[n++] = head.valueBytes(i);
            }
        }
        if (added != null) {
            for (Map.Entry<AsciiString, String> field : added) {
                fields[n++] = field.getKey();
                fields[n++] = AsciiString.of(field.getValue());
            }
        }
        return ReadOnlyHttp2Headers.serverHeaders(false, HttpResponseStatus.valueOf(status()).codeAsText(), fields);
    }

    private boolean http2Field(int i) {
        return endToEnd(i, false) && !head.nameIsOneOf(i, NOT_HTTP2);
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
