package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The responses reseau-ingress writes itself: errors with a one-line reason, and redirects. */
final class LocalResponses {

    private LocalResponses() {
    }

    static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String reason) {
        ByteBuf body = alloc.buffer();
        body.writeCharSequence(status.code() + " " + status.reasonPhrase() + ": " + reason + "\n",
                StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /** 401 asking for basic authentication in {@code realm}. */
    static FullHttpResponse unauthorized(ByteBufAllocator alloc, String realm) {
        FullHttpResponse response = error(alloc, HttpResponseStatus.UNAUTHORIZED, "authentication required");
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\", charset=\"UTF-8\"");
        return response;
    }

    /** An authentication service's refusal: a redirect to sign in, 401 with its challenge, 403, or 500. */
    static FullHttpResponse refusal(ByteBufAllocator alloc, int status, Optional<String> location,
            Optional<String> challenge) {
        if (location.isPresent()) {
            return redirect(alloc, status, location.get());
        }
        FullHttpResponse response = error(alloc, HttpResponseStatus.valueOf(status), switch (status) {
            case 401 -> "authentication required";
            case 403 -> "the authentication service refused the request";
            default -> "the authentication service failed";
        });
        challenge.ifPresent(value -> response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, value));
        return response;
    }

    static FullHttpResponse redirect(ByteBufAllocator alloc, int status, String location) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), alloc.buffer(0));
        response.headers().set(HttpHeaderNames.LOCATION, location);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    static FullHttpResponse empty(ByteBufAllocator alloc, HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, alloc.buffer(0));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }
}
