package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;

/**
 * A request head for an HTTP/1.1 backend, written as bytes by the backend connection's codec
 * ({@link UpstreamHttp1Connection}) each time it is sent (a retry sends it again to another endpoint): the request line
 * with the routed path, the client's end-to-end fields ({@link RequestHead#writeFields}),
 * {@code Transfer-Encoding: chunked} when the body is, or the {@code Content-Length} of a chunked body reseau received
 * whole ({@code bufferedLength}, -1 otherwise), then reseau's forwarded fields and the X-Request-ID it made
 * ({@code newRequestId}, null when the client sent its own or none is made). The backend's response head may take
 * up to {@code maxResponseHead} bytes (the route's {@code proxy-buffer-size}).
 */
record UpstreamHttp1Request(HttpMethod method, String pathAndQuery, RequestHead client, boolean chunked,
        boolean upgrade, ClientInfo connection, String host, String newRequestId, int maxResponseHead,
        long bufferedLength) {

    /** This request with its chunked body received whole ({@code proxy-request-buffering}): sent with its length. */
    UpstreamHttp1Request withBufferedBody(long length) {
        return new UpstreamHttp1Request(method, pathAndQuery, client, false, upgrade, connection, host, newRequestId,
                maxResponseHead, length);
    }

    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    void write(ByteBuf out) {
        ByteBufUtil.writeAscii(out, method.asciiName());
        out.writeByte(' ');
        out.writeCharSequence(pathAndQuery, StandardCharsets.UTF_8);
        out.writeBytes(VERSION);
        client.writeFields(out, upgrade);
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
