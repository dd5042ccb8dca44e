package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request head held as a Netty object: an HTTP/2 request once its fields are edited ({@link Http2RequestHead}), or
 * a stand-in for a head that could not be read (malformed, or not received in time), which names no field.
 */
final class NettyRequestHead implements RequestHead {

    /** Stands for a request whose head never arrived whole, to answer it {@code 408}. */
    static final NettyRequestHead TIMED_OUT = new NettyRequestHead(
            new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), Optional.empty(), 0);

    private final HttpRequest request;
    private final Optional<RequestChecks.Refusal> unreadable;
    private final long length;

    private NettyRequestHead(HttpRequest request, Optional<RequestChecks.Refusal> unreadable, long length) {
        this.request = request;
        this.unreadable = unreadable;
        this.length = length;
    }

    /** A request received as {@code length} bytes ({@link #length()}). */
    static NettyRequestHead of(HttpRequest request, long length) {
        return new NettyRequestHead(request, Optional.empty(), length);
    }

    /** Stands for a head refused before it could be read. */
    static NettyRequestHead unreadable(RequestChecks.Refusal refusal) {
        return new NettyRequestHead(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"),
                Optional.of(refusal), 0);
    }

    @Override
    public Optional<RequestChecks.Refusal> unreadable() {
        return unreadable;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public HttpMethod method() {
        return request.method();
    }

    @Override
    public String target() {
        return request.uri();
    }

    @Override
    public HttpVersion version() {
        return request.protocolVersion();
    }

    @Override
    public String host() {
        return request.headers().get(HttpHeaderNames.HOST);
    }

    @Override
    public String value(AsciiString name) {
        return request.headers().get(name);
    }

    @Override
    public List<String> values(AsciiString name) {
        // Most requests have none of the fields asked for (Transfer-Encoding): no list made for them.
        HttpHeaders headers = request.headers();
        return headers.contains(name) ? headers.getAll(name) : List.of();
    }

    @Override
    public int count(AsciiString name) {
        // Counted without making the list of values as strings that getAll returns.
        int count = 0;
        Iterator<? extends CharSequence> values = request.headers().valueCharSequenceIterator(name);
        for (; values.hasNext(); values.next()) {
            count++;
        }
        return count;
    }

    @Override
    public long contentLength() {
        return HttpUtil.getContentLength(request, -1L);
    }

    @Override
    public boolean chunked() {
        return HopByHop.chunked(request);
    }

    @Override
    public boolean upgrade() {
        return request.headers().contains(HttpHeaderNames.UPGRADE)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    @Override
    public boolean persistent() {
        return HopByHop.keepAlive(request);
    }

    @Override
    public HttpHeaders headers() {
        return request.headers();
    }

    @Override
    public void writeFields(ByteBuf out, boolean upgrade) {
        writeFields(out, request.headers(), upgrade);
    }

    /** Writes decoded fields: the hop-by-hop ones stripped first, the client's forwarded ones left out. */
    static void writeFields(ByteBuf out, HttpHeaders fields, boolean upgrade) {
        HopByHop.strip(fields, upgrade, false);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = fields.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            if (!ForwardedHeaders.named(field.getKey())) {
                Http1Wire.writeField(out, field.getKey(), field.getValue());
            }
        }
    }
}
