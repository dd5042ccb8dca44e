package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.reseau.ingress.model.UpstreamHttp;
import java.nio.charset.StandardCharsets;

/**
 * A request head for an HTTP/1.1 backend, written as bytes by the backend connection's codec
 * ({@link UpstreamHttp1Connection}) each time it is sent (a retry sends it again to another endpoint): the request line
 * with the routed path, the client's end-to-end fields ({@link RequestHead#writeFields}),
 * {@code Transfer-Encoding: chunked} when the body is, or the {@code Content-Length} of a chunked body reseau received
 * whole ({@code bufferedLength}, -1 otherwise), then reseau's forwarded fields and the X-Request-ID it made
 * ({@code newRequestId}, null when the client sent its own or none is made). The backend's response head may take
 * up to {@code maxResponseHead} bytes (the route's {@code proxy-buffer-size}). The request line's version and the
 * Connection field are the route's ({@code http}: {@code proxy-http-version}, {@code connection-proxy-header}) but for
 * an upgrade, which is asked over HTTP/1.1 with {@code Connection: upgrade}.
 */
record UpstreamHttp1Request(HttpMethod method, String pathAndQuery, RequestHead client, boolean chunked,
        boolean upgrade, ClientInfo connection, String host, String newRequestId, int maxResponseHead,
        long bufferedLength, UpstreamHttp http) implements UpstreamRequestHead {

    @Override
    public UpstreamHttp1Request withBufferedBody(long length) {
        return new UpstreamHttp1Request(method, pathAndQuery, client, false, upgrade, connection, host, newRequestId,
                maxResponseHead, length, http);
    }

    /** A chunked body over HTTP/1.0. */
    @Override
    public boolean needsLength() {
        return chunked && http10();
    }

    private boolean http10() {
        return http.http10() && !upgrade;
    }

    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION_1_0 = " HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII);

    void write(ByteBuf out) {
        ByteBufUtil.writeAscii(out, method.asciiName());
        out.writeByte(' ');
        out.writeCharSequence(pathAndQuery, StandardCharsets.UTF_8);
        out.writeBytes(http10() ? VERSION_1_0 : VERSION);
        client.writeFields(out, upgrade);
        if (!upgrade && http.connection().isPresent()) {
            Http1Wire.writeField(out, HttpHeaderNames.CONNECTION, http.connection().get());
        }
        if (chunked) {
            out.writeBytes(Http1Wire.CHUNKED);
        } else if (bufferedLength >= 0) {
            Http1Wire.writeField(out, HttpHeaderNames.CONTENT_LENGTH, Long.toString(bufferedLength));
        }
        ForwardedHeaders.write(out, connection, host, client);
        if (newRequestId != null) {
            Http1Wire.writeField(out, RequestId.FIELD, newRequestId);
        }
        out.writeBytes(Http1Wire.CRLF);
    }
}
