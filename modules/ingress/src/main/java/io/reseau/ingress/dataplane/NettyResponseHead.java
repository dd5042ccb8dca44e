package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;

/** A response head held as a Netty object: reseau's own answers, and what HTTP/2 backends send. */
final class NettyResponseHead implements ResponseHead {

    private final HttpResponse response;
    private final boolean persistent;

    private NettyResponseHead(HttpResponse response, boolean persistent) {
        this.response = response;
        this.persistent = persistent;
    }

    /** An answer reseau makes itself, its fields as they are. */
    static NettyResponseHead local(HttpResponse response) {
        return new NettyResponseHead(response, false);
    }

    /**
     * A backend's response: its hop-by-hop fields, an HTTP/2 backend's conversion fields and the {@code hidden}
     * fields are removed.
     */
    static NettyResponseHead fromBackend(HttpResponse response, boolean http2Backend, HiddenFields hidden) {
        boolean persistent = HopByHop.keepAlive(response);
        HopByHop.strip(response.headers(), false, false);
        hidden.removeFrom(response.headers());
        if (http2Backend) {
            HopByHop.stripConversionHeaders(response.headers());
        }
        return new NettyResponseHead(response, persistent);
    }

    @Override
    public int status() {
        return response.status().code();
    }

    @Override
    public long contentLength() {
        return HttpUtil.getContentLength(response, -1L);
    }

    @Override
    public boolean persistent() {
        return persistent;
    }

    @Override
    public String value(AsciiString lowercase) {
        return response.headers().get(lowercase);
    }

    @Override
    public HttpHeaders headers() {
        return response.headers();
    }

    @Override
    public void addIfAbsent(AsciiString lowercase, String value) {
        if (!response.headers().contains(lowercase)) {
            response.headers().set(lowercase, value);
        }
    }

    @Override
    public void writeHttp1(ByteBuf out, boolean http10, boolean upgrade) {
        out.writeBytes(http10 ? Http1Wire.HTTP_1_0 : Http1Wire.HTTP_1_1);
        ByteBufUtil.writeAscii(out, response.status().codeAsText());
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, response.status().reasonPhrase());
        out.writeBytes(Http1Wire.CRLF);
        Http1Wire.writeFields(out, response.headers());
    }

    @Override
    public Http2Headers http2Headers() {
        return converted(response.status().code(), response.headers());
    }

    /** A header block of this status and these fields, converted by Netty. */
    static Http2Headers converted(int status, HttpHeaders fields) {
        Http2Headers out = new DefaultHttp2Headers(false);
        out.status(HttpResponseStatus.valueOf(status).codeAsText());
        HttpConversionUtil.toHttp2Headers(fields, out);
        return out;
    }
}
